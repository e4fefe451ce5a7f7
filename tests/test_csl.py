"""CSL-JSON items made into records: the recorded answers of doi.org for Crossref
and DataCite DOIs (tests/data/recorded/), and, where no recording shows a case,
small items written here (they say so)."""

import json

import pytest

from portfolio.importing.markup import inline_text, markdown_text
from portfolio.importing.sources.csl import IncompleteItem, record_from_csl
from portfolio.publications.models import Publication, PublicationLink

from .replay import RECORDED

Kind = Publication.Kind
LinkKind = PublicationLink.Kind


def recorded_item(name: str) -> dict:
    item = json.loads((RECORDED / name).read_text(encoding="utf-8"))
    return item[0] if isinstance(item, list) else item  # manubot keeps a list of one


def test_a_crossref_journal_article():
    record = record_from_csl(
        recorded_item("crossref/10.1021_ja01577a030.citation-js.csl.json"),
        "10.1021/ja01577a030",
        3,
    )
    # The footnote mark of the title stays a superscript, as math.
    assert record.title == "Correlation of the Base Strengths of Amines$^{1}$"
    assert record.authors == [("H. K.", "Hall, Jr.")]
    # Issued in print in 1957, put online in 2002: the date counts.
    assert (record.year, record.month) == (1957, 10)
    assert (record.kind, record.venue, record.venue_short) == (
        Kind.JOURNAL,
        "Journal of the American Chemical Society",
        "J. Am. Chem. Soc.",
    )
    # Crossref's URL is the DOI again: one link.
    assert record.links == [(LinkKind.DOI, "https://doi.org/10.1021/ja01577a030")]
    assert (record.key, record.line, record.abstract, record.topics) == (
        "10.1021/ja01577a030",
        3,
        "",
        [],
    )


@pytest.mark.parametrize(
    "name",
    [
        "crossref/10.1126_science.169.3946.635.habanero-2026.csl.json",
        "crossref/10.1126_science.169.3946.635.rcrossref.csl.json",
    ],
)
def test_a_crossref_article_keeps_its_title_without_the_teaser_and_no_journal_subject(name):
    record = record_from_csl(recorded_item(name), "10.1126/science.169.3946.635", 1)
    assert record.title == "The Structure of Ordinary Water"
    assert (record.year, record.month, record.venue, record.venue_short) == (
        1970,
        8,
        "Science",
        "Science",
    )
    assert record.authors == [("Henry S.", "Frank")]
    # "Multidisciplinary" is Science's subject area, the same for every paper in it.
    assert record.topics == []


def test_a_jats_abstract_becomes_text():
    record = record_from_csl(
        recorded_item("crossref/10.1126_science.169.3946.635.habanero-2026.csl.json"), "x", 1
    )
    assert record.abstract.startswith("The train of thought pursued in this article")
    assert record.abstract.endswith("place in our conclusions.")
    assert "<" not in record.abstract


def test_a_medrxiv_preprint_is_a_preprint_on_its_server_with_its_authors_orcids():
    record = record_from_csl(
        recorded_item("crossref/10.1101_2021.08.15.21262067.citation-js.csl.json"),
        "10.1101/2021.08.15.21262067",
        1,
    )
    assert (record.kind, record.venue, record.venue_short) == (Kind.PREPRINT, "", "medRxiv")
    assert (record.year, record.month) == (2021, 8)
    assert len(record.authors) == 17
    assert record.authors[0] == ("David H.", "Canaday")
    assert len(record.author_orcids) == 17
    assert record.author_orcids[0] == "0000-0001-5503-7888"
    assert record.author_orcids[1] == ""
    # Crossref heads the abstract with the word "Abstract": it is not kept.
    assert record.abstract.startswith("High COVID-19 mortality among nursing home")
    assert record.links == [(LinkKind.DOI, "https://doi.org/10.1101/2021.08.15.21262067")]


def test_a_blog_post_is_other_kept_where_it_was_posted():
    record = record_from_csl(
        recorded_item("crossref/10.59350_hhtcn-zah03.citation-js.csl.json"), "x", 1
    )
    assert (record.kind, record.venue, record.year, record.month) == (
        Kind.OTHER,
        "chem-bla-ics",
        2006,
        11,
    )
    assert record.abstract.startswith("The Bioclipse Workshop is in progress, and Ola")
    assert record.author_orcids == ["0000-0001-7542-0286"]


def test_a_datacite_record_on_zenodo():
    record = record_from_csl(
        recorded_item("datacite/10.5281_zenodo.8242099.citation-js.csl.json"),
        "10.5281/zenodo.8242099",
        1,
    )
    assert record.title == "Shield bugs (nymphs)"
    assert record.authors == [("Lars", "Willighagen"), ("Vasily Georgievich", "Puchkov")]
    assert (record.kind, record.venue, record.year, record.month) == (
        Kind.OTHER,
        "Zenodo",
        2023,
        8,
    )
    assert record.links == [
        (LinkKind.DOI, "https://doi.org/10.5281/ZENODO.8242099"),
        (LinkKind.DATA, "https://zenodo.org/record/8242099"),
    ]
    assert record.author_orcids == []


def test_a_datacite_journal_article_without_a_journal_is_other():
    record = record_from_csl(
        recorded_item("datacite/10.6084_m9.figshare.4724797.manubot-raw.json"), "x", 1
    )
    assert record.title.startswith("The hetnet awakens")
    assert (record.kind, record.venue, record.year, record.month) == (
        Kind.OTHER,
        "Figshare",
        2017,
        None,
    )
    # The HTML of the description: bold dropped, line breaks made paragraphs.
    assert record.abstract.startswith(
        "The PhD Dissertation of Daniel S. Himmelstein.\n\nThis is my thesis"
    )
    assert "Biological & Medical Informatics" in record.abstract
    assert "<" not in record.abstract


# Items written here, for what no recording shows.


def item(**fields) -> dict:
    return {
        "type": "article-journal",
        "title": "A title",
        "issued": {"date-parts": [[2020]]},
    } | fields


def test_fields_as_lists_and_dates_as_text_are_read():
    record = record_from_csl(
        item(
            title=["A <i>listed</i> title"],
            **{"container-title": ["Journal of Lists"], "short-container-title": ["J. Lists"]},
            issued={"date-parts": [["2019", "4", "2"]]},
        ),
        "k",
        1,
    )
    assert (record.title, record.venue, record.venue_short) == (
        "A listed title",
        "Journal of Lists",
        "J. Lists",
    )
    assert (record.year, record.month) == (2019, 4)


def test_names_with_particles_literals_and_orcid_addresses():
    record = record_from_csl(
        item(
            author=[
                {"given": "Ludwig", "family": "Beethoven", "non-dropping-particle": "van"},
                {"literal": "The ATLAS Collaboration"},
                {
                    "given": "Ada",
                    "family": "Lovelace",
                    "ORCID": "https://orcid.org/0000-0002-1825-0097",
                },
                {"given": "Sukarno"},
                {"family": ""},
                "not a person",
            ]
        ),
        "k",
        1,
    )
    assert record.authors == [
        ("Ludwig", "van Beethoven"),
        ("", "The ATLAS Collaboration"),
        ("Ada", "Lovelace"),
        ("", "Sukarno"),  # known by one name
    ]
    assert record.author_orcids == ["", "", "0000-0002-1825-0097", ""]
    assert record.author_marks == [(False, False)] * 4


@pytest.mark.parametrize(
    ("fields", "kind", "venue", "venue_short"),
    [
        (
            {"type": "paper-conference", "container-title": "NeurIPS"},
            Kind.CONFERENCE,
            "NeurIPS",
            "",
        ),
        (
            {"type": "proceedings-article", "container-title": "A Workshop"},
            Kind.WORKSHOP,
            "A Workshop",
            "",
        ),
        ({"type": "book-chapter", "container-title": "A Book"}, Kind.CHAPTER, "A Book", ""),
        ({"type": "book", "publisher": "Springer"}, Kind.BOOK, "Springer", ""),
        # Crossref's container title of a book is its series.
        (
            {"type": "monograph", "publisher": "Springer", "container-title": "LNCS"},
            Kind.BOOK,
            "Springer",
            "",
        ),
        ({"type": "edited-book", "publisher": "MIT Press"}, Kind.BOOK, "MIT Press", ""),
        ({"type": "thesis", "publisher": "Univ. of Oxford"}, Kind.THESIS, "Univ. of Oxford", ""),
        ({"type": "dataset", "publisher": "Dryad"}, Kind.OTHER, "Dryad", ""),
        ({"type": "software"}, Kind.OTHER, "", ""),
        # As Zotero exports an arXiv preprint, and as DataCite describes arXiv's DOIs.
        (
            {"type": "article", "publisher": "arXiv", "number": "1412.6622"},
            Kind.PREPRINT,
            "",
            "arXiv",
        ),
        ({"type": "article", "DOI": "10.48550/arXiv.1412.6622"}, Kind.PREPRINT, "", "arXiv"),
        (
            {
                "type": "posted-content",
                "subtype": "preprint",
                "institution": [{"name": "bioRxiv"}],
            },
            Kind.PREPRINT,
            "",
            "bioRxiv",
        ),
        ({"type": "journal-article", "container-title": "Nature"}, Kind.JOURNAL, "Nature", ""),
    ],
)
def test_the_kind_and_venue_of_each_type(fields, kind, venue, venue_short):
    record = record_from_csl(item(**fields), "k", 1)
    assert (record.kind, record.venue, record.venue_short) == (kind, venue, venue_short)


def test_keywords_are_topics_and_identifiers_links():
    record = record_from_csl(
        item(
            keyword="deep learning, optimisation; deep learning",
            DOI="10.1000/abc",
            PMID="31452104",
            PMCID="PMC6713505",
            URL="https://github.com/someone/code",
        ),
        "k",
        1,
    )
    assert record.topics == ["deep learning", "optimisation"]
    assert record.links == [
        (LinkKind.DOI, "https://doi.org/10.1000/abc"),
        (LinkKind.PUBMED, "https://pubmed.ncbi.nlm.nih.gov/31452104/"),
        (LinkKind.PMC, "https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/"),
        (LinkKind.CODE, "https://github.com/someone/code"),
    ]


def test_the_year_comes_from_the_first_date_there_is():
    record = record_from_csl(
        item(issued={"date-parts": [[None]]}, posted={"date-parts": [[2018, 13]]}), "k", 1
    )
    assert (record.year, record.month) == (2018, None)
    record = record_from_csl(item(issued={"raw": "2016-05-26"}), "k", 1)
    assert (record.year, record.month) == (2016, 5)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "10.1/x has no title"),
        ({"title": ["<i></i>"]}, "10.1/x has no title"),
        ({"issued": {"date-parts": [["spring"]]}}, "10.1/x has no year"),
        ({"issued": "2020"}, "10.1/x has no year"),
    ],
)
def test_an_item_without_a_title_or_a_year_is_an_error_naming_it(fields, message):
    with pytest.raises(IncompleteItem, match=message):
        record_from_csl(item(**fields), "10.1/x", 1)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("CO<sub>2</sub> capture", "CO$_{2}$ capture"),
        ("<jats:italic>In vivo</jats:italic> p<sub>trend</sub>", "In vivo p$_{\\text{trend}}$"),
        (
            "<inline-formula><tex-math>$\\alpha$</tex-math></inline-formula>-decay",
            "$\\alpha$-decay",
        ),
        (
            "<mml:math><mml:mi>x</mml:mi>\n  <mml:mo>+</mml:mo> <mml:mn>1</mml:mn></mml:math> ok",
            "x+1 ok",
        ),
        ("A &amp; B <script>alert(1)</script>", "A & B"),
    ],
)
def test_titles_keep_the_text_of_their_markup_and_short_scripts_as_math(markup, text):
    assert inline_text(markup) == text


def test_abstract_sections_keep_their_titles_as_paragraphs():
    markup = (
        "<jats:title>Abstract</jats:title><jats:sec><jats:title>Background</jats:title>"
        "<jats:p>One.</jats:p></jats:sec><jats:p>Two <jats:bold>bold</jats:bold>.</jats:p>"
    )
    assert markdown_text(markup) == "**Background**\n\nOne.\n\nTwo bold."


@pytest.mark.parametrize(
    "damage",
    [
        {"institution": 5},
        {"keyword": 5},
    ],
)
def test_an_item_whose_fields_are_of_other_types_is_an_error_naming_it(damage):
    """Crossref's recorded item with a field of another type than CSL-JSON's (made
    here): the item's error, never a crash."""
    item = {
        **recorded_item("crossref/10.1126_science.169.3946.635.habanero-2026.csl.json"),
        **damage,
    }
    with pytest.raises(IncompleteItem, match=r"^10\.1/x: a field of its CSL-JSON is not of"):
        record_from_csl(item, "10.1/x", 1)
