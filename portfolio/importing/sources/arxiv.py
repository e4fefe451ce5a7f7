"""arXiv as a source: the arXiv API's Atom feed, up to 50 papers a request.

The API has traps, each made an error naming the id: a malformed id is a feed
whose one entry is titled "Error" (HTTP 400 now, HTTP 200 before), an unknown id
is simply missing from the feed, a version that does not exist comes back as
another version, and a client that asks too often gets the plain text "Rate
exceeded.".

What arXiv describes is the preprint: the record is one, on arXiv, even when
arXiv knows the published version (``arxiv:doi``). Its DOI is the record's
``published_doi``, not a link of the preprint: the matcher takes a DOI to be
the publication itself, so a preprint carrying it would be the published paper,
and an import with updates would turn that paper back into a preprint. Adding
papers by identifier fetches the published version by that DOI, and imports it
as the entry with the preprint as another version of it.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

from portfolio.publications.identifiers import ARXIV_ID, arxiv_url, doi_in
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record

from .. import http
from ..markup import parse_xml

MAX_IDS = 50
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_PLAIN_ID = re.compile(rf"^(?:arxiv:\s*)?{ARXIV_ID}(?:v(\d+))?$", re.I)
_ENTRY_ID = re.compile(rf"arxiv\.org/abs/{ARXIV_ID}(?:v(\d+))?$", re.I)
_SUFFIX = re.compile(r",?\s+(Jr\.?|Sr\.?|II|III|IV)$")


@dataclass(frozen=True)
class ArxivId:
    """An arXiv id as arXiv keeps it: new style (1412.6622) or old style
    (hep-th/9901001; "math.GT/0309136" names the subject class too, which is not
    part of the id), and the version asked for, if any."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id


def parse_id(text: str) -> ArxivId | None:
    found = _PLAIN_ID.match((text or "").strip())
    return ArxivId(canonical(found.group(1)), _version(found.group(2))) if found else None


def canonical(arxiv_id: str) -> str:
    if "/" not in arxiv_id:
        return arxiv_id
    archive, number = arxiv_id.split("/", 1)
    return f"{archive.split('.', 1)[0].lower()}/{number}"


def _version(text: str | None) -> int | None:
    return int(text) if text else None


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a name as arXiv writes it ("Peter H. N. de With")."""
    name = " ".join(name.split())
    suffix = _SUFFIX.search(name)
    if suffix:
        name = name[: suffix.start()]
    try:
        parts = parse_single_name_into_parts(name.replace(",", " "), strict=False)
        given, family = " ".join(parts.first), " ".join(parts.von + parts.last)
    except (InvalidNameError, IndexError, ValueError):
        given, family = "", name
    if not family:
        given, family = "", name
    if suffix:
        family = f"{family}, {suffix.group(1)}"
    return given, family


def _text(entry, tag: str) -> str:
    element = entry.find(tag)
    return " ".join((element.text or "").split()) if element is not None else ""


def record_of(entry, arxiv_id: str, key: str = "") -> Record:
    published = datetime.fromisoformat(_text(entry, f"{ATOM}published").replace("Z", "+00:00"))
    authors = [
        split_name(_text(author, f"{ATOM}name"))
        for author in entry.findall(f"{ATOM}author")
        if _text(author, f"{ATOM}name")
    ]
    return Record(
        key=key or arxiv_id,
        line=0,
        title=_text(entry, f"{ATOM}title"),
        kind=Publication.Kind.PREPRINT,
        year=published.year,
        month=published.month,
        venue_short="arXiv",
        abstract=_text(entry, f"{ATOM}summary"),
        authors=authors,
        author_marks=[(False, False)] * len(authors),
        links=[(PublicationLink.Kind.ARXIV, arxiv_url(arxiv_id))],
        published_doi=doi_in(_text(entry, f"{ARXIV}doi")),
    )


def fetch(ids) -> tuple[list[Record], dict[str, http.ServiceError]]:
    """The records of the arXiv ``ids`` (as written: "1412.6622v2",
    "arXiv:hep-th/9901001"), each keyed by its id as written, in the order
    asked; and the error of each id that could not be fetched, by that id.
    NoContact propagates: nothing is fetched without a contact address."""
    found: dict[str, Record] = {}
    errors: dict[str, http.ServiceError] = {}
    wanted: dict[str, ArxivId] = {}
    for text in dict.fromkeys(ids):
        parsed = parse_id(text)
        if parsed:
            wanted[text] = parsed
        else:
            errors[text] = http.NotFound(f"{text!r} is not an arXiv id (such as 1412.6622).")
    batch = list(wanted.items())
    for start in range(0, len(batch), MAX_IDS):
        _fetch_batch(batch[start : start + MAX_IDS], found, errors)
    records = [found[text] for text in dict.fromkeys(ids) if text in found]
    return records, errors


def _fail(batch, error: http.ServiceError, errors: dict) -> None:
    for text, arxiv_id in batch:
        errors[text] = (
            error if len(batch) == 1 else type(error)(f"arXiv {arxiv_id} was not fetched: {error}")
        )


def _fetch_batch(batch: list[tuple[str, ArxivId]], found: dict, errors: dict) -> None:
    what = f"arXiv {batch[0][1]}" if len(batch) == 1 else f"a batch of {len(batch)} arXiv ids"
    params = {"id_list": ",".join(str(a) for _, a in batch), "max_results": len(batch)}
    refusal = None
    try:
        body = http.get(
            "arxiv", "query", params=params, accept="application/atom+xml", what=what
        ).body
    except http.NoContact:
        raise
    except http.BadResponse as error:
        # arXiv explains a malformed id in an error feed sent with HTTP 400.
        if not (error.response and error.response.body):
            return _fail(batch, error, errors)
        refusal, body = error, error.response.body
    except http.ServiceError as error:
        return _fail(batch, error, errors)
    if body.strip().startswith(b"Rate exceeded"):
        limited = http.RateLimited(
            f"arXiv is refusing requests for now (Rate exceeded); {what} was not fetched. "
            "Try again later."
        )
        return _fail(batch, limited, errors)
    try:
        feed = parse_xml(body, "arXiv", what)
    except http.BadResponse as error:
        return _fail(batch, refusal or error, errors)
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        if "/api/errors" in _text(entry, f"{ATOM}id") or _text(entry, f"{ATOM}title") == "Error":
            return _refused(batch, _text(entry, f"{ATOM}summary"), what, found, errors)
    if refusal:
        return _fail(batch, refusal, errors)
    by_id = {}
    for entry in entries:
        match = _ENTRY_ID.search(_text(entry, f"{ATOM}id"))
        if match:
            by_id[canonical(match.group(1))] = (entry, _version(match.group(2)))
    for text, arxiv_id in batch:
        if arxiv_id.id not in by_id:
            errors[text] = http.NotFound(f"arXiv has no paper {arxiv_id}.")
            continue
        entry, version = by_id[arxiv_id.id]
        if arxiv_id.version and version != arxiv_id.version:
            errors[text] = http.NotFound(
                f"arXiv has no version {arxiv_id.version} of {arxiv_id.id} (it answered with "
                f"version {version}); ask for {arxiv_id.id} to get its latest version."
            )
            continue
        try:
            found[text] = record_of(entry, arxiv_id.id, key=text)
        except ValueError:  # no publication date, or one that is not a date
            errors[text] = http.BadResponse(f"arXiv's entry for {arxiv_id} has no date.")


def _refused(batch, reason: str, what: str, found: dict, errors: dict) -> None:
    """arXiv refused the request with an error entry: the id it names gets the
    error, and the others of the batch are asked for again without it."""
    reason = reason.rstrip(".") or "no reason given"
    named = [
        (text, arxiv_id)
        for text, arxiv_id in batch
        if re.search(rf"(?:^|\s){re.escape(str(arxiv_id))}$", reason)
    ]
    if not named or len(batch) == 1:
        return _fail(batch, http.BadResponse(f"arXiv refused {what}: {reason}."), errors)
    for text, arxiv_id in named:
        errors[text] = http.BadResponse(f"arXiv refused arXiv {arxiv_id}: {reason}.")
    rest = [pair for pair in batch if pair not in named]
    if rest:
        _fetch_batch(rest, found, errors)
