"""One read model of a publication: the model's own display properties, read by
every list, page and export, and long lists read a chunk at a time."""

import pytest
from django.test import Client
from django.urls import reverse, set_script_prefix

from portfolio.publications import models as publication_models
from portfolio.publications.entries import entries
from portfolio.publications.models import Author, Publication, PublicationLink

from .factories import make_author, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    owner = make_author(given_name="Ada", family_name="Researcher", is_owner=True)
    coauthor = make_author(given_name="Basil", family_name="Coauthor")
    return [
        make_publication(
            authors=[owner, coauthor] if i % 2 else [owner],
            title=f"Paper number {i}",
            abstract=f"We *study* case {i}.",
            links=[
                (PublicationLink.Kind.ARXIV, f"https://arxiv.org/abs/2101.{i:05d}"),
                (PublicationLink.Kind.DOI, f"https://doi.org/10.1000/x{i}"),
                (PublicationLink.Kind.CODE, f"https://example.org/code/{i}"),
            ],
            tags=[f"topic {i % 3}"],
            year=2000 + i,
            month=i % 12 + 1,
            venue="Conference on Things",
            venue_short="CoT" if i % 3 else "",
            note="Oral" if i % 4 == 0 else "",
        )
        for i in range(12)
    ]


def test_a_publication_shows_its_venue_date_identifiers_and_authors(db):
    first, second = make_author(given_name="Ada", family_name="Lovelace"), make_author()
    paper = make_publication(
        authors=[first, second],
        venue="Conference on Things",
        year=2019,
        month=7,
        tags=["vision", "Optimisation"],
        links=[
            (PublicationLink.Kind.CODE, "https://example.org/code"),
            (PublicationLink.Kind.PDF, "https://example.org/paper.pdf"),
            (PublicationLink.Kind.ARXIV, "https://arxiv.org/abs/1412.6622v2"),
            (PublicationLink.Kind.DOI, "https://doi.org/10.1007/978-3-319-24261-3_7"),
        ],
    )
    for publication in (paper, Publication.objects.for_list().get(), *entries_of_one()):
        assert publication.venue_display == "Conference on Things"
        assert publication.date_display == "July 2019"
        assert publication.arxiv_id == "1412.6622"
        assert publication.doi == "10.1007/978-3-319-24261-3_7"
        assert publication.pdf_url == "https://example.org/paper.pdf"
        assert [link.caption for link in publication.link_list] == ["Code", "PDF", "arXiv", "DOI"]
        assert publication.ordered_authors() == [first, second]
        assert publication.author_names == f"Ada Lovelace, {second.name}"
        assert publication.topic_names == ["Optimisation", "vision"]
    Publication.objects.update(venue_short="CoT 2019", month=None)
    publication = Publication.objects.for_list().get()
    assert (publication.venue_display, publication.date_display) == ("CoT 2019", "2019")


def entries_of_one():
    return [next(Publication.objects.for_list(tags=True).chunks())]


@pytest.mark.parametrize("prefix", ["/", "/site/"])
def test_addresses_are_those_reverse_gives_under_any_script_prefix(db, prefix):
    author = make_author(slug="ada-lovelace")
    paper = make_publication(slug="a-paper", authors=[author])
    set_script_prefix(prefix)
    try:
        assert paper.get_absolute_url() == reverse("publications:detail", args=["a-paper"])
        assert author.get_absolute_url() == reverse("publications:author", args=["ada-lovelace"])
        assert paper.get_absolute_url().startswith(prefix)
    finally:
        set_script_prefix("/")


def test_a_long_list_is_read_a_chunk_at_a_time_in_order(
    many, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(publication_models, "CHUNK_SIZE", 5)
    queryset = Publication.objects.published().order_by("year")
    # One query for the list, read in three chunks, each with its authors and its
    # links: nothing else is read for any item (no column left out that it shows).
    with django_assert_num_queries(1 + 3 * 2):
        items = entries(queryset, "includes/publication_item.html")
    assert [item.pk for item in items] == [paper.pk for paper in many]
    assert [item.year for item in items] == list(range(2000, 2012))
    assert "Paper number 11" in items[-1].html and "Basil Coauthor" in items[-1].html


def test_exports_read_the_topics_with_the_chunk(many, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(publication_models, "CHUNK_SIZE", 5)
    with django_assert_num_queries(1 + 3 * 3):
        read = list(Publication.objects.for_list(tags=True).chunks())
        topics = [publication.topic_names for publication in read]
    assert len(read) == 12 and topics[0] == ["topic 2"]


def test_a_renamed_coauthor_shows_at_once_on_every_list(many):
    client = Client()
    client.get("/publications/")
    Author.objects.filter(family_name="Coauthor").update(family_name="Renamed")
    for path in ("/publications/", "/cv/", "/authors/basil-coauthor/"):
        author_path = path.replace("basil-coauthor", Author.objects.get(given_name="Basil").slug)
        assert client.get(author_path).content.decode().count("Basil Renamed") >= 6


def test_a_changed_link_shows_at_once(many):
    client = Client()
    client.get("/cv/")
    PublicationLink.objects.filter(url="https://arxiv.org/abs/2101.00005").update(
        url="https://arxiv.org/abs/2202.00005"
    )
    assert "arXiv:2202.00005" in client.get("/cv/").content.decode()
    assert "eprint = {2202.00005}" in client.get("/publications.bib").getvalue().decode()


def test_the_store_is_bounded():
    from portfolio.pagecache.lru import SizedLRU

    store = SizedLRU(100)
    for i in range(50):
        store.put(i, "x" * 10)
    assert store.size <= 100 and len(store.items) == 10
    assert store.get(0) is None and store.get(49) == "x" * 10


def test_exports_are_sent_in_chunks_of_the_given_size():
    from portfolio.media.streaming import in_chunks

    pieces = ["é" * 10] * 10  # 20 bytes each in UTF-8
    chunks = list(in_chunks(pieces, size=50))
    assert [len(chunk) for chunk in chunks] == [60, 60, 60, 20]
    assert b"".join(chunks).decode() == "é" * 100
    assert list(in_chunks([])) == []
