"""ORCID as a source: a researcher's public record, read into plain data.

``fetch(orcid)`` asks ORCID's public API for the record (``/{iD}/record``) and
for the full works the import uses (``/{iD}/works/{put-code,...}``, a hundred
at a time: only the full works name their contributors). ``read(fetched)``
turns the answers into the profile, the positions and awards, and one record
per publication, with no database; the answers are plain JSON, so that the
admin can keep them between its preview and the import.

Each ORCID group of works is one work: its published version is the entry, and
a preprint of it is a second record, another version of the first.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts
from django.db import transaction

from portfolio.core.xml import xml_safe
from portfolio.positions.models import Position
from portfolio.profile.models import Profile, ProfileLink
from portfolio.publications.identifiers import (
    ORCID_ID,
    arxiv_id_in,
    arxiv_url,
    doi_in,
    doi_url,
    orcid_in,
    orcid_url,
    pmc_url,
    pmcid_in,
    pmid_in,
    pubmed_url,
)
from portfolio.publications.links import link_kind_of, preprint_server
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record
from portfolio.richtext.text import plain_lines

from .. import http
from ..entries import EntryWriter
from ..matching import Owner
from ..models import Origin
from ..outcomes import Action, Outcome
from ..pipeline import run
from ..records import EntryRecord

SOURCE = "orcid"
ACCEPT = "application/json"
# ORCID's bulk endpoint returns at most a hundred works per request.
BULK_SIZE = 100

Kind = Publication.Kind
LinkKind = PublicationLink.Kind


class InvalidOrcid(ValueError):
    """Text that is not an ORCID iD; the message says what is wrong with it."""


def orcid_id(text: str) -> str:
    """The iD in ``text`` ("0000-0002-1825-0097", or its https://orcid.org/ address);
    InvalidOrcid, saying what is wrong, if it is not one."""
    found = orcid_in(text)
    if found:
        return found
    written = (text or "").strip()
    address = rf"(?:(?:https?://)?(?:www\.)?orcid\.org/)?{ORCID_ID}/?"
    if re.fullmatch(address, written.upper(), re.I):
        raise InvalidOrcid(
            f"{written} is not an ORCID iD: its last character does not match the others "
            "(a digit mistyped?)."
        )
    raise InvalidOrcid(
        f"{written!r} is not an ORCID iD: one looks like 0000-0002-1825-0097 "
        "or https://orcid.org/0000-0002-1825-0097."
    )


def source_key(orcid: str, section: str, put_code) -> str:
    """What a row made from one ORCID item remembers: "orcid:<iD>:work:<put-code>"."""
    return f"{SOURCE}:{orcid}:{section}:{put_code}"


def orcid_of_source_key(key: str) -> str:
    parts = key.split(":")
    return parts[1] if len(parts) > 2 and parts[0] == SOURCE else ""


def site_orcid() -> str:
    """The site's ORCID iD: its profile's ORCID link, else that of the latest
    import from ORCID; "" if it has none."""
    profile = Profile.get_solo()
    if profile:
        for link in profile.links.filter(kind=ProfileLink.Kind.ORCID):
            try:
                return orcid_id(link.url)
            except InvalidOrcid:
                continue
    latest = Origin.objects.filter(source=SOURCE).order_by("-updated_at", "-pk").first()
    return orcid_of_source_key(latest.source_key) if latest else ""


# -- Fetching ---------------------------------------------------------------


def get_json(path: str, what: str):
    answer = http.get(SOURCE, path, accept=ACCEPT, what=what)
    try:
        return json.loads(answer.body)
    except ValueError as error:
        raise http.BadResponse(
            f"ORCID answered with something that is not JSON for {what} ({error})."
        ) from None


def fetch(orcid: str) -> dict:
    """The record of ``orcid`` and its full works, as ORCID sent them. Raises one
    of http's errors (NotFound names the iD); nothing is written."""
    what = f"ORCID iD {orcid}"
    record = get_json(f"{orcid}/record", what)
    if not isinstance(record, dict) or not isinstance(record.get("person"), dict):
        raise http.BadResponse(f"ORCID's answer for {what} is not an ORCID record.")
    works = []
    for codes in batches(wanted_put_codes(record)):
        bulk = get_json(f"{orcid}/works/{','.join(codes)}", f"the works of {what}")
        if not isinstance(bulk, dict) or not isinstance(bulk.get("bulk"), list):
            raise http.BadResponse(f"ORCID's answer for the works of {what} is not a list.")
        works += [
            item["work"] for item in bulk["bulk"] if isinstance(item, dict) and "work" in item
        ]
    fetched = {"orcid": orcid, "record": record, "works": works}
    read(fetched)  # an answer of a shape that cannot be read fails here, before any write
    return fetched


def batches(codes: list[str]) -> list[list[str]]:
    return [codes[i : i + BULK_SIZE] for i in range(0, len(codes), BULK_SIZE)]


def wanted_put_codes(record: dict) -> list[str]:
    """The put-codes of the works the import makes: each group's entry and preprint."""
    codes = []
    for group in groups_of(record):
        for summary in chosen(group):
            if summary is not None:
                codes.append(str(summary.get("put-code")))
    return codes


# -- Reading ----------------------------------------------------------------


def at(data, *path, default=None):
    """data[path[0]][path[1]]..., or ``default`` where any step is missing or null."""
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and -len(data) <= step < len(data):
            data = data[step]
        else:
            return default
        if data is None:
            return default
    return data


def text(value) -> str:
    """A text as the site keeps it: control characters out, plain line breaks, trimmed."""
    if isinstance(value, dict):
        value = value.get("value")
    return plain_lines(xml_safe(str(value))).strip() if value is not None else ""


def number(value) -> int | None:
    value = text(value)
    return int(value) if value.isdigit() else None


def display_index(item: dict) -> int:
    return number(item.get("display-index")) or 0


@dataclass
class OrcidData:
    """What an ORCID record holds for the site, read: the profile, its links, the
    positions and awards, the publications, and the works that cannot be made."""

    orcid: str
    profile: EntryRecord
    # (given, family): the owner as the author of a work that names nobody.
    owner: tuple[str, str]
    entries: list[EntryRecord] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    # Works that cannot be made, each with why.
    skipped: list[Outcome] = field(default_factory=list)


def read(fetched: dict) -> OrcidData:
    """The plain data of ``fetch()``'s answers (no database). BadResponse when
    ORCID's JSON is not of the shape its API documents."""
    try:
        return _read(fetched)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as error:
        raise http.BadResponse(
            f"ORCID's record for {fetched.get('orcid')} is not of the shape its API "
            f"documents, and could not be read ({type(error).__name__}: {error})."
        ) from None


def _read(fetched: dict) -> OrcidData:
    orcid, record = fetched["orcid"], fetched["record"]
    person = record.get("person") or {}
    profile, owner = profile_of(orcid, person)
    data = OrcidData(orcid, profile, owner)
    data.entries += links_of(orcid, person)
    activities = record.get("activities-summary") or {}
    data.entries += affiliations_of(orcid, activities)
    works = {
        str(work.get("put-code")): work for work in fetched["works"] if isinstance(work, dict)
    }
    works_of(data, groups_of(record), works)
    return data


def profile_of(orcid: str, person: dict) -> tuple[EntryRecord, tuple[str, str]]:
    """The profile's fields, and the owner's (given, family) name."""
    given, family = (
        text(at(person, "name", "given-names")),
        text(at(person, "name", "family-name")),
    )
    credit = text(at(person, "name", "credit-name"))
    name = credit or " ".join(p for p in (given, family) if p)
    as_author = (given, family) if family else split_name(name)
    keywords = sorted(
        at(person, "keywords", "keyword", default=[]), key=display_index, reverse=True
    )
    interests = ", ".join(t for t in (text(k.get("content")) for k in keywords) if t)
    emails = [
        text(e.get("email"))
        for e in at(person, "emails", "email", default=[])
        if e.get("visibility", "public") == "public" and text(e.get("email"))
    ]
    values = {
        "name": name[:200],
        "bio": text(at(person, "biography", "content")),
        "interests": interests,
        "email": emails[0] if emails else "",
    }
    key = source_key(orcid, "person", orcid)
    return EntryRecord("profile", "profile", "Profile", SOURCE, key, values), as_author


LinkKindP = ProfileLink.Kind
_HOSTS = [
    (r"(^|\.)scholar\.google\.", LinkKindP.GOOGLE_SCHOLAR),
    (r"(^|\.)github\.com$", LinkKindP.GITHUB),
    (r"(^|\.)linkedin\.com$", LinkKindP.LINKEDIN),
    (r"(^|\.)dblp\.(org|uni-trier\.de)$", LinkKindP.DBLP),
    (r"(^|\.)semanticscholar\.org$", LinkKindP.SEMANTIC_SCHOLAR),
    (r"(^|\.)researchgate\.net$", LinkKindP.RESEARCHGATE),
    (r"(^|\.)openreview\.net$", LinkKindP.OPENREVIEW),
    (r"(^|\.)orcid\.org$", LinkKindP.ORCID),
    (r"(^|\.)bsky\.app$", LinkKindP.BLUESKY),
    (r"(^|\.)(twitter|x)\.com$", LinkKindP.X),
    (r"(^|\.)mastodon\.|^mstdn\.|^fosstodon\.org$", LinkKindP.MASTODON),
]


def profile_link_kind(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return next((kind for pattern, kind in _HOSTS if re.search(pattern, host)), LinkKindP.OTHER)


def links_of(orcid: str, person: dict) -> list[EntryRecord]:
    entries = [
        EntryRecord(
            "link",
            "ORCID iD",
            "Profile link",
            SOURCE,
            source_key(orcid, "orcid-id", orcid),
            {"kind": LinkKindP.ORCID, "label": "", "url": orcid_url(orcid)},
        )
    ]
    urls = sorted(
        at(person, "researcher-urls", "researcher-url", default=[]),
        key=display_index,
        reverse=True,
    )
    for item in urls:
        url = text(at(item, "url"))
        if not url:
            continue
        kind = profile_link_kind(url)
        label = text(item.get("url-name"))[:100] if kind == LinkKindP.OTHER else ""
        code = item.get("put-code")
        entries.append(
            EntryRecord(
                "link",
                f"researcher-url {code}",
                "Profile link",
                SOURCE,
                source_key(orcid, "researcher-url", code),
                {"kind": kind, "label": label, "url": url},
            )
        )
    return entries


# ORCID's sections of affiliations, each with its kind of position here.
AFFILIATIONS = [
    ("employments", "employment", Position.Kind.EMPLOYMENT),
    ("invited-positions", "invited-position", Position.Kind.VISITING),
    ("services", "service", Position.Kind.SERVICE),
    ("educations", "education", Position.Kind.EDUCATION),
    ("distinctions", "distinction", None),  # an award
]


def partial_date(date) -> tuple[int | None, int | None]:
    year, month = number(at(date, "year")), number(at(date, "month"))
    return year, month if year and month and 1 <= month <= 12 else None


def affiliations_of(orcid: str, activities: dict) -> list[EntryRecord]:
    entries = []
    for section, name, kind in AFFILIATIONS:
        for group in at(activities, section, "affiliation-group", default=[]):
            summaries = [s.get(f"{name}-summary") for s in at(group, "summaries", default=[]) if s]
            summaries = [s for s in summaries if isinstance(s, dict)]
            if not summaries:
                continue
            # One group is one affiliation, as one source or several told it.
            item = max(summaries, key=display_index)
            entries.append(affiliation(orcid, name, kind, item))
    return entries


def affiliation(orcid: str, name: str, kind: str | None, item: dict) -> EntryRecord:
    organisation = text(at(item, "organization", "name"))
    address = at(item, "organization", "address", default={})
    location = ", ".join(
        p for p in (text(address.get(k)) for k in ("city", "region", "country")) if p
    )
    start_year, start_month = partial_date(item.get("start-date"))
    end_year, end_month = partial_date(item.get("end-date"))
    role, department = text(item.get("role-title")), text(item.get("department-name"))
    code = item.get("put-code")
    key = source_key(orcid, name, code)
    preview = f"{name.replace('-', ' ')} {code}"
    if kind is None:
        if (end_year, end_month) == (start_year, start_month):
            end_year = end_month = None
        values = {
            "title": role or department or organisation,
            "giver": organisation,
            "start_year": start_year,
            "start_month": start_month,
            "end_year": end_year,
            "end_month": end_month,
        }
        return EntryRecord("award", preview, "Award", SOURCE, key, values)
    values = {
        "kind": kind,
        "organisation": organisation,
        "location": location,
        "start_year": start_year,
        "start_month": start_month,
        "end_year": end_year,
        "end_month": end_month,
        # No end date on ORCID is an affiliation that goes on.
        "is_current": bool(start_year and not end_year),
    }
    if kind == Position.Kind.EDUCATION:
        values.update(degree=role, field=department)
    else:
        values.update(role=role, unit=department)
    return EntryRecord("position", preview, Position.Kind(kind).label, SOURCE, key, values)


# -- Works ------------------------------------------------------------------

# ORCID's work types, as the kinds of publication here.
WORK_KINDS = {
    "journal-article": Kind.JOURNAL,
    "journal-issue": Kind.JOURNAL,
    "magazine-article": Kind.JOURNAL,
    "conference-paper": Kind.CONFERENCE,
    "conference-abstract": Kind.CONFERENCE,
    "conference-poster": Kind.CONFERENCE,
    "conference-output": Kind.CONFERENCE,
    "conference-proceedings": Kind.CONFERENCE,
    "book": Kind.BOOK,
    "edited-book": Kind.BOOK,
    "book-chapter": Kind.CHAPTER,
    "dissertation": Kind.THESIS,
    "dissertation-thesis": Kind.THESIS,
    "preprint": Kind.PREPRINT,
    "working-paper": Kind.PREPRINT,
}
PUBLISHED = {kind for kind in WORK_KINDS.values() if kind != Kind.PREPRINT}
# The contributor roles of an author (ORCID leaves the role out for most).
AUTHOR_ROLES = {"", "author", "co-inventor", "other-inventor"}


def groups_of(record: dict) -> list[dict]:
    return [g for g in at(record, "activities-summary", "works", "group", default=[]) if g]


def external_ids(item: dict) -> list[tuple[str, str, str]]:
    """(type, value, relationship) of each identifier of a work."""
    return [
        (text(e.get("external-id-type")).lower(), text(e.get("external-id-value")),
         text(e.get("external-id-relationship")).lower() or "self")
        for e in at(item, "external-ids", "external-id", default=[])
        if isinstance(e, dict)
    ]  # fmt: skip


def dois_of(item: dict, relationship: str = "self") -> list[str]:
    return [
        doi
        for kind, value, rel in external_ids(item)
        if kind == "doi" and rel == relationship and (doi := doi_in(value))
    ]


def server_of(item: dict) -> str:
    """The preprint server a work is on, by its journal title, DOIs and arXiv ids
    (a journal paper with an arXiv copy is the journal's), or ''."""
    arxiv = [
        arxiv_url(arxiv_id_in(value))
        for kind, value, rel in external_ids(item)
        if kind == "arxiv" and rel == "self" and arxiv_id_in(value)
    ]
    return preprint_server(text(at(item, "journal-title")), dois_of(item), arxiv)


def is_preprint(item: dict) -> bool:
    return text(item.get("type")) in ("preprint", "working-paper") or bool(server_of(item))


def chosen(group: dict) -> tuple[dict | None, dict | None]:
    """The entry of a group and the preprint of it, if any: the published version
    (a DOI first, then the highest display index) and a preprint beside it; a
    group of preprints (or of other things) is its best one alone."""
    summaries = [s for s in at(group, "work-summary", default=[]) if isinstance(s, dict)]
    if not summaries:
        return None, None

    def rank(summary):
        return (bool(dois_of(summary)), display_index(summary))

    preprints = [s for s in summaries if is_preprint(s)]
    published = [
        s
        for s in summaries
        if s not in preprints and WORK_KINDS.get(text(s.get("type"))) in PUBLISHED
    ]
    others = [s for s in summaries if s not in preprints and s not in published]
    if published:
        return max(published, key=rank), max(preprints, key=rank) if preprints else None
    return max(others or preprints, key=rank), None


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a name as written ("Ada Lovelace", "Lovelace, Ada",
    "Ludwig van Beethoven")."""
    name = " ".join(name.split())
    if not name:
        return "", ""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except InvalidNameError:
        given, _, family = name.rpartition(" ")
        return given, family
    family = " ".join(parts.von + parts.last)
    if parts.jr:
        family = f"{family}, {' '.join(parts.jr)}"
    return " ".join(parts.first), family


def contributors_of(work: dict) -> tuple[list[tuple[str, str]], list[str]]:
    authors, orcids = [], []
    for contributor in at(work, "contributors", "contributor", default=[]):
        role = text(at(contributor, "contributor-attributes", "contributor-role")).lower()
        name = text(at(contributor, "credit-name"))
        if role not in AUTHOR_ROLES or not name:
            continue
        given, family = split_name(name)
        if not family:
            continue
        authors.append((given, family))
        orcids.append(orcid_in(text(at(contributor, "contributor-orcid", "path"))))
    return authors, orcids


def work_links(item: dict) -> list[tuple[str, str]]:
    links, seen = [], set()

    def add(kind, url):
        if url not in seen:
            seen.add(url)
            links.append((kind, url))

    for kind, value, rel in external_ids(item):
        if rel != "self":
            continue
        if kind == "doi" and doi_in(value):
            add(LinkKind.DOI, doi_url(doi_in(value)))
        elif kind == "arxiv" and arxiv_id_in(value):
            add(LinkKind.ARXIV, arxiv_url(arxiv_id_in(value)))
        elif kind == "pmid" and pmid_in(value):
            add(LinkKind.PUBMED, pubmed_url(pmid_in(value)))
        elif kind == "pmc" and pmcid_in(value):
            add(LinkKind.PMC, pmc_url(pmcid_in(value)))
    # One link of each of these kinds names the publication itself.
    first = {}
    for kind, url in links:
        first.setdefault(kind, url)
    links = [(kind, url) for kind, url in links if first[kind] == url]
    # A DOI the work is a version of: another version, not this one's DOI.
    for doi in dois_of(item, "version-of"):
        if (LinkKind.DOI, doi_url(doi)) not in links:
            add(LinkKind.OTHER, doi_url(doi))
    url = text(at(item, "url"))
    if url and not links and urlsplit(url).scheme in ("http", "https"):
        add(link_kind_of(url), url)
    return links


def work_record(orcid: str, summary: dict, full: dict | None, line: int, owner) -> Record | str:
    """The record of one work, or why it cannot be made."""
    item = {**summary, **(full or {})}
    title = text(at(item, "title", "title"))
    subtitle = text(at(item, "title", "subtitle"))
    if title and subtitle:
        title = f"{title}: {subtitle}"
    if not title:
        return "ORCID gives it no title"
    year, month = partial_date(item.get("publication-date"))
    if not year:
        return "ORCID gives it no publication year: add one there, or enter it here"
    kind = WORK_KINDS.get(text(item.get("type")), Kind.OTHER)
    venue, venue_short = text(at(item, "journal-title")), ""
    if is_preprint(item):
        kind, venue_short = Kind.PREPRINT, server_of(item)
        if venue_short and preprint_server(venue) == venue_short:
            venue = ""  # "arXiv", "bioRxiv": the server, named by venue_short
    if kind == Kind.CONFERENCE and "workshop" in venue.lower():
        kind = Kind.WORKSHOP
    authors, orcids = contributors_of(full or {})
    if not authors and owner[1]:
        authors, orcids = [owner], [orcid]
    code = summary.get("put-code")
    return Record(
        key=f"work {code}",
        line=line,
        title=title[:500],
        kind=kind,
        year=year,
        month=month,
        venue=venue[:300],
        venue_short=venue_short,
        abstract=text(item.get("short-description")),
        authors=authors,
        author_marks=[(False, False)] * len(authors),
        author_orcids=orcids,
        links=work_links(item),
        source=SOURCE,
        source_key=source_key(orcid, "work", code),
    )


def works_of(data: OrcidData, groups: list[dict], works: dict[str, dict]) -> None:
    line = 0
    for group in groups:
        entry, preprint = chosen(group)
        if entry is None:
            continue
        made = []
        for summary in (entry, preprint):
            if summary is None:
                continue
            line += 1
            full = works.get(str(summary.get("put-code")))
            record = work_record(data.orcid, summary, full, line, data.owner)
            if isinstance(record, str):
                title = text(at(summary, "title", "title"))
                key = f"work {summary.get('put-code')}"
                data.skipped.append(Outcome(key, line, Action.SKIPPED, title, record))
                continue
            if made:
                record.version_of = made[0].key
            made.append(record)
        data.records += made


def import_orcid(fetched: dict, *, dry_run: bool = False) -> list[Outcome]:
    """Write what ``fetch()`` brought (see ``read``), all in one transaction: the
    profile and its links, the positions and awards, then the publications
    through the pipeline, the owner known by the iD. One outcome per item, in
    that order; with ``dry_run`` nothing stays written."""
    data = read(fetched)
    entries = [data.profile, *data.entries]
    with transaction.atomic():
        outcomes = EntryWriter().write(entries)
        for item in [*data.records, *data.skipped]:
            item.line += len(entries)
        profile = Profile.get_solo()
        name = profile.name if profile else data.profile.values["name"]
        outcomes += run(data.records, data.skipped, owner=Owner(data.orcid, name))
        if dry_run:
            transaction.set_rollback(True)
    return outcomes
