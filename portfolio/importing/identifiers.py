"""Publications added by their identifiers: a list of DOIs, arXiv ids and PubMed
ids, one a line, as a researcher pastes them; each is fetched from its service
(doi.org, arXiv, PubMed) and the records go through the pipeline. An identifier
that cannot be read or fetched is that identifier's error; the others are
still imported."""

import re
import time
from dataclasses import dataclass
from urllib.parse import unquote

from portfolio.publications.identifiers import (
    DOI,
    arxiv_id_of,
    pmcid_in,
    pmcid_of,
    pmid_in,
    pmid_of,
)
from portfolio.publications.records import Record

from . import http
from .outcomes import Action, Deadline, Outcome
from .pipeline import run
from .sources import arxiv, doi, pubmed
from .sources.csl import IncompleteItem

ACCEPTED = (
    "a DOI (10.1038/nature14539, doi:…, https://doi.org/…), an arXiv id (1412.6622, "
    "arXiv:1412.6622v2, hep-th/9901001, an arxiv.org address) or a PubMed id "
    "(31452104, PMID: 31452104, a pubmed.ncbi.nlm.nih.gov address)"
)
_DOI = re.compile(rf"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?{DOI}$", re.I)
_LONGEST_LINE = 300
# What becomes an identifier's error; NoContact stops the whole list instead.
FETCH_FAILURES = (
    http.NotFound,
    http.RateLimited,
    http.Unreachable,
    http.BadResponse,
    IncompleteItem,
)


@dataclass(frozen=True)
class Identifier:
    """One identifier of the list: ``kind`` is "doi", "arxiv" or "pubmed";
    ``value`` the DOI, the arXiv id (with the version asked for, if any) or the
    PMID; ``line`` its line in the list."""

    kind: str
    value: str
    line: int

    @property
    def label(self) -> str:
        """How the identifier is named to the researcher ("DOI 10.1/x", "arXiv
        1412.6622", "PMID 31452104"), and the key of its record."""
        return {"doi": "DOI", "arxiv": "arXiv", "pubmed": "PMID"}[self.kind] + f" {self.value}"

    @property
    def same_as(self) -> tuple[str, str]:
        """What makes two lines the same identifier: a DOI in any case, an arXiv
        paper whatever version."""
        if self.kind == "doi":
            return self.kind, self.value.lower()
        if self.kind == "arxiv":
            return self.kind, arxiv.parse_id(self.value).id
        return self.kind, self.value


def identifier_in(text: str, line: int) -> Identifier | None:
    text = text.strip()
    found = _DOI.match(unquote(text) if text.lower().startswith("http") else text)
    if found:
        return Identifier("doi", found.group(1).rstrip(".,;"), line)
    arxiv_id = arxiv.parse_id(text) or arxiv.parse_id(_arxiv_address(text))
    if arxiv_id:
        return Identifier("arxiv", str(arxiv_id), line)
    pmid = pmid_in(text) or pmid_of(text) or pmid_of(f"https://{text}")
    if pmid:
        return Identifier("pubmed", pmid, line)
    return None


def _arxiv_address(text: str) -> str:
    """The id (with its version) of an arxiv.org address, or ''."""
    url = text if re.match(r"^https?://", text, re.I) else f"https://{text}"
    if not arxiv_id_of(url):
        return ""
    found = re.search(r"/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", url)
    return found.group(1) if found else ""


def read_identifiers(text: str) -> tuple[list[Identifier], list[Outcome]]:
    """The identifiers of ``text``, one a line, in order; blank lines and
    identifiers already listed are passed over. A line that is not an identifier
    is an error naming it."""
    identifiers: list[Identifier] = []
    errors: list[Outcome] = []
    seen = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        shown = line if len(line) <= 60 else line[:59] + "…"
        found = identifier_in(line, number) if len(line) <= _LONGEST_LINE else None
        if found is None:
            pmcid = pmcid_in(line) or pmcid_of(line)
            message = (
                f"{pmcid} is a PubMed Central id: give the article's PMID or DOI instead "
                "(its PubMed Central page shows both)"
                if pmcid
                else f"{shown!r} is not an identifier; one a line, each {ACCEPTED}"
            )
            errors.append(Outcome(shown, number, Action.ERROR, message=message))
        elif found.same_as not in seen:
            seen.add(found.same_as)
            identifiers.append(found)
    return identifiers, errors


def fetch_records(
    identifiers: list[Identifier], seconds: float | None = None
) -> tuple[list[Record], list[Outcome]]:
    """The record of each identifier, fetched from its service, in the order of
    the list, and an error naming each identifier that could not be fetched.
    NoContact is raised before anything is fetched. With ``seconds``, DOIs (one
    request each) are no longer asked for once that time has passed: each left
    is an error that says so."""
    http.user_agent()  # NoContact before any request, rather than after some
    stop = time.monotonic() + seconds if seconds else None
    results: dict[Identifier, Record | Exception] = {}
    for identifier in identifiers:
        if identifier.kind == "doi":
            if stop is not None and time.monotonic() > stop:
                results[identifier] = http.ServiceError(
                    f"{identifier.label} was not fetched: this page asks for {seconds:g} "
                    "seconds at most. Add it again, or use the add_publications command."
                )
                continue
            try:
                results[identifier] = doi.fetch(identifier.value)
            except FETCH_FAILURES as error:
                results[identifier] = error
    for source, kind in ((arxiv, "arxiv"), (pubmed, "pubmed")):
        wanted = [i for i in identifiers if i.kind == kind]
        if wanted:
            records, errors = source.fetch([i.value for i in wanted])
            by_value = {record.key: record for record in records}
            for identifier in wanted:
                results[identifier] = by_value.get(identifier.value) or errors.get(
                    identifier.value, http.NotFound(f"{identifier.label} was not found.")
                )
    published = {}  # the published version of an arXiv paper, by its identifier
    for identifier in identifiers:
        result = results[identifier]
        if isinstance(result, Record) and result.published_doi:
            if stop is not None and time.monotonic() > stop:
                result.notes.append(
                    f"arXiv knows its published version, DOI {result.published_doi}, which "
                    "was not fetched: this page's time was up. Add it by its DOI."
                )
                continue
            try:
                published[identifier] = doi.fetch(result.published_doi)
            except FETCH_FAILURES as error:
                result.notes.append(
                    f"arXiv knows its published version, DOI {result.published_doi}, which "
                    f"could not be fetched ({error}); add it by its DOI later."
                )
    records, errors = [], []
    for identifier in identifiers:
        result = results[identifier]
        if isinstance(result, Record):
            result.key, result.line = identifier.label, identifier.line
            if identifier in published:
                # The published paper is the entry; the preprint another version of it.
                paper = published[identifier]
                paper.key, paper.line = f"DOI {result.published_doi}", identifier.line
                paper.notes.append(f"the published version of {identifier.label}")
                result.version_of = paper.key
                records.append(paper)
            records.append(result)
        else:
            message = str(result)
            if identifier.value not in message:
                message = f"{identifier.label}: {message}"
            errors.append(
                Outcome(identifier.label, identifier.line, Action.ERROR, message=message)
            )
    return records, errors


def import_identifiers(
    text: str, *, update: bool = False, dry_run: bool = False, seconds: float | None = None
) -> list[Outcome]:
    """Fetch and import every identifier of ``text``: one Outcome per line that
    is not blank or a repeat, in the order of the list."""
    identifiers, errors = read_identifiers(text)
    records, failed = fetch_records(identifiers)
    return run(
        records, errors + failed, update=update, dry_run=dry_run, deadline=Deadline(seconds)
    )
