"""RIS export, for reference managers (Zotero, Mendeley, EndNote): one reference per
publication, written from its record (``publications.records``).

A RIS value is one line: a value's line breaks (an abstract's paragraphs) become
spaces. Authors are written "Family, Given", in order; the DOI is ``DO`` and
every other link a ``UR``, in the order of the publication's links; the
citation key is ``ID``. ``importing.sources.ris`` reads the same tags back.
"""

import re

from .models import Publication
from .records import Record

Kind = Publication.Kind
MEDIA_TYPE = "application/x-research-info-systems"
# The RIS types Zotero writes for the same kinds of work.
TYPES = {
    Kind.CONFERENCE: "CONF",
    Kind.WORKSHOP: "CONF",
    Kind.JOURNAL: "JOUR",
    Kind.BOOK: "BOOK",
    Kind.CHAPTER: "CHAP",
    Kind.THESIS: "THES",
    Kind.PREPRINT: "UNPB",
    Kind.OTHER: "GEN",
}


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def author(given: str, family: str) -> str:
    return f"{family}, {given}" if given else family


def lines_of(record: Record) -> list[tuple[str, str]]:
    kind = TYPES[record.kind]
    lines = [("TY", kind), ("ID", record.key), ("TI", one_line(record.title))]
    lines += [("AU", one_line(author(given, family))) for given, family in record.authors]
    lines.append(("PY", str(record.year)))
    if record.month:
        lines.append(("DA", f"{record.year:04d}/{record.month:02d}//"))
    if record.venue:
        # A book's venue is its publisher; a thesis's, the university that grants it.
        lines.append(("PB" if kind in ("BOOK", "THES") else "T2", one_line(record.venue)))
    if record.venue_short:
        lines.append(("J2", one_line(record.venue_short)))
    if record.note:
        lines.append(("N1", one_line(record.note)))
    if record.abstract:
        lines.append(("AB", one_line(record.abstract)))
    lines += [("KW", one_line(topic)) for topic in record.topics]
    if record.doi:
        lines.append(("DO", record.doi))
    lines += [("UR", url) for kind, url in record.links if not (kind == "doi" and record.doi)]
    return lines


def ris_of(record: Record) -> str:
    """One RIS reference, ended by ``ER`` and a blank line."""
    body = "".join(f"{tag}  - {value}\n" for tag, value in lines_of(record) if value)
    return f"{body}ER  - \n\n"
