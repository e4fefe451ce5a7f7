"""RIS as a source: the references a reference manager exports (Zotero, Mendeley,
EndNote), read with rispy, each made into a record.

Each reference runs from its ``TY`` line to its ``ER`` line, and is read on its
own, so that one that cannot be read is that reference's error (naming its
line) while the others are still previewed. What is read: the type, title,
authors (in order), year and month, venue and its short name, the note, the
abstract, keywords (as topics), the DOI and every address (each a typed link),
and ``ID`` as the citation key. ``publications.ris`` writes the same tags.
"""

import re

import rispy

from portfolio.core.tags import clean_topics
from portfolio.publications.identifiers import doi_in, doi_url
from portfolio.publications.links import link_kind_of
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.names import split_name
from portfolio.publications.records import Record

from ..outcomes import Action, Deadline, Outcome

Kind = Publication.Kind
LinkKind = PublicationLink.Kind
START = re.compile(r"^TY  - ")
END = re.compile(r"^ER  -")
NO_REFERENCES = "No RIS references found: a reference starts with a line TY  - JOUR"
# RIS's types to the kinds of publication; any other type is Other.
KINDS = {
    **dict.fromkeys(("JOUR", "JFULL", "EJOUR", "MGZN", "INPR", "ABST"), Kind.JOURNAL),
    **dict.fromkeys(("CONF", "CPAPER"), Kind.CONFERENCE),
    **dict.fromkeys(("BOOK", "EBOOK", "EDBOOK"), Kind.BOOK),
    **dict.fromkeys(("CHAP", "ECHAP"), Kind.CHAPTER),
    "THES": Kind.THESIS,
    **dict.fromkeys(("UNPB", "MANSCPT"), Kind.PREPRINT),
}
# The presentation note is short ("Oral"); a longer N1 is a reader's note, not read.
NOTE_LENGTH = Publication._meta.get_field("note").max_length


class UnreadableReference(ValueError):
    pass


def has_references(text: str) -> bool:
    return any(START.match(line) for line in text.splitlines())


def count_references(text: str) -> int:
    return sum(1 for line in text.splitlines() if START.match(line))


def blocks(text: str):
    """(line, the reference's text, whether it ended) of each reference."""
    start, lines = None, []
    for number, line in enumerate(text.splitlines(), start=1):
        if START.match(line):
            if start is not None:
                yield start, "\n".join(lines), False
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if END.match(line):
                yield start, "\n".join(lines), True
                start, lines = None, []
    if start is not None:
        yield start, "\n".join(lines), False


def first(entry: dict, *names: str) -> str:
    for name in names:
        value = entry.get(name)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), "")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def person(name: str) -> tuple[str, str]:
    """(given, family) of an author as RIS writes one, "Family, Given"; a name
    without a comma is one name, kept whole (a collaboration, an organisation)."""
    name = " ".join(name.split())
    return split_name(name) if "," in name else ("", name)


def date_of(entry: dict) -> tuple[int | None, int | None]:
    year = month = None
    for name in ("year", "publication_year", "date"):
        found = re.match(r"^\s*(\d{4})(?:/(\d{1,2}))?", first(entry, name))
        if found:
            year = year or int(found.group(1))
            if found.group(2) and 1 <= int(found.group(2)) <= 12:
                month = month or int(found.group(2))
    return year, month


def links_of(entry: dict) -> list[tuple[str, str]]:
    links = []
    doi = doi_in(first(entry, "doi"))
    if doi:
        links.append((LinkKind.DOI, doi_url(doi)))
    urls = [*(entry.get("urls") or []), *(entry.get("file_attachments1") or [])]
    for url in urls if isinstance(urls, list) else []:
        url = url.strip() if isinstance(url, str) else ""
        if re.match(r"^https?://\S+$", url, re.I) and all(u != url for _, u in links):
            kind = link_kind_of(url)
            if not (kind == LinkKind.DOI and doi):
                links.append((kind, url))
    return links


def record_of(entry: dict, line: int, number: int) -> Record:
    key = first(entry, "id") or f"reference {number}"
    title = first(entry, "title", "primary_title")
    if not title:
        raise UnreadableReference("no title (TI)")
    year, month = date_of(entry)
    if not year:
        raise UnreadableReference("no year (PY, Y1 or DA)")
    kind = KINDS.get(first(entry, "type_of_reference").upper(), Kind.OTHER)
    venue = first(entry, "secondary_title", "journal_name", "alternate_title3")
    if kind == Kind.BOOK:
        # A book's venue is its publisher; a T2 is the series it is in.
        venue = first(entry, "publisher") or venue
    elif not venue and kind == Kind.THESIS:
        venue = first(entry, "publisher")
    venue_short = first(entry, "alternate_title1", "alternate_title2")
    links = links_of(entry)
    if kind == Kind.CONFERENCE and "workshop" in venue.lower():
        kind = Kind.WORKSHOP
    authors = [person(name) for name in entry.get("authors") or [] if isinstance(name, str)]
    authors = [(given, family) for given, family in authors if family]
    note = first(entry, "notes")
    return Record(
        key=key,
        line=line,
        title=title,
        kind=kind,
        year=year,
        month=month,
        venue=venue,
        venue_short=venue_short,
        note=note if len(note) <= NOTE_LENGTH else "",
        abstract=first(entry, "abstract", "notes_abstract"),
        authors=authors,
        author_marks=[(False, False)] * len(authors),
        links=links,
        topics=clean_topics(entry.get("keywords") or []),
    )


def parse(text: str, deadline: Deadline | None = None) -> tuple[list[Record], list[Outcome]]:
    """The references that could be read, and an error for each that could not."""
    deadline = deadline or Deadline(None)
    found = list(blocks(text))
    records, errors = [], []
    for number, (line, block, ended) in enumerate(found, start=1):
        deadline.check(number - 1, len(found))
        key = f"reference {number}"
        if not ended:
            message = "has no end (a line ER  - ) before the next reference or the file's end"
            errors.append(Outcome(key, line, Action.ERROR, message=message))
            continue
        try:
            entry = rispy.loads(block)[0]
            records.append(record_of(entry, line, number))
        except UnreadableReference as error:
            key = first(entry, "id") or key
            errors.append(Outcome(key, line, Action.ERROR, message=str(error)))
        except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
            message = f"could not be read ({type(error).__name__}: {error})"
            errors.append(Outcome(key, line, Action.ERROR, message=message))
    return records, errors
