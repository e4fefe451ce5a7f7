"""BibTeX export: one entry per publication, authors in order, BibTeX-safe text."""

import re
from functools import lru_cache

from pylatexenc.latexencode import UnicodeToLatexEncoder

from .bibtex_import import to_text
from .models import Publication

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

# Accents become {\"u}, specials (& % $ # _ { }) are escaped, other symbols become macros.
_encoder = UnicodeToLatexEncoder(
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
# ASCII that BibTeX and LaTeX read as written.
_PLAIN = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !()*+,./:;=?@[]|'`-"
)
# Pairs that LaTeX joins into another character (-- is a dash, '' a closing quote).
_LIGATURES = {"--", "''", "``", "?`", "!`"}


@lru_cache(maxsize=4096)
def _character(char: str) -> str:
    """One character in LaTeX, chosen so that reading it back gives the same character:
    a macro where one round-trips ({\"u}, {\textendash}), else the character itself
    (the file is UTF-8)."""
    if char in _PLAIN:
        return char
    if char == '"':
        return '{"}'
    encoded = _encoder.unicode_to_latex(char)
    if encoded != char and to_text(encoded) == char:
        return encoded
    return char


def latex(text: str) -> str:
    text = " ".join(text.split())
    out = []
    for i, char in enumerate(text):
        out.append(_character(char))
        if text[i : i + 2] in _LIGATURES:
            out.append("{}")
    return "".join(out)


def title_field(title: str) -> str:
    """The title in LaTeX, with words that have capitals after the title's first letter
    (names, acronyms) braced, so that styles which lower-case titles keep them."""
    words = []
    for i, word in enumerate(" ".join(title.split()).split(" ")):
        encoded = latex(word)
        if any(c.isupper() for c in (word if i else word[1:])):
            encoded = "{" + encoded + "}"
        words.append(encoded)
    return " ".join(words)


def verbatim(value: str) -> str:
    """A URL or DOI as a field value: the characters that would end or escape the
    field are percent-encoded (the models refuse them, this is the last guard)."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def name(author) -> str:
    family = latex(author.family_name)
    if " " in author.family_name or "," in author.family_name:
        family = "{" + family + "}"  # keep a multi-word family name together
    given = latex(author.given_name)
    if "," in author.given_name or re.search(r"\band\b", author.given_name, re.I):
        given = "{" + given + "}"  # a comma or "and" would split the name list
    return f"{family}, {given}" if author.given_name else family


def fields_of(publication: Publication) -> list[tuple[str, str]]:
    entry_type = ENTRY_TYPES[publication.kind]
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
    entry_type = ENTRY_TYPES[publication.kind]
    body = ",\n".join(f"  {key} = {value}" for key, value in fields_of(publication))
    return f"@{entry_type}{{{publication.citation_key},\n{body}\n}}\n"


def to_bibtex_file(publications) -> str:
    return "\n".join(to_bibtex(p) for p in publications)
