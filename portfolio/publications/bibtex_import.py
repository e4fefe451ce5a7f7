"""BibTeX import: parse with bibtexparser, decode LaTeX with pylatexenc, match
authors and duplicates, and write each entry atomically.

``import_bibtex(text, update=False, dry_run=False)`` returns one ``Outcome`` per
entry, in file order: created, updated, skipped (a duplicate), or an error that
names the entry's key and line. An entry in error writes nothing; the others
are still imported.
"""

import re
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.utils.text import slugify
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from portfolio.core.tags import clean_topic

from .models import (
    DOI,
    Author,
    Authorship,
    Publication,
    PublicationLink,
    arxiv_id_of,
    doi_of,
)

CREATED, UPDATED, SKIPPED, ERROR = "created", "updated", "skipped", "error"

# The longest field decoded. LaTeX decoding costs up to some 25 microseconds a
# character, so the bound keeps one entry's cost small; a longer field (an
# abstract is a few thousand characters; a brace left open swallows the rest of
# the file into one field) is that entry's error, and nothing reads it.
MAX_FIELD_CHARS = 20_000


class TooSlow(Exception):
    """The import passed its deadline; nothing was written."""

    def __init__(self, done: int, total: int, seconds: float):
        self.done, self.total, self.seconds = done, total, seconds
        super().__init__(
            f"The import was stopped after {seconds:g} seconds, at entry {done} of {total}, "
            "and nothing was imported. Import fewer entries at a time, or use the "
            "import_bibtex command, which has no time limit."
        )


class Deadline:
    """Checked between entries: an import in a web request must end before the
    server gives up on the request."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.at = time.monotonic() + seconds if seconds else None

    def check(self, done: int, total: int) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise TooSlow(done, total, self.seconds)


# A preprint of a paper already here is skipped even with --update: updating would
# turn the published paper back into a preprint.
PREPRINT_OF = "{}; this is its preprint"

# pylatexenc reads \textasciicircum as a modifier letter; a BibTeX file means "^".
_context = get_default_latex_context_db()
_context.add_context_category(
    "portfolio-ascii",
    macros=[
        MacroTextSpec("textasciicircum", simplify_repl="^"),
        MacroTextSpec("textquotedbl", simplify_repl='"'),
    ],
    prepend=True,
)
_latex = LatexNodes2Text(latex_context=_context, math_mode="text", strict_latex_spaces=True)
_arxiv_plain = re.compile(r"(?:arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})(?:v\d+)?$", re.I)
_doi = re.compile(rf"{DOI}$")


NO_ENTRIES = "No BibTeX entries found: an entry starts like @article{key, ..."
_entry_start = re.compile(r"@\s*(?!(?:string|comment|preamble)\b)[a-z]+\s*[{(]", re.I)


def has_entries(text: str) -> bool:
    """Whether the text holds at least one entry (not only @string or @comment)."""
    return bool(_entry_start.search(text))


def to_text(value: str) -> str:
    """LaTeX to Unicode: accents, protective braces, dashes; white space folded."""
    return unicodedata.normalize("NFC", " ".join(_latex.latex_to_text(value).split()))


# Fields that hold addresses and identifiers, not text: no LaTeX is decoded in them
# ("~", "%", "&" and "--" are common in URLs and DOIs).
VERBATIM_FIELDS = {"doi", "url", "pdf", "eprint", "archiveprefix", "eprinttype"}


def verbatim_text(value: str) -> str:
    """A URL or identifier field as written: \\url{...} unwrapped, protective braces
    and backslash escapes (\\_, \\%, \\&, \\#, \\~) removed, a space inside
    percent-encoded."""
    value = value.strip()
    # Braces cannot nest inside \url{...}: without them the pattern stays linear.
    wrapped = re.fullmatch(r"\\(?:url|href)\s*\{([^{}]*)\}(?:\s*\{[^{}]*\})?", value)
    if wrapped:
        value = wrapped.group(1)
    value = re.sub(r"\\([%&_#$~])", r"\1", value).replace("{", "").replace("}", "")
    return re.sub(r"\s+", "%20", value.strip())


# An accent or a special letter written in LaTeX: \"u, {\"u}, \v{C}, \~{\^e}, \c c, \ss.
# As in LaTeX, the spaces after a control word belong to it ("S\o ren" is Søren),
# except before "and", where BibTeX splits the names first.
_accent = re.compile(
    r"""\\(?:
        [`'^"~=.]\s*(?:\{[^{}]*\}|[^\W\d_]|\\[ij](?![A-Za-z])(?:[ \t]+(?!and\b))?)
      | [uvHcdbkrt](?:\s*\{[^{}]*\}|\s+[A-Za-z])
      | (?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:[ \t]+(?!and\b))?
    )""",
    re.X,
)


def decode_accents(value: str) -> str:
    """Accents to Unicode letters and nothing else, so that a name list can still be
    split by BibTeX's rules: "Pe\\~{n}a" must not read as two words."""
    return _accent.sub(lambda m: to_text(m.group(0)), value)


@dataclass
class Outcome:
    key: str
    line: int
    action: str
    title: str = ""
    message: str = ""
    publication: Publication | None = None


@dataclass
class Entry:
    """One BibTeX entry, decoded into the fields of a Publication."""

    key: str
    line: int
    title: str
    kind: str
    year: int
    month: int | None
    venue: str = ""
    note: str = ""
    abstract: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    truncated_authors: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    @property
    def doi(self) -> str:
        return next((doi_of(url) for kind, url in self.links if kind == "doi"), "")

    @property
    def arxiv_id(self) -> str:
        return next((arxiv_id_of(url) for kind, url in self.links if kind == "arxiv"), "")


class EntryError(ValueError):
    pass


def normalise_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", title).casefold())


def normalise_name(name: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", name).casefold())


# --- Parsing ------------------------------------------------------------------------


def kind_of(entry_type: str, fields: dict[str, str], arxiv_id: str) -> str:
    entry_type = entry_type.lower()
    venue = (fields.get("booktitle") or fields.get("journal") or "").lower()
    if entry_type in {"inproceedings", "conference", "proceedings"}:
        return "workshop" if "workshop" in venue else "conference"
    if entry_type == "article":
        if "arxiv" in venue or venue.strip() == "corr" or (not venue and arxiv_id):
            return "preprint"
        return "journal"
    if entry_type in {"incollection", "inbook", "book"}:
        return "chapter"
    if entry_type in {"phdthesis", "mastersthesis", "thesis"}:
        return "thesis"
    published_as = (fields.get("howpublished", "") + fields.get("publisher", "")).lower()
    if arxiv_id or "arxiv" in published_as:
        return "preprint"
    return "other"


def links_of(fields: dict[str, str]) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    doi = fields.get("doi", "").strip()
    # Old DOIs (SICI) hold characters a URL must percent-encode.
    doi = doi.translate({ord(c): f"%{ord(c):02X}" for c in '<>"\\'})
    if doi:
        match = _doi.search(doi)
        if not match:
            raise EntryError(f"doi {doi!r} is not a DOI")
        links.append(("doi", f"https://doi.org/{match.group(1)}"))
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = fields.get("eprint", "").strip()
    candidates = [eprint] if eprint and archive in {"arxiv", ""} else []
    candidates.append(fields.get("journal", "").split()[-1] if fields.get("journal") else "")
    for candidate in candidates:
        match = _arxiv_plain.match(candidate.strip())
        if match:
            links.append(("arxiv", f"https://arxiv.org/abs/{match.group(1)}"))
            break
    for name in ("pdf", "url"):
        url = fields.get(name, "").strip()
        if not url or any(url == existing for _, existing in links):
            continue
        if not re.match(r"^https?://", url, re.I):
            raise EntryError(f"{name} {url!r} is not an http(s) address")
        if arxiv_id_of(url):
            kind = "arxiv"
        elif doi_of(url):
            kind = "doi"
        elif name == "pdf" or url.lower().endswith(".pdf"):
            kind = "pdf"
        elif re.match(r"https?://(?:www\.)?openreview\.net/forum\b", url, re.I):
            kind = "openreview"
        else:
            kind = "other"
        if not any(k == kind and kind in {"arxiv", "doi"} for k, _ in links):
            links.append((kind, url))
    return links


def authors_of(value: str) -> tuple[list[tuple[str, str]], bool]:
    """(given, family) pairs in order, and whether the list ended with "and others"."""
    authors, truncated = [], False
    # A stray "and" at either end, or twice in a row, separates no one.
    value = re.sub(r"(?:\s+and)+\s+", " and ", f" {decode_accents(value)} ", flags=re.I)
    value = re.sub(r"^\s*and\s|\sand\s*$", "", value.strip(), flags=re.I)
    try:
        names = [n for n in split_multiple_persons_names(value) if n.strip()]
        people = [parse_single_name_into_parts(n, strict=True) for n in names]
    except InvalidNameError as error:
        raise EntryError(f"author: {error}") from None
    for parts in people:
        family = to_text(" ".join(parts.von + parts.last))
        if family.lower() == "others" and not parts.first:
            truncated = True
            continue
        if parts.jr:
            family = f"{family}, {to_text(' '.join(parts.jr))}"
        authors.append((to_text(" ".join(parts.first)), family))
    return authors, truncated


def count_entries(text: str) -> int:
    """How many entries the text starts (a linear scan, before any parsing)."""
    return len(_entry_start.findall(text))


def parse(text: str, deadline: Deadline | None = None) -> tuple[list[Entry], list[Outcome]]:
    """Entries that decoded, and an error outcome for every block that did not."""
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
        errors.append(Outcome(key, block.start_line + 1, ERROR, message=message))

    strings = {block.key.lower(): str(block.value) for block in library.strings}
    entries = []
    total = len(library.entries)
    for number, raw in enumerate(library.entries):
        deadline.check(number, total)
        line = raw.start_line + 1
        try:
            entries.append(decode(raw, line, strings))
        except EntryError as error:
            errors.append(Outcome(raw.key, line, ERROR, message=str(error)))
        except (RecursionError, ValueError, TypeError, AttributeError) as error:
            # Whatever else a strange entry triggers, it is that entry's problem only.
            message = f"could not be read ({type(error).__name__})"
            errors.append(Outcome(raw.key, line, ERROR, message=message))
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


def decode(raw, line: int, strings: dict[str, str] | None = None) -> Entry:
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
                # abbreviation in pages or publisher is left as written.
                if name in STORED_FIELDS:
                    raise EntryError(f"{name}: {error}") from None
        fields[name] = value
    author_field = str(fields.pop("author", ""))
    texts = {
        name: verbatim_text(str(value)) if name in VERBATIM_FIELDS else to_text(str(value))
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
    authors, truncated = authors_of(author_field)
    links = links_of(texts)
    arxiv_id = next((arxiv_id_of(url) for k, url in links if k == "arxiv"), "")
    venue = next(
        (texts[n] for n in ("booktitle", "journal", "school", "institution") if texts.get(n)),
        "",
    )
    if not venue and raw.entry_type.lower() == "misc":
        venue = texts.get("howpublished", "")
    topics = [t for t in map(clean_topic, re.split(r"[,;]", texts.get("keywords", ""))) if t]
    return Entry(
        key=raw.key,
        line=line,
        title=title,
        kind=kind_of(raw.entry_type, texts, arxiv_id),
        year=int(year_text),
        month=month,
        venue=venue,
        note=texts.get("note", ""),
        abstract=texts.get("abstract", ""),
        authors=authors,
        truncated_authors=truncated,
        links=links,
        topics=topics,
    )


# --- Writing ----------------------------------------------------------------------


class Catalogue:
    """What the database already holds, for matching authors and duplicates."""

    def __init__(self):
        self.by_key, self.by_doi = {}, {}
        self.by_arxiv, self.by_title = defaultdict(list), defaultdict(list)
        self.imported: set[int] = set()  # publications written by this import
        self.first_family: dict[int, str] = {}
        publications = Publication.objects.prefetch_related(
            "links", Prefetch("authorships", queryset=Authorship.objects.select_related("author"))
        )
        for publication in publications:
            self.add(publication)
        self.authors = list(Author.objects.all())

    def add(self, publication: Publication, imported: bool = False):
        if imported:
            self.imported.add(publication.pk)
        first = next(iter(publication.authorships.all()), None)
        self.first_family[publication.pk] = (
            normalise_name(first.author.family_name) if first else ""
        )
        self.by_key[publication.citation_key] = publication
        if publication.doi:
            self.by_doi[publication.doi.lower()] = publication
        if publication.arxiv_id and publication not in self.by_arxiv[publication.arxiv_id]:
            self.by_arxiv[publication.arxiv_id].append(publication)
        title = self.by_title[normalise_title(publication.title)]
        if publication not in title:
            title.append(publication)

    def match(self, entry: Entry) -> tuple[Publication | None, str, list[Publication]]:
        """(duplicate, what matched, other versions).

        The same DOI, or the same citation key and title, is the same publication.
        The same arXiv id or title is too when the kind and year agree, or when one
        of the two is a preprint (the arXiv record of a published paper). Otherwise
        the entry is another version of the work (a workshop paper and its
        conference version, say).
        """
        same_key = self.by_key.get(entry.key)
        if same_key and normalise_title(same_key.title) == normalise_title(entry.title):
            return same_key, "citation key", []
        if entry.doi and entry.doi.lower() in self.by_doi:
            return self.by_doi[entry.doi.lower()], "DOI", []
        related = []
        preprint = Publication.Kind.PREPRINT
        for label, candidates in (
            ("arXiv id", self.by_arxiv.get(entry.arxiv_id, []) if entry.arxiv_id else []),
            ("title", self.by_title.get(normalise_title(entry.title), [])),
        ):
            for candidate in candidates:
                if (candidate.kind, candidate.year) == (entry.kind, entry.year):
                    return candidate, label, []
            for candidate in candidates:
                if preprint in (entry.kind, candidate.kind) and self.same_work(
                    entry, candidate, by_title=label == "title"
                ):
                    if entry.kind == preprint:
                        return candidate, PREPRINT_OF.format(label), []
                    return candidate, label, []
                if candidate not in related:
                    related.append(candidate)
        return None, "", related

    def same_work(self, entry: Entry, candidate: Publication, by_title: bool) -> bool:
        """Whether a preprint and a paper (one of them already here before this
        import) are one work. Two entries of one file are two versions, as the file
        says. A shared title alone is not enough: the years must be close and the
        first authors the same."""
        if candidate.pk in self.imported:
            return False
        if not by_title:
            return True
        family = self.first_family.get(candidate.pk, "")
        entry_family = normalise_name(entry.authors[0][1]) if entry.authors else ""
        return abs(candidate.year - entry.year) <= 2 and family == entry_family

    def author(self, given: str, family: str) -> Author:
        """The existing person with this name, or a new one: a person is never duplicated.

        An exact name wins; otherwise initials ("E." or "E") match a unique person
        with the same family name and a given name with those initials, and the
        other way round.
        """
        family_key, given_key = normalise_name(family), normalise_name(given)
        same_family = [a for a in self.authors if normalise_name(a.family_name) == family_key]
        exact = [a for a in same_family if normalise_name(a.given_name) == given_key]
        if exact:
            return exact[0]
        initials = "".join(word[0] for word in re.split(r"[\s.\-]+", given) if word).casefold()
        compatible = [
            a
            for a in same_family
            if initials
            and (
                "".join(w[0] for w in re.split(r"[\s.\-]+", a.given_name) if w).casefold()
                == initials
            )
            and (is_initials(given) or is_initials(a.given_name))
        ]
        if len(compatible) == 1:
            return compatible[0]
        author = Author(
            given_name=given, family_name=family, slug=unique_slug(Author, f"{given} {family}")
        )
        author.full_clean()
        author.save()
        self.authors.append(author)
        return author


def is_initials(given: str) -> bool:
    return all(len(word) == 1 for word in re.split(r"[\s.\-]+", given) if word)


def unique_slug(model, text: str, exclude_pk=None) -> str:
    base = slugify(text)[:80].strip("-") or model._meta.model_name
    slug, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def write(entry: Entry, publication: Publication, catalogue: Catalogue) -> Publication:
    publication.title = entry.title
    publication.kind = entry.kind
    publication.year, publication.month = entry.year, entry.month
    publication.venue = entry.venue or publication.venue
    publication.note = entry.note or publication.note
    publication.abstract = entry.abstract or publication.abstract
    if not publication.slug:
        publication.slug = unique_slug(Publication, entry.title)
    # Keep the file's key unless it is unusable or another publication has it. Then
    # an updated publication keeps its own key, and a new one gets a key made from
    # the first author once the authors are saved.
    key_taken = Publication.objects.exclude(pk=publication.pk).filter(citation_key=entry.key)
    usable = (
        len(entry.key) <= Publication._meta.get_field("citation_key").max_length
        and re.fullmatch(r"[A-Za-z0-9_:.\-]+", entry.key)
        and not key_taken.exists()
    )
    make_key = not usable and not publication.citation_key
    if usable:
        publication.citation_key = entry.key
    elif make_key:
        publication.citation_key = ""
    publication.full_clean()
    publication.save()

    people = []
    if (
        entry.truncated_authors
        and publication.pk
        and (publication.authorships.count() > len(entry.authors))
    ):
        # "and others" in the file: keep the complete list already here.
        entry = replace(entry, authors=[])
    for given, family in entry.authors:
        person = catalogue.author(given, family)
        if person not in people:  # a person listed twice is kept once
            people.append(person)
    if people:
        publication.authorships.all().delete()
        Authorship.objects.bulk_create(
            Authorship(publication=publication, author=person, position=i)
            for i, person in enumerate(people, start=1)
        )
    if make_key:
        publication.citation_key = publication.make_citation_key(people[0] if people else None)
        publication.save(update_fields=["citation_key"])

    existing = {(link.kind, link.url) for link in publication.links.all()}
    for order, (kind, url) in enumerate(entry.links, start=1):
        if (kind, url) not in existing:
            link = PublicationLink(publication=publication, kind=kind, url=url, order=order)
            link.full_clean()
            link.save()
    if entry.topics:
        publication.tags.add(*entry.topics)
    catalogue.add(publication, imported=True)
    return publication


def import_bibtex(
    text: str, *, update: bool = False, dry_run: bool = False, seconds: float | None = None
) -> list[Outcome]:
    """Import every entry of ``text``; see the module docstring. With ``seconds``,
    raise TooSlow, having written nothing, when the import takes longer."""
    from django.core.exceptions import ValidationError

    deadline = Deadline(seconds)
    entries, outcomes = parse(text, deadline)
    with transaction.atomic():
        catalogue = Catalogue()
        for number, entry in enumerate(entries):
            deadline.check(number, len(entries))
            duplicate, matched_by, versions = catalogue.match(entry)
            outcome = Outcome(entry.key, entry.line, CREATED, title=entry.title)
            notes = []
            if entry.truncated_authors:
                notes.append('the author list ends with "and others": the named authors are kept')
            keep = matched_by.endswith(PREPRINT_OF.format(""))
            if duplicate and (keep or not update):
                outcome.action, outcome.publication = SKIPPED, duplicate
                notes.append(f"already here (same {matched_by}): {duplicate.title}")
                outcome.message = "; ".join(notes)
                outcomes.append(outcome)
                continue
            try:
                with transaction.atomic():
                    publication = write(entry, duplicate or Publication(), catalogue)
                    publication.versions.add(*versions)
            except ValidationError as error:
                outcome.action = ERROR
                notes += [f"{name}: {' '.join(text)}" for name, text in error.message_dict.items()]
            except (DatabaseError, ValueError) as error:
                outcome.action = ERROR
                notes.append(f"could not be saved: {str(error).splitlines()[0]}")
            else:
                outcome.publication = publication
                if duplicate:
                    outcome.action = UPDATED
                    notes.append(f"matched by {matched_by}")
                if versions:
                    titles = ", ".join(
                        f"{v.title} ({', '.join(filter(None, [v.venue_display, str(v.year)]))})"
                        for v in versions
                    )
                    notes.append(f"another version of {titles}")
            outcome.message = "; ".join(notes)
            outcomes.append(outcome)
        if dry_run:
            transaction.set_rollback(True)
    return sorted(outcomes, key=lambda o: o.line)


def summarise(outcomes: list[Outcome]) -> str:
    """'2 created, 1 updated, 0 skipped, 1 error'"""
    counts = {action: 0 for action in (CREATED, UPDATED, SKIPPED, ERROR)}
    for outcome in outcomes:
        counts[outcome.action] += 1
    errors = counts.pop(ERROR)
    parts = [f"{n} {action}" for action, n in counts.items()]
    return ", ".join([*parts, f"{errors} error{'s' if errors != 1 else ''}"])
