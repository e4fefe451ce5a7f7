"""BibTeX export: one entry per publication, written from its record
(``publications.records``), with its stored citation key, authors in order, and
text in LaTeX that reads back as the same characters."""

import re

from ..models import Publication
from ..records import Record, record_of
from .latex import latex, title_field, verbatim

ENTRY_TYPES = {
    Publication.Kind.CONFERENCE: "inproceedings",
    Publication.Kind.WORKSHOP: "inproceedings",
    Publication.Kind.JOURNAL: "article",
    Publication.Kind.BOOK: "book",
    Publication.Kind.CHAPTER: "incollection",
    Publication.Kind.THESIS: "phdthesis",
    Publication.Kind.PREPRINT: "misc",
    Publication.Kind.OTHER: "misc",
}
VENUE_FIELDS = {
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "article": "journal",
    "book": "publisher",
    "phdthesis": "school",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def name(given_name: str, family_name: str) -> str:
    family = latex(family_name)
    if " " in family_name or "," in family_name:
        family = "{" + family + "}"  # keep a multi-word family name together
    given = latex(given_name)
    if "," in given_name or re.search(r"\band\b", given_name, re.I):
        given = "{" + given + "}"  # a comma or "and" would split the name list
    return f"{family}, {given}" if given_name else family


def fields_of(record: Record) -> list[tuple[str, str]]:
    entry_type = ENTRY_TYPES[record.kind]
    authors = " and ".join(name(given, family) for given, family in record.authors)
    fields = [("title", "{" + title_field(record.title) + "}")]
    if authors:
        fields.append(("author", "{" + authors + "}"))
    venue = record.venue or record.venue_short
    if venue and entry_type in VENUE_FIELDS:
        fields.append((VENUE_FIELDS[entry_type], "{" + latex(venue) + "}"))
    elif venue and entry_type == "misc" and record.kind != Publication.Kind.PREPRINT:
        fields.append(("howpublished", "{" + latex(venue) + "}"))
    fields.append(("year", str(record.year)))
    if record.month:
        fields.append(("month", MONTHS[record.month - 1]))
    if record.note:
        fields.append(("note", "{" + latex(record.note) + "}"))
    if record.doi:
        fields.append(("doi", "{" + verbatim(record.doi) + "}"))
    if record.pmid:
        fields.append(("pmid", "{" + record.pmid + "}"))
    if record.pmcid:
        fields.append(("pmcid", "{" + record.pmcid + "}"))
    if record.arxiv_id:
        fields += [
            ("eprint", "{" + record.arxiv_id + "}"),
            ("archivePrefix", "{arXiv}"),
        ]
    if record.pdf_url:
        # "pdf" keeps the link's type for an import; "url" is what styles print.
        pdf = "{" + verbatim(record.pdf_url) + "}"
        fields += [("url", pdf), ("pdf", pdf)]
    return fields


def bibtex_of(record: Record) -> str:
    entry_type = ENTRY_TYPES[record.kind]
    body = ",\n".join(f"  {key} = {value}" for key, value in fields_of(record))
    return f"@{entry_type}{{{record.key},\n{body}\n}}\n"


def to_bibtex(publication: Publication, absolute=None) -> str:
    """The entry; ``absolute`` (``request.build_absolute_uri``) lets it name the
    paper's own PDF by its full address."""
    return bibtex_of(record_of(publication, topics=False, absolute=absolute))
