"""BibTeX export: one entry per publication, with its stored citation key,
authors in order, and text in LaTeX that reads back as the same characters."""

import re

from ..models import Publication, known_kind
from .latex import latex, title_field, verbatim

ENTRY_TYPES = {
    Publication.Kind.CONFERENCE: "inproceedings",
    Publication.Kind.WORKSHOP: "inproceedings",
    Publication.Kind.JOURNAL: "article",
    Publication.Kind.CHAPTER: "incollection",
    Publication.Kind.THESIS: "phdthesis",
    Publication.Kind.PREPRINT: "misc",
    Publication.Kind.OTHER: "misc",
}
VENUE_FIELDS = {
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "article": "journal",
    "phdthesis": "school",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def name(author) -> str:
    family = latex(author.family_name)
    if " " in author.family_name or "," in author.family_name:
        family = "{" + family + "}"  # keep a multi-word family name together
    given = latex(author.given_name)
    if "," in author.given_name or re.search(r"\band\b", author.given_name, re.I):
        given = "{" + given + "}"  # a comma or "and" would split the name list
    return f"{family}, {given}" if author.given_name else family


def fields_of(publication: Publication) -> list[tuple[str, str]]:
    entry_type = ENTRY_TYPES[known_kind(publication.kind)]
    authors = " and ".join(name(a) for a in publication.ordered_authors())
    fields = [("title", "{" + title_field(publication.title) + "}")]
    if authors:
        fields.append(("author", "{" + authors + "}"))
    venue = publication.venue or publication.venue_short
    if venue and entry_type in VENUE_FIELDS:
        fields.append((VENUE_FIELDS[entry_type], "{" + latex(venue) + "}"))
    elif venue and entry_type == "misc" and publication.kind != Publication.Kind.PREPRINT:
        fields.append(("howpublished", "{" + latex(venue) + "}"))
    fields.append(("year", str(publication.year)))
    if publication.month:
        fields.append(("month", MONTHS[publication.month - 1]))
    if publication.note:
        fields.append(("note", "{" + latex(publication.note) + "}"))
    if publication.doi:
        fields.append(("doi", "{" + verbatim(publication.doi) + "}"))
    if publication.pmid:
        fields.append(("pmid", "{" + publication.pmid + "}"))
    if publication.pmcid:
        fields.append(("pmcid", "{" + publication.pmcid + "}"))
    if publication.arxiv_id:
        fields += [
            ("eprint", "{" + publication.arxiv_id + "}"),
            ("archivePrefix", "{arXiv}"),
        ]
    if publication.pdf_url:
        # "pdf" keeps the link's type for an import; "url" is what styles print.
        pdf = "{" + verbatim(publication.pdf_url) + "}"
        fields += [("url", pdf), ("pdf", pdf)]
    return fields


def to_bibtex(publication: Publication) -> str:
    entry_type = ENTRY_TYPES[known_kind(publication.kind)]
    body = ",\n".join(f"  {key} = {value}" for key, value in fields_of(publication))
    return f"@{entry_type}{{{publication.citation_key},\n{body}\n}}\n"
