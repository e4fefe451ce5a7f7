"""BibTeX as a source: bibtexparser splits the file, and each entry is decoded
into a record (LaTeX to Unicode, names, typed links, the kind of publication),
with no database; ``import_bibtex`` runs the records through the pipeline. A
problem with one entry is that entry's error."""

import re
from collections.abc import Callable

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from portfolio.core.tags import clean_topic
from portfolio.publications.bibtex.latex import (
    VERBATIM_FIELDS,
    EntryError,
    decode_accents,
    to_text,
    verbatim_text,
)
from portfolio.publications.identifiers import (
    arxiv_id_in,
    arxiv_url,
    doi_in,
    doi_of,
    doi_url,
)
from portfolio.publications.links import identifier_link, link_kind_of, preprint_server
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record

from ..outcomes import Action, Deadline, Outcome
from ..pipeline import run

Kind = Publication.Kind
LinkKind = PublicationLink.Kind

# The longest field decoded. LaTeX decoding costs up to some 25 microseconds a
# character, so the bound keeps one entry's cost small; a longer field (an
# abstract is a few thousand characters; a brace left open swallows the rest of
# the file into one field) is that entry's error, and nothing reads it.
MAX_FIELD_CHARS = 20_000


NO_ENTRIES = "No BibTeX entries found: an entry starts like @article{key, ..."
_entry_start = re.compile(r"@\s*(?!(?:string|comment|preamble)\b)[a-z]+\s*[{(]", re.I)


def has_entries(text: str) -> bool:
    """Whether the text holds at least one entry (not only @string or @comment)."""
    return bool(_entry_start.search(text))


def kind_of(
    entry_type: str, fields: dict[str, str], links: list[tuple[str, str]]
) -> tuple[str, str]:
    """The kind of publication, and the preprint server it is on ('' if none)."""
    entry_type = entry_type.lower()
    venue = fields.get("booktitle") or fields.get("journal") or ""
    dois = [doi_of(url) for kind, url in links if kind == LinkKind.DOI]
    urls = [url for _, url in links]
    if entry_type in {"inproceedings", "conference", "proceedings"}:
        return (Kind.WORKSHOP if "workshop" in venue.lower() else Kind.CONFERENCE), ""
    if entry_type == "article":
        server = preprint_server(venue, dois, urls)
        return (Kind.PREPRINT if server else Kind.JOURNAL), server
    if entry_type in {"incollection", "inbook"}:
        return Kind.CHAPTER, ""
    if entry_type == "book":
        return Kind.BOOK, ""
    if entry_type in {"phdthesis", "mastersthesis", "thesis"}:
        return Kind.THESIS, ""
    # A @misc says where it is in free text ("GitHub", "Talk at ..."), or not at all:
    # a server named there, or its DOI or address, makes it a preprint.
    published_as = fields.get("howpublished") or fields.get("publisher") or ""
    server = preprint_server(published_as) or preprint_server("", dois, urls)
    return (Kind.PREPRINT if server else Kind.OTHER), server


def links_of(
    fields: dict[str, str], left_out: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """The typed links of an entry. A pdf or url that is no http(s) address (a file
    beside the old site's pages, as al-folio writes pdf={paper.pdf}) makes no link:
    it goes into ``left_out`` with why. An identifier that cannot be read is the
    entry's error: the entry may be another publication than it says."""
    links: list[tuple[str, str]] = []
    doi = fields.get("doi", "").strip()
    # Old DOIs (SICI) hold characters a URL must percent-encode.
    doi = doi.translate({ord(c): f"%{ord(c):02X}" for c in '<>"\\'})
    if doi:
        if not doi_in(doi):
            raise EntryError(f"doi {doi!r} is not a DOI")
        links.append((LinkKind.DOI, doi_url(doi_in(doi))))
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = fields.get("eprint", "").strip()
    candidates = [eprint] if eprint and archive in {"arxiv", ""} else []
    candidates.append(fields.get("journal", "").split()[-1] if fields.get("journal") else "")
    for candidate in candidates:
        if arxiv_id_in(candidate):
            links.append((LinkKind.ARXIV, arxiv_url(arxiv_id_in(candidate))))
            break
    # PubMed's own BibTeX writes pmid and pmcid; biblatex writes eprinttype = pubmed;
    # MDPI's export writes PubMedID.
    pmid = fields.get("pmid", "") or fields.get("pubmedid", "")
    pubmed = {"pmid": pmid, "pmcid": fields.get("pmcid", "")}
    if archive == "pubmed":
        pubmed["pmid"] = pubmed["pmid"] or eprint
    for name, value in pubmed.items():
        if value.strip():
            link = identifier_link(name, value)
            if not link:
                raise EntryError(f"{name} {value.strip()!r} is not a {name.upper()}")
            links.append(link)
    # The kinds of link that name the publication's own identifier: one of each.
    one_each = {LinkKind.ARXIV, LinkKind.DOI, LinkKind.PUBMED, LinkKind.PMC}
    for name in ("pdf", "url"):
        url = fields.get(name, "").strip()
        if not url or any(url == existing for _, existing in links):
            continue
        if not re.match(r"^https?://", url, re.I):
            if left_out is not None:
                left_out[name] = f"{url!r} is not an http(s) address"
            continue
        kind = link_kind_of(url)
        if name == "pdf" and kind not in one_each:
            kind = LinkKind.PDF
        if not any(k == kind and kind in one_each for k, _ in links):
            links.append((kind, url))
    return links


# The marks an author list may carry after a name (or after the family name of
# "Family*, Given"): a star for equal contribution, a dagger for the corresponding
# author, written plain, in math ($^*$, $^{*,\dagger}$) or as \textsuperscript{\dag}.
# Every repetition is bounded, so that a hostile name costs linear time.
_STAR = r"\*|∗|\\ast(?![A-Za-z])|\\textasteriskcentered(?![A-Za-z])"
_DAGGER = r"†|\\dagger(?![A-Za-z])|\\dag(?![A-Za-z])|\\textdagger(?![A-Za-z])"
_SPACE = r"\s{0,3}"
_SYMBOL = f"(?:{_STAR}|{_DAGGER})"
_SYMBOLS = f"{_SYMBOL}(?:{_SPACE}(?:,{_SPACE})?{_SYMBOL}){{0,3}}"
_IN_MATH = f"\\${_SPACE}\\^{_SPACE}(?:\\{{{_SPACE}{_SYMBOLS}{_SPACE}\\}}|{_SYMBOL}){_SPACE}\\$"
_SUPERSCRIPT = (
    f"\\\\textsuperscript{_SPACE}\\{{{_SPACE}"
    f"(?:{_SYMBOLS}|\\${_SPACE}{_SYMBOLS}{_SPACE}\\$){_SPACE}\\}}"
)
_BRACED = f"\\{{{_SPACE}{_SYMBOLS}{_SPACE}\\}}"
_MARK = f"(?:{_IN_MATH}|{_SUPERSCRIPT}|{_BRACED}|{_SYMBOL})"
_MARKS = re.compile(f"(?:{_SPACE}{_MARK}){{1,4}}(?=\\s*(?:,|$))")
# Some files put the mark before the name instead: "*Pang, Ce", "∗Yadav, Sourabh"
# (U+2217, the asterisk operator).
_LEADING_MARKS = re.compile(f"^(?:{_SPACE}{_MARK}){{1,4}}{_SPACE}(?=\\S)")


def marks_of(name: str) -> tuple[str, bool, bool]:
    """The name without its marks, and whether it had a star (equal contribution)
    and a dagger (corresponding author)."""
    found: list[str] = []

    def strip(match: re.Match) -> str:
        found.append(match.group(0))
        return ""

    bare = _LEADING_MARKS.sub(strip, _MARKS.sub(strip, name)).strip()
    if not found or not re.search(r"[^\W\d_]", bare):
        return name, False, False  # nothing but marks: not a name with marks
    marks = "".join(found)
    return bare, bool(re.search(_STAR, marks)), bool(re.search(_DAGGER, marks))


def authors_of(value: str) -> tuple[list[tuple[str, str]], list[tuple[bool, bool]], bool]:
    """(given, family) pairs in order, the marks of each (equal contribution,
    corresponding author), and whether the list ended with "and others"."""
    authors, marks, truncated = [], [], False
    # A stray "and" at either end, or twice in a row, separates no one.
    value = re.sub(r"(?:\s+and)+\s+", " and ", f" {decode_accents(value)} ", flags=re.I)
    value = re.sub(r"^\s*and\s|\sand\s*$", "", value.strip(), flags=re.I)
    try:
        names = [marks_of(n) for n in split_multiple_persons_names(value) if n.strip()]
        people = [
            (parse_single_name_into_parts(n, strict=True), equal, corresponding)
            for n, equal, corresponding in names
        ]
    except InvalidNameError as error:
        raise EntryError(f"author: {error}") from None
    for parts, equal, corresponding in people:
        family = to_text(" ".join(parts.von + parts.last))
        if family.lower() == "others" and not parts.first:
            truncated = True
            continue
        if parts.jr:
            family = f"{family}, {to_text(' '.join(parts.jr))}"
        authors.append((to_text(" ".join(parts.first)), family))
        marks.append((equal, corresponding))
    return authors, marks, truncated


def count_entries(text: str) -> int:
    """How many entries the text starts (a linear scan, before any parsing)."""
    return len(_entry_start.findall(text))


def parse(
    text: str, deadline: Deadline | None = None, dialect: "Dialect | None" = None
) -> tuple[list[Record], list[Outcome]]:
    """Entries that decoded, and an error outcome for every block that did not.
    ``dialect`` reads the fields of a file's own dialect (see ``decode``)."""
    deadline = deadline or Deadline(None)
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.MonthIntMiddleware(True),
        ],
    )
    errors = []
    for block in library.failed_blocks:
        key_match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", block.raw)
        key = key_match.group(1) if key_match else "?"
        if isinstance(block, DuplicateBlockKeyBlock):
            message = f"a second entry with the key {key!r}; the first one is used"
        elif isinstance(block, ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", "") or str(block.error or "")
            message = f"malformed entry: {reason.strip() or 'syntax error'}"
        else:
            message = "could not be read"
        errors.append(Outcome(key, block.start_line + 1, Action.ERROR, message=message))

    strings = {block.key.lower(): str(block.value) for block in library.strings}
    entries = []
    total = len(library.entries)
    for number, raw in enumerate(library.entries):
        deadline.check(number, total)
        line = raw.start_line + 1
        try:
            entries.append(decode(raw, line, strings, dialect))
        except EntryError as error:
            errors.append(Outcome(raw.key, line, Action.ERROR, message=str(error)))
        except (RecursionError, ValueError, TypeError, AttributeError) as error:
            # Whatever else a strange entry triggers, it is that entry's problem only.
            message = f"could not be read ({type(error).__name__})"
            errors.append(Outcome(raw.key, line, Action.ERROR, message=message))
    return entries, errors


MONTH_NAMES = {
    name[:3].lower(): name
    for name in (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    )
}  # fmt: skip


# The fields a publication is made from.
STORED_FIELDS = {
    "title", "author", "year", "month", "booktitle", "journal", "school", "institution",
    "howpublished", "note", "abstract", "keywords", *VERBATIM_FIELDS,
}  # fmt: skip


# The fields the decoding reads: those above and the identifiers it makes links of.
READ_FIELDS = STORED_FIELDS | {"pmid", "pubmedid", "pmcid"}

# The fields that name the venue, the first there is taken. A whole book is in
# no collection: its venue is its publisher (kept for a book only).
VENUE_FIELDS = ("booktitle", "journal", "school", "institution")
BOOK_VENUE_FIELDS = ("publisher", *VENUE_FIELDS)

# A reader of the fields a file's dialect adds (al-folio's abbr, selected, html...):
# called with the record as decoded, every field of the entry (names in lower case,
# @string names resolved, not yet decoded from LaTeX) and the fields the decoding
# left out, each with why. It may change the record, and may raise EntryError.
Dialect = Callable[[Record, dict[str, str], dict[str, str]], None]

# The fields whose math the site renders; elsewhere (a venue, a note) math is text.
MATH_FIELDS = {"title", "abstract"}


def concatenate(value: str, strings: dict[str, str]) -> str:
    """A field written without braces or quotes: @string names and literals joined
    by "#" (jmlr # " (JMLR)"). An undefined name is an error, not the venue."""
    parts, rest = [], value.strip()
    while rest:
        match = re.match(r'(\{(?:[^{}]|\{[^{}]*\})*\}|"[^"]*"|[^\s#"{}]+)\s*(?:#\s*|$)', rest)
        if not match:
            raise EntryError(f"cannot read {value!r}")
        parts.append(match.group(1))
        rest = rest[match.end() :]
    out = []
    for part in parts:
        if part[0] in '{"':
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        elif part.lower() in MONTH_NAMES:
            out.append(MONTH_NAMES[part.lower()])
        else:
            raise EntryError(f"{part!r} is not defined by an @string")
    return "".join(out)


def decode(
    raw, line: int, strings: dict[str, str] | None = None, dialect: Dialect | None = None
) -> Record:
    """The record of one entry. A field it cannot use (a pdf that is no address) is
    left out and named in the record's notes, or given to ``dialect`` with the
    fields it does not read."""
    is_book = raw.entry_type.lower() == "book"
    stored = STORED_FIELDS | {"publisher"} if is_book else STORED_FIELDS
    fields = {}
    for item in raw.fields:
        name, value = item.key.lower(), item.value
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise EntryError(
                f"{name} is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}"
                " (is a brace or a quote left open?)"
            )
        if isinstance(value, str) and getattr(item, "enclosing", None) == "no-enclosing":
            try:
                value = concatenate(value, strings or {})
            except EntryError as error:
                # Only what the publication keeps must be understood; an unknown
                # abbreviation in pages, or in a publisher but a book's, is left as
                # written.
                if name in stored:
                    raise EntryError(f"{name}: {error}") from None
        fields[name] = value
    author_field = str(fields.pop("author", ""))
    texts = {
        name: verbatim_text(str(value))
        if name in VERBATIM_FIELDS
        else to_text(str(value), keep_math=name in MATH_FIELDS)
        for name, value in fields.items()
    }
    title = texts.get("title", "")
    if not title:
        raise EntryError("no title")
    year_text = texts.get("year", "")
    if not re.fullmatch(r"\d{4}", year_text):
        raise EntryError(
            f"year {year_text!r} is not a four-digit year" if year_text else "no year"
        )
    month = fields.get("month")
    if month is not None and not (isinstance(month, int) and 1 <= month <= 12):
        raise EntryError(f"month {month!r} is not a month name or number")
    authors, author_marks, truncated = authors_of(author_field)
    left_out: dict[str, str] = {}
    links = links_of(texts, left_out)
    for name in (*BOOK_VENUE_FIELDS, "howpublished"):
        # "Phys. Rev.," as al-folio's example writes it: the comma belongs to no name.
        if name in texts:
            texts[name] = re.sub(r"[\s,]+$", "", texts[name])
    venue_fields = BOOK_VENUE_FIELDS if is_book else VENUE_FIELDS
    venue = next((texts[n] for n in venue_fields if texts.get(n)), "")
    if not venue and raw.entry_type.lower() == "misc":
        venue = texts.get("howpublished", "")
    topics = [t for t in map(clean_topic, re.split(r"[,;]", texts.get("keywords", ""))) if t]
    kind, venue_short = kind_of(raw.entry_type, texts, links)
    if venue_short and preprint_server(venue) == venue_short:
        # "arXiv preprint arXiv:1901.09335" (Google Scholar), "CoRR, abs/..." (DBLP),
        # "bioRxiv": the id is a link already; the venue is the server.
        venue = ""
    record = Record(
        key=raw.key,
        line=line,
        title=title,
        kind=kind,
        year=int(year_text),
        month=month,
        venue=venue,
        venue_short=venue_short,
        note=texts.get("note", ""),
        abstract=texts.get("abstract", ""),
        authors=authors,
        author_marks=author_marks,
        truncated_authors=truncated,
        links=links,
        topics=topics,
    )
    if dialect is None:
        record.notes += [f"{name} {why}: left out" for name, why in left_out.items()]
        return record
    read = READ_FIELDS | stored
    unread = {name: "not a field the site keeps" for name in fields if name not in read}
    dialect(record, {"author": author_field, **fields}, {**unread, **left_out})
    return record


def import_bibtex(
    text: str, *, update: bool = False, dry_run: bool = False, seconds: float | None = None
) -> list[Outcome]:
    """Import every entry of ``text``: one ``Outcome`` per entry, in file order:
    created, updated, skipped (a duplicate), or an error that names the entry's
    key and line. With ``seconds``, raise TooSlow, having written nothing, when
    the import takes longer."""
    deadline = Deadline(seconds)
    records, errors = parse(text, deadline)
    return run(records, errors, update=update, dry_run=dry_run, deadline=deadline)
