"""Refreshing the stored citation counts from OpenAlex (``manage.py refresh_citations``).

Each public publication is asked for by the identifiers it carries, in turn: its
DOI, then its PubMed id, then its arXiv id (as the DOI arXiv gives each paper,
10.48550/arXiv.<id>, which OpenAlex knows). Fifty are asked for in one request.
What a request brings is written at once, one snapshot per publication; what
fails (the network, a refusal, an answer that cannot be read) writes nothing and
leaves the snapshots as they were, so a refresh that stops midway loses nothing
the last good one stored. Publications OpenAlex does not know keep theirs too.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from portfolio.publications.models import CitationSnapshot, Publication

from . import http
from .sources import openalex

SOURCE = "OpenAlex"
# The errors after which no further request is made: the service or the network
# would refuse the next one too.
STOPPING = (http.NoContact, http.RateLimited, http.Unreachable)
_VERSION = re.compile(r"v\d+$")


def identifiers_of(publication: Publication) -> list[tuple[str, str]]:
    """The (kind, value) pairs OpenAlex can be asked by, in the order they are tried."""
    asked = []
    if publication.doi:
        asked.append(("doi", publication.doi.lower()))
    if publication.pmid:
        asked.append(("pmid", publication.pmid))
    if publication.arxiv_id:
        arxiv_doi = f"10.48550/arxiv.{_VERSION.sub('', publication.arxiv_id.lower())}"
        if ("doi", arxiv_doi) not in asked:
            asked.append(("doi", arxiv_doi))
    return asked


@dataclass
class Refresh:
    """What a refresh did, publication by publication."""

    counted: list[Publication] = field(default_factory=list)
    not_found: list[Publication] = field(default_factory=list)
    no_identifier: list[Publication] = field(default_factory=list)
    # (what went wrong, the publications it left as they were)
    failures: list[tuple[str, list[Publication]]] = field(default_factory=list)
    stopped: bool = False

    @property
    def failed(self) -> list[Publication]:
        return [p for _, publications in self.failures for p in publications]


def batches(asks: dict[tuple[str, str], list[Publication]]):
    """The asks in requests: a value a filter cannot hold alone, the rest by the
    fifty, DOIs before PubMed ids."""
    for kind in ("doi", "pmid"):
        values = [value for k, value in asks if k == kind]
        alone = [v for v in values if openalex.FILTER_SEPARATORS.search(v)]
        together = [v for v in values if v not in alone]
        for value in alone:
            yield kind, [value]
        for start in range(0, len(together), openalex.MAX_IDS):
            yield kind, together[start : start + openalex.MAX_IDS]


def matched(kind: str, value: str, works: list[openalex.Work]) -> openalex.Work | None:
    """The work of the answer that ``value`` names; the most cited if OpenAlex holds two."""
    named = [w for w in works if (w.doi if kind == "doi" else w.pmid) == value]
    return max(named, key=lambda w: w.count, default=None)


def store(counts: list[tuple[Publication, openalex.Work]]) -> None:
    """Write the snapshots of one answer, all together."""
    now = timezone.now()
    with transaction.atomic():
        for publication, work in counts:
            CitationSnapshot.objects.update_or_create(
                publication=publication,
                defaults={
                    "source": SOURCE,
                    "work_id": work.work_id,
                    "count": work.count,
                    "by_year": [list(pair) for pair in work.by_year],
                    "fetched_at": now,
                },
            )


def refresh(publications=None, progress=None) -> Refresh:
    """Ask OpenAlex for the citations of ``publications`` (every public one by
    default) and store what it answers. ``progress(message)`` hears of each request."""
    if publications is None:
        publications = Publication.objects.published().for_list()
    result = Refresh()
    pending: dict[Publication, list[tuple[str, str]]] = {}
    for publication in publications:
        asked = identifiers_of(publication)
        if asked:
            pending[publication] = asked
        else:
            result.no_identifier.append(publication)
    turn = 0
    while pending and not result.stopped:
        asks: dict[tuple[str, str], list[Publication]] = {}
        for publication, asked in pending.items():
            asks.setdefault(asked[turn], []).append(publication)
        for kind, values in batches(asks):
            waiting = [p for value in values for p in asks[(kind, value)]]
            if result.stopped:
                # Not asked: the request that stopped the refresh speaks for them.
                result.failures[-1][1].extend(waiting)
                for publication in waiting:
                    pending.pop(publication)
                continue
            try:
                works = openalex.fetch(kind, values)
            except http.ServiceError as error:
                result.failures.append((str(error), waiting))
                result.stopped = isinstance(error, STOPPING)
                for publication in waiting:
                    pending.pop(publication)
                continue
            counts = []
            for value in values:
                work = matched(kind, value, works)
                for publication in asks[(kind, value)]:
                    if work is not None:
                        counts.append((publication, work))
                        pending.pop(publication)
            store(counts)
            result.counted += [publication for publication, _ in counts]
            if progress:
                progress(f"Asked OpenAlex for {len(values)}: {len(counts)} counted.")
        turn += 1
        # A publication with nothing left to be asked by is not in OpenAlex.
        for publication in [p for p, asked in pending.items() if len(asked) <= turn]:
            del pending[publication]
            result.not_found.append(publication)
    return result
