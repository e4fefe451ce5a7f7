"""CSL-JSON export, for reference managers and citation processors: one item per
publication, written from its record (``publications.records``), valid against
the CSL data schema (citation-style-language/schema, csl-data.json).

What CSL has no variable for is kept under ``custom``, which the schema leaves
to the application: the kind of publication, every link with its kind, and the
authors marked as equal contributors and as corresponding authors (by their
places in ``author``, from 1). ``importing.sources.csl`` reads them back.
"""

from .models import Publication, PublicationLink
from .records import Record

Kind = Publication.Kind
Link = PublicationLink.Kind
IDENTIFIER_LINKS = {Link.DOI, Link.PUBMED, Link.PMC}
MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
TYPES = {
    Kind.CONFERENCE: "paper-conference",
    Kind.WORKSHOP: "paper-conference",
    Kind.JOURNAL: "article-journal",
    Kind.BOOK: "book",
    Kind.CHAPTER: "chapter",
    Kind.THESIS: "thesis",
    # CSL 1.0.2 has no preprint type: an "article" of genre "preprint" is one.
    Kind.PREPRINT: "article",
    Kind.OTHER: "document",
}


def person(given: str, family: str) -> dict:
    """A CSL name. A family name's leading words in lower case ("van der" of "van
    der Berg") are its particle, which styles place and sort by themselves."""
    if not given:
        return {"literal": family}
    words = family.split()
    lower = next((i for i, word in enumerate(words) if not word.islower()), len(words))
    if 0 < lower < len(words):
        return {
            "family": " ".join(words[lower:]),
            "given": given,
            "non-dropping-particle": " ".join(words[:lower]),
        }
    return {"family": family, "given": given}


def csl_of(record: Record) -> dict:
    """The CSL-JSON item of ``record``."""
    item = {
        "id": record.key,
        "citation-key": record.key,
        "type": TYPES[record.kind],
        "title": record.title,
        "author": [person(given, family) for given, family in record.authors],
        "issued": {"date-parts": [[record.year, record.month] if record.month else [record.year]]},
    }
    if record.kind == Kind.PREPRINT:
        item["genre"] = "preprint"
    if record.venue:
        # A book's venue is its publisher, a thesis's the university that grants it,
        # a preprint's the server that holds it: each is written as the publisher,
        # as reference managers write them.
        publisher = record.kind in (Kind.BOOK, Kind.THESIS, Kind.PREPRINT)
        item["publisher" if publisher else "container-title"] = record.venue
    if record.venue_short:
        item["container-title-short"] = record.venue_short
    if record.abstract:
        item["abstract"] = record.abstract
    if record.topics:
        item["keyword"] = ", ".join(record.topics)
    for name, value in (("DOI", record.doi), ("PMID", record.pmid), ("PMCID", record.pmcid)):
        if value:
            item[name] = value
    # Where to read it: its first link that is not an identifier (a PDF, arXiv,
    # the proceedings). The links with their kinds are in "custom", which an
    # import here reads instead.
    url = next((url for kind, url in record.links if kind not in IDENTIFIER_LINKS), "")
    if url:
        item["URL"] = url
    custom = {
        "kind": record.kind,
        "note": record.note,
        "links": [{"kind": kind, "url": url} for kind, url in record.links],
        "equal-contribution": [i for i, (equal, _) in enumerate(record.author_marks, 1) if equal],
        "corresponding": [i for i, (_, mark) in enumerate(record.author_marks, 1) if mark],
    }
    item["custom"] = {name: value for name, value in custom.items() if value}
    return item
