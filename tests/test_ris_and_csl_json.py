"""RIS and CSL-JSON, out and in: /publications.ris and /publications.json (and
per paper, and per filter) written from the one record of each publication;
both read back through the import preview. The CSL-JSON validates against the
CSL data schema (tests/data/schemas/, source named there); the RIS is read back
with rispy; export, import and export again give the same text."""

import io
import json
import re
from pathlib import Path

import pytest
import rispy
from django.core.management import CommandError, call_command
from django.urls import reverse

from portfolio.importing.references import NoReferences, format_of, import_references
from portfolio.publications.models import Author, Publication, PublicationLink
from portfolio.publications.records import record_of

from .factories import make_author, make_publication

DATA = Path(__file__).parent / "data"
SCHEMA = DATA / "schemas" / "csl-data.json"


@pytest.fixture(scope="module")
def csl_schema():
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def text_of(client, name, *args) -> str:
    response = client.get(reverse(f"publications:{name}", args=args))
    assert response.status_code == 200, name
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def published():
    return Publication.objects.published().in_cv_order().for_list(tags=True)


@pytest.fixture
def marked(db):
    """A paper with everything the formats carry: math, marks, a note, a multi-line
    abstract, topics, and identifiers and links of several kinds."""
    first = make_author(given_name="Ada", family_name="Lovelace")
    second = make_author(given_name="", family_name="The ATLAS Collaboration")
    third = make_author(given_name="Jan", family_name="van der Berg")
    return make_publication(
        title="Sparse $\\ell_1$ routing: a study",
        slug="sparse-l1-routing",
        citation_key="lovelace2021sparse",
        kind=Publication.Kind.WORKSHOP,
        venue="ICML Workshop on Efficient Systems",
        venue_short="ES-FoMo",
        note="Oral",
        year=2021,
        month=7,
        abstract="We route *sparsely*.\n\nIt costs $O(n \\log n)$.",
        authors=[first, second, third],
        tags=["Routing", "Efficient inference"],
        links=[
            (PublicationLink.Kind.PDF, "https://example.org/sparse.pdf"),
            (PublicationLink.Kind.ARXIV, "https://arxiv.org/abs/2107.01234"),
            (PublicationLink.Kind.DOI, "https://doi.org/10.1000/Sparse.1"),
            (PublicationLink.Kind.PUBMED, "https://pubmed.ncbi.nlm.nih.gov/31452104/"),
            (PublicationLink.Kind.CODE, "https://github.com/ada/sparse"),
        ],
    )


def mark_authors(publication):
    authorships = list(publication.authorships.order_by("position"))
    authorships[0].equal_contribution = authorships[1].equal_contribution = True
    authorships[2].corresponding = True
    for authorship in authorships:
        authorship.save()


# --- Out -----------------------------------------------------------------------------


def test_csl_json_of_the_sample_cv_is_valid_against_the_csl_schema(client, cv, csl_schema):
    items = json.loads(text_of(client, "list_csl"))
    assert len(items) == published().count() > 3
    errors = [f"{list(e.path)}: {e.message}" for e in csl_schema.iter_errors(items)]
    assert errors == []
    for publication in published():
        one = json.loads(text_of(client, "csl", publication.slug))
        assert list(csl_schema.iter_errors(one)) == []
        assert one[0]["title"] == publication.title


def test_csl_json_holds_authors_in_order_identifiers_and_the_sites_extras(client, marked):
    mark_authors(marked)
    [item] = json.loads(text_of(client, "csl", marked.slug))
    assert item["id"] == item["citation-key"] == "lovelace2021sparse"
    assert item["type"] == "paper-conference"
    assert item["author"] == [
        {"family": "Lovelace", "given": "Ada"},
        {"literal": "The ATLAS Collaboration"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
    ]
    assert item["issued"] == {"date-parts": [[2021, 7]]}
    assert (item["container-title"], item["container-title-short"]) == (
        "ICML Workshop on Efficient Systems", "ES-FoMo"
    )  # fmt: skip
    assert (item["DOI"], item["PMID"]) == ("10.1000/Sparse.1", "31452104")
    assert item["URL"] == "https://example.org/sparse.pdf"
    assert item["keyword"] == "Efficient inference, Routing"
    assert item["custom"]["kind"] == "workshop"
    assert item["custom"]["equal-contribution"] == [1, 2]
    assert item["custom"]["corresponding"] == [3]
    assert [link["kind"] for link in item["custom"]["links"]] == [
        "pdf", "arxiv", "doi", "pubmed", "code"
    ]  # fmt: skip


def test_ris_keeps_authors_in_order_and_reads_back_with_rispy(client, cv):
    text = text_of(client, "list_ris")
    entries = rispy.loads(text)
    publications = list(published())
    assert len(entries) == len(publications)
    for entry, publication in zip(entries, publications, strict=True):
        record = record_of(publication)
        assert entry["title"] == record.title
        assert entry["id"] == publication.citation_key
        expected = [f"{f}, {g}" if g else f for g, f in record.authors]
        assert entry.get("authors", []) == expected
        assert entry["year"] == str(publication.year)
        assert entry.get("doi", "") == record.doi
        assert entry.get("keywords", []) == record.topics


def test_ris_types_and_lines(client, marked):
    text = text_of(client, "ris", marked.slug)
    assert text.startswith("TY  - CONF\nID  - lovelace2021sparse\n")
    assert "AU  - Lovelace, Ada\nAU  - The ATLAS Collaboration\nAU  - van der Berg, Jan\n" in text
    assert "DA  - 2021/07//\n" in text
    assert "T2  - ICML Workshop on Efficient Systems\nJ2  - ES-FoMo\nN1  - Oral\n" in text
    # One line: the abstract's paragraphs are joined.
    assert "AB  - We route *sparsely*. It costs $O(n \\log n)$.\n" in text
    assert "DO  - 10.1000/Sparse.1\n" in text
    assert "UR  - https://doi.org" not in text  # the DOI is DO, not a UR too
    assert text.endswith("UR  - https://github.com/ada/sparse\nER  - \n\n")


def test_the_formats_have_their_media_types_and_file_names(client, marked):
    for name, media_type, extension in (
        ("ris", "application/x-research-info-systems", "ris"),
        ("csl", "application/vnd.citationstyles.csl+json", "json"),
        ("bibtex", "application/x-bibtex", "bib"),
    ):
        response = client.get(reverse(f"publications:{name}", args=[marked.slug]))
        assert response["Content-Type"] == f"{media_type}; charset=utf-8"
        assert (
            response["Content-Disposition"] == f'inline; filename="sparse-l1-routing.{extension}"'
        )
        listed = client.get(reverse(f"publications:list_{name}"))
        assert listed["Content-Disposition"] == f'inline; filename="publications.{extension}"'


def test_a_filters_list_exports_only_that_filters_publications(client, cv):
    topic = Publication.objects.published().filter(tags__isnull=False).first().tags.first()
    expected = published().filter(tags__slug=topic.slug).count()
    ris = text_of(client, "topic_ris", topic.slug)
    assert len(rispy.loads(ris)) == expected
    assert len(json.loads(text_of(client, "topic_csl", topic.slug))) == expected
    assert client.get(reverse("publications:topic_ris", args=["no-such-topic"])).status_code == 404


def test_a_hidden_publication_is_in_no_export(client, marked):
    make_publication(title="A Secret Draft", slug="secret", is_published=False)
    for name in ("list_ris", "list_csl", "list_bibtex"):
        assert "Secret" not in text_of(client, name)
    for name in ("ris", "csl"):
        assert client.get(reverse(f"publications:{name}", args=["secret"])).status_code == 404


def test_a_renamed_papers_old_addresses_redirect(client, marked):
    marked.slug = "sparse-l1-routing-study"
    marked.save()
    for name, extension in (("ris", "ris"), ("csl", "json")):
        response = client.get(f"/publications/sparse-l1-routing.{extension}")
        assert response.status_code == 301
        assert response["Location"] == reverse(f"publications:{name}", args=[marked.slug])


def test_the_paper_page_and_the_cv_link_every_format(client, marked):
    page = client.get(marked.get_absolute_url()).content.decode()
    for name in ("bibtex", "ris", "csl"):
        assert reverse(f"publications:{name}", args=[marked.slug]) in page
    cv = client.get(reverse("website:cv")).content.decode()
    for name in ("list_bibtex", "list_ris", "list_csl"):
        assert reverse(f"publications:{name}") in cv


def test_the_static_build_writes_the_same_files(cv, tmp_path):
    folder = tmp_path / "site"
    call_command("build_site", str(folder), base_url="https://example.org/", stdout=io.StringIO())
    assert len(rispy.loads((folder / "publications.ris").read_text(encoding="utf-8"))) > 3
    assert json.loads((folder / "publications.json").read_text(encoding="utf-8"))
    paper = published().first()
    assert (folder / "publications" / f"{paper.slug}.ris").is_file()
    assert (folder / "publications" / f"{paper.slug}.json").is_file()
    topic = paper.tags.first() if paper.tags.exists() else None
    if topic:
        assert (folder / "publications" / "topic" / f"{topic.slug}.ris").is_file()


# --- Export, import, export ------------------------------------------------------------


def empty_the_publications():
    Publication.objects.all().delete()
    Author.objects.all().delete()


@pytest.mark.parametrize("name", ["list_ris", "list_csl"])
def test_export_import_export_gives_the_same_text(client, cv, marked, name):
    mark_authors(marked)
    make_publication(
        title="Routing, the book", slug="routing-book", kind=Publication.Kind.BOOK,
        venue="Northfield Press", year=2022, authors=[marked.ordered_authors()[0]],
    )  # fmt: skip
    first = text_of(client, name)
    count = published().count()
    kinds = sorted(published().values_list("kind", flat=True))
    empty_the_publications()
    outcomes = import_references(first)
    assert [o.message for o in outcomes if o.is_error] == []
    assert published().count() == count
    assert sorted(published().values_list("kind", flat=True)) == kinds
    book = Publication.objects.get(title="Routing, the book")
    assert (book.kind, book.venue) == (Publication.Kind.BOOK, "Northfield Press")
    assert text_of(client, name) == first


def test_a_csl_json_import_keeps_kind_marks_note_and_links(client, marked):
    mark_authors(marked)
    text = text_of(client, "list_csl")
    empty_the_publications()
    import_references(text)
    paper = Publication.objects.get()
    assert (paper.kind, paper.note, paper.citation_key) == (
        "workshop",
        "Oral",
        "lovelace2021sparse",
    )
    marks = [
        (a.equal_contribution, a.corresponding) for a in paper.authorships.order_by("position")
    ]
    assert marks == [(True, False), (True, False), (False, True)]
    assert [link.kind for link in paper.links.order_by("order", "pk")] == [
        "pdf", "arxiv", "doi", "pubmed", "code"
    ]  # fmt: skip
    assert sorted(paper.tags.names()) == ["Efficient inference", "Routing"]


def test_importing_an_export_twice_finds_every_publication_already_here(client, marked):
    for name in ("list_ris", "list_csl"):
        outcomes = import_references(text_of(client, name), dry_run=True)
        assert [o.action for o in outcomes] == ["skipped"]


# --- In: other tools' files and bad input -------------------------------------------------


BOOKS_RIS = """TY  - {type}
TI  - A {type}
PY  - 2020
T2  - A Series
PB  - Northfield Press
ER  -
"""


@pytest.mark.parametrize(
    ("ris_type", "kind", "venue"),
    [
        ("BOOK", "book", "Northfield Press"),
        ("EBOOK", "book", "Northfield Press"),
        ("EDBOOK", "book", "Northfield Press"),
        ("CHAP", "chapter", "A Series"),
        ("ECHAP", "chapter", "A Series"),
    ],
)
def test_a_ris_book_is_a_book_by_its_publisher_and_a_chapter_a_chapter(db, ris_type, kind, venue):
    outcomes = import_references(BOOKS_RIS.format(type=ris_type))
    assert [o.action for o in outcomes] == ["created"]
    paper = Publication.objects.get()
    assert (paper.kind, paper.venue) == (kind, venue)


def test_an_endnote_ris_file_comes_in(db):
    outcomes = import_references((DATA / "ris" / "endnote.ris").read_text(encoding="utf-8"))
    assert [o.action for o in outcomes] == ["created"]
    paper = Publication.objects.get()
    assert paper.title == "EndNote: The Only Reference I Can Remember"
    assert (paper.kind, paper.year, paper.venue) == (
        "journal",
        2024,
        "Journal of Reference Management",
    )
    assert [a.name for a in paper.ordered_authors()] == [
        "A. Nonymous Smith", "J. Doe", "N. Ote End", "E. Rence Ref"
    ]  # fmt: skip
    assert paper.doi == "10.1234/endnote.joke.2024"


def test_a_zotero_style_csl_json_item_without_the_sites_extras_comes_in(db):
    item = {
        "id": "http://zotero.org/users/1/items/ABCD1234",
        "type": "article-journal",
        "title": "Deep learning",
        "container-title": "Nature",
        "author": [{"family": "LeCun", "given": "Yann"}, {"family": "Bengio", "given": "Yoshua"}],
        "issued": {"date-parts": [["2015", "5", "28"]]},
        "DOI": "10.1038/nature14539",
        "URL": "https://www.nature.com/articles/nature14539",
    }
    outcomes = import_references(json.dumps([item]))
    assert [o.action for o in outcomes] == ["created"]
    paper = Publication.objects.get()
    assert (paper.kind, paper.year, paper.month, paper.doi) == (
        "journal", 2015, 5, "10.1038/nature14539"
    )  # fmt: skip
    assert not paper.citation_key.startswith("http")


BAD_RIS = """TY  - JOUR
TI  - A good one
AU  - Doe, Jane
PY  - 2020
ER  -

TY  - JOUR
AU  - Doe, Jane
PY  - 2020
ER  -

TY  - CONF
TI  - No end
PY  - 2021
TY  - JOUR
TI  - Without a year
ER  -
"""


def test_a_malformed_ris_reference_is_named_by_its_line_and_the_rest_previewed(db):
    outcomes = import_references(BAD_RIS, dry_run=True)
    got = [(o.line, o.action, o.message) for o in outcomes]
    assert (1, "created", "") in [
        (line, action, "") for line, action, _ in got if action != "error"
    ]
    errors = {o.line: o.message for o in outcomes if o.is_error}
    assert errors == {
        7: "no title (TI)",
        12: "has no end (a line ER  - ) before the next reference or the file's end",
        15: "no year (PY, Y1 or DA)",
    }
    assert not Publication.objects.exists()


BAD_CSL = json.dumps(
    [
        {"id": "a", "type": "article-journal", "title": "Fine",
         "issued": {"date-parts": [[2020]]}},
        {"id": "b", "type": "article-journal", "issued": {"date-parts": [[2020]]}},
        {"id": "c", "type": "book", "title": "No date"},
        {"id": "d", "type": "chapter", "title": ["T"], "issued": {"date-parts": [[2019]]},
         "author": "not a list of names"},
    ]
)  # fmt: skip


def test_a_malformed_csl_json_item_is_named_by_its_place_and_the_rest_previewed(db):
    outcomes = import_references(BAD_CSL, dry_run=True)
    assert [(o.line, o.action) for o in outcomes if not o.is_error] == [
        (1, "created"),
        (4, "created"),
    ]
    errors = {o.line: o.message for o in outcomes if o.is_error}
    assert set(errors) == {2, 3}
    assert "has no title" in errors[2] and "has no year" in errors[3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"type": "book", "title": "x",}]', "This is not JSON (line 1, column"),
        ('{"model": "publications.publication"}', "each with a type and a title"),
        ("Just some words.", "No references found"),
    ],
)
def test_text_that_is_no_format_is_a_clear_error(db, text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        format_of(text)


def test_the_import_command_reads_ris_and_csl_json(tmp_path, db):
    path = tmp_path / "refs.ris"
    path.write_text(BAD_RIS, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="3 entries could not be imported"):
        call_command("import_references", str(path), stdout=out, stderr=err)
    assert "line    7 " in err.getvalue() and "no title (TI)" in err.getvalue()
    assert Publication.objects.get().title == "A good one"
    path = tmp_path / "refs.json"
    path.write_text(BAD_CSL, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_references", str(path), stdout=io.StringIO(), stderr=err)
    assert "item    2 " in err.getvalue()
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="This is not JSON"):
        call_command("import_references", str(path), stdout=io.StringIO())


def test_the_admin_previews_then_imports_a_ris_upload(admin_client, marked):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:publications_publication_import_bibtex")
    upload = SimpleUploadedFile("refs.ris", BAD_RIS.encode())
    page = admin_client.post(url, {"file": upload, "preview": "1"}).content.decode()
    assert "Preview:" in page and "no title (TI)" in page
    assert Publication.objects.count() == 1
    response = admin_client.post(url, {"text": BAD_RIS, "confirm": "1"})
    assert response.status_code == 302
    assert Publication.objects.filter(title="A good one").exists()
    csl = json.dumps([{"type": "book", "title": "A CSL Book", "issued": {"date-parts": [[2001]]}}])
    page = admin_client.post(url, {"text": csl, "preview": "1"}).content.decode()
    assert '<th scope="col">Item</th>' in page and "A CSL Book" in page
    with pytest.raises(NoReferences):
        format_of("nothing")
