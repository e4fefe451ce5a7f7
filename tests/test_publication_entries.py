"""Long publication lists render each entry once, and again only when its rows
change (portfolio.publications.entries)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from portfolio.publications import entries as entries_module
from portfolio.publications.entries import entries, fragments
from portfolio.publications.models import Author, Publication, PublicationLink

from .factories import make_author, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    fragments.clear()
    owner = make_author(given_name="Ada", family_name="Researcher", is_owner=True)
    coauthor = make_author(given_name="Basil", family_name="Coauthor")
    papers = [
        make_publication(
            authors=[owner, coauthor] if i % 2 else [owner],
            title=f"Paper number {i}",
            abstract=f"We *study* case {i}.",
            links=[
                (PublicationLink.Kind.ARXIV, f"https://arxiv.org/abs/2101.{i:05d}"),
                (PublicationLink.Kind.DOI, f"https://doi.org/10.1000/x{i}"),
                (PublicationLink.Kind.CODE, f"https://example.org/code/{i}"),
            ],
            year=2000 + i,
            month=i % 12 + 1,
            venue="Conference on Things",
            venue_short="CoT" if i % 3 else "",
            note="Oral" if i % 4 == 0 else "",
        )
        for i in range(12)
    ]
    yield papers
    fragments.clear()


@pytest.fixture
def renders(monkeypatch):
    calls = []
    original = entries_module.entry

    def counting(row, *args):
        calls.append(row[2])
        return original(row, *args)

    monkeypatch.setattr(entries_module, "entry", counting)
    return calls


@pytest.mark.parametrize(
    "template", ["includes/publication_item.html", "includes/cv_publication.html"]
)
def test_an_entry_renders_as_the_publication_itself_does(many, template):
    queryset = Publication.objects.published()
    rendered = {item.pk: item.html for item in entries(queryset, template)}
    for publication in queryset.with_related():
        assert rendered[publication.pk] == render_to_string(template, {"publication": publication})


def test_one_edit_renders_one_entry_again(many, renders):
    client = Client()
    client.get("/publications/")
    assert len(renders) == 12
    renders.clear()
    client.get("/publications/")
    assert renders == []
    Publication.objects.filter(pk=many[3].pk).update(title="A New Title")
    response = client.get("/publications/")
    assert renders == ["A New Title"]
    assert "A New Title" in response.content.decode()


def test_a_renamed_coauthor_renders_their_entries_again(many, renders):
    client = Client()
    client.get("/publications/")
    renders.clear()
    Author.objects.filter(family_name="Coauthor").update(family_name="Renamed")
    body = Client().get("/publications/").content.decode()
    assert len(renders) == 6  # the papers with the co-author, and only those
    assert body.count("Basil Renamed") == 6


def test_link_changes_render_the_entry_again(many, renders):
    client = Client()
    client.get("/cv/")
    renders.clear()
    PublicationLink.objects.filter(url="https://arxiv.org/abs/2101.00005").update(
        url="https://arxiv.org/abs/2202.00005"
    )
    body = client.get("/cv/").content.decode()
    assert len(renders) == 1 and "arXiv:2202.00005" in body


def test_the_store_is_bounded():
    from portfolio.pagecache.lru import SizedLRU

    store = SizedLRU(100)
    for i in range(50):
        store.put(i, "x" * 10)
    assert store.size <= 100 and len(store.items) == 10
    assert store.get(0) is None and store.get(49) == "x" * 10


def test_rows_export_as_the_publications_themselves_do(many):
    from portfolio.publications.bibtex import to_bibtex
    from portfolio.publications.rows import publication_rows

    queryset = Publication.objects.published().order_by("pk")
    rows = publication_rows(queryset, tags=True)
    for row, publication in zip(rows, queryset.with_related(), strict=True):
        assert to_bibtex(row) == to_bibtex(publication)
        assert row.get_absolute_url() == publication.get_absolute_url()
        assert row.tag_names == sorted(tag.name for tag in publication.tags.all())


def test_exports_are_sent_in_chunks_of_the_given_size():
    from portfolio.media.streaming import in_chunks

    pieces = ["é" * 10] * 10  # 20 bytes each in UTF-8
    chunks = list(in_chunks(pieces, size=50))
    assert [len(chunk) for chunk in chunks] == [60, 60, 60, 20]
    assert b"".join(chunks).decode() == "é" * 100
    assert list(in_chunks([])) == []
