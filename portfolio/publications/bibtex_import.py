"""BibTeX import: parse with bibtexparser, decode LaTeX with pylatexenc, match
authors and duplicates, and write each entry atomically.

``import_bibtex(text, update=False, dry_run=False)`` returns one ``Outcome`` per
entry, in file order: created, updated, skipped (a duplicate), or an error that
names the entry's key and line. An entry in error writes nothing; the others
are still imported.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from pylatexenc.latex2text import LatexNodes2Text

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

_latex = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
_arxiv_plain = re.compile(r"(?:arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})(?:v\d+)?$", re.I)
_doi = re.compile(rf"{DOI}$")


def to_text(value: str) -> str:
    """LaTeX to Unicode: accents, protective braces, dashes; white space folded."""
    return " ".join(_latex.latex_to_text(value).split())


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
        else:
            kind = "other"
        if not any(k == kind and kind in {"arxiv", "doi"} for k, _ in links):
            links.append((kind, url))
    return links


def authors_of(names) -> tuple[list[tuple[str, str]], bool]:
    """(given, family) pairs in order, and whether the list ended with "and others"."""
    authors, truncated = [], False
    for parts in names or []:
        family = to_text(" ".join(parts.von + parts.last))
        if family.lower() == "others" and not parts.first:
            truncated = True
            continue
        if parts.jr:
            family = f"{family}, {to_text(' '.join(parts.jr))}"
        authors.append((to_text(" ".join(parts.first)), family))
    return authors, truncated


def parse(text: str) -> tuple[list[Entry], list[Outcome]]:
    """Entries that decoded, and an error outcome for every block that did not."""
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.MonthIntMiddleware(True),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
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

    entries = []
    for raw in library.entries:
        line = raw.start_line + 1
        try:
            entries.append(decode(raw, line))
        except EntryError as error:
            errors.append(Outcome(raw.key, line, ERROR, message=str(error)))
        except (RecursionError, ValueError, TypeError, AttributeError) as error:
            # Whatever else a strange entry triggers, it is that entry's problem only.
            message = f"could not be read ({type(error).__name__})"
            errors.append(Outcome(raw.key, line, ERROR, message=message))
    return entries, errors


def decode(raw, line: int) -> Entry:
    fields = {
        name.lower(): value
        for name, value in ((f.key, f.value) for f in raw.fields)
        if name.lower() != "author"
    }
    texts = {name: to_text(str(value)) for name, value in fields.items()}
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
    author_field = next((f.value for f in raw.fields if f.key.lower() == "author"), [])
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
        for publication in Publication.objects.prefetch_related("links"):
            self.add(publication)
        self.authors = list(Author.objects.all())

    def add(self, publication: Publication):
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
        The same arXiv id or title is too when the kind and year agree; otherwise the
        entry is another version of the work (a workshop paper and its conference
        version, say).
        """
        same_key = self.by_key.get(entry.key)
        if same_key and normalise_title(same_key.title) == normalise_title(entry.title):
            return same_key, "citation key", []
        if entry.doi and entry.doi.lower() in self.by_doi:
            return self.by_doi[entry.doi.lower()], "DOI", []
        related = []
        for label, candidates in (
            ("arXiv id", self.by_arxiv.get(entry.arxiv_id, []) if entry.arxiv_id else []),
            ("title", self.by_title.get(normalise_title(entry.title), [])),
        ):
            for candidate in candidates:
                if (candidate.kind, candidate.year) == (entry.kind, entry.year):
                    return candidate, label, []
                if candidate not in related:
                    related.append(candidate)
        return None, "", related

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
    # Keep the file's key unless another publication has it; an empty key is made
    # from the first author once the authors are saved.
    key_taken = Publication.objects.exclude(pk=publication.pk).filter(citation_key=entry.key)
    usable = re.fullmatch(r"[A-Za-z0-9_:.\-]+", entry.key) and not key_taken.exists()
    publication.citation_key = entry.key if usable else ""
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
    if not usable:
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
    catalogue.add(publication)
    return publication


def import_bibtex(text: str, *, update: bool = False, dry_run: bool = False) -> list[Outcome]:
    """Import every entry of ``text``; see the module docstring."""
    from django.core.exceptions import ValidationError

    entries, outcomes = parse(text)
    with transaction.atomic():
        catalogue = Catalogue()
        for entry in entries:
            duplicate, matched_by, versions = catalogue.match(entry)
            outcome = Outcome(entry.key, entry.line, CREATED, title=entry.title)
            notes = []
            if entry.truncated_authors:
                notes.append('the author list ends with "and others": the named authors are kept')
            if duplicate and not update:
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
                        f"{v.title} ({v.venue_display}, {v.year})" for v in versions
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
