"""OpenAlex as a source of citation counts (https://docs.openalex.org).

``fetch(kind, values)`` asks the works API for up to :data:`MAX_IDS` works at
once by DOI or PubMed id (``/works?filter=doi:a|b``; one alone at
``/works/doi:a``, which a value holding a filter's separators needs) and reads each work's
OpenAlex id, DOI, PubMed id, ``cited_by_count`` and ``counts_by_year``. A work
OpenAlex does not know is simply not in the answer. The API key, when there is
one (``OPENALEX_API_KEY``), and the contact address go with every request.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

from .. import http

# OpenAlex takes up to a hundred values in one filter. A page holds up to 200
# works, room for a DOI that OpenAlex holds twice.
MAX_IDS = 50
PER_PAGE = 200
# What each work is read for: the rest of a work is not sent.
FIELDS = "id,doi,ids,cited_by_count,counts_by_year"
# A value with these characters cannot go into a filter, which they separate:
# such a work is asked for alone.
FILTER_SEPARATORS = re.compile(r"[,|]")
_WORK_ID = re.compile(r"^(?:https://openalex\.org/)?(W\d+)$", re.I)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/)?(10\.\S+)$", re.I)
_PMID = re.compile(r"^(?:https?://pubmed\.ncbi\.nlm\.nih\.gov/)?(\d+)/?$")


@dataclass(frozen=True)
class Work:
    work_id: str  # "W2741809807"
    doi: str  # lower case, or ""
    pmid: str
    count: int
    by_year: list[tuple[int, int]]  # oldest first


def params(**extra) -> dict:
    values = {**extra, "mailto": settings.CONTACT_EMAIL}
    if settings.OPENALEX_API_KEY:
        values["api_key"] = settings.OPENALEX_API_KEY
    return values


def is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def work_of(data, what: str) -> Work:
    """A work of the answer, checked; BadResponse, naming ``what``, when it is not one."""
    if not isinstance(data, dict):
        raise http.BadResponse(f"OpenAlex answered for {what} with a work that is not an object.")
    work_id = _WORK_ID.match(str(data.get("id") or ""))
    if not work_id:
        raise http.BadResponse(f"OpenAlex answered for {what} with a work without an id.")
    count = data.get("cited_by_count")
    if not is_count(count):
        raise http.BadResponse(
            f"OpenAlex answered for {what} with work {work_id.group(1)} whose cited_by_count is "
            f"{count!r}, not a count."
        )
    years = data.get("counts_by_year") or []
    by_year = {}
    for entry in years if isinstance(years, list) else [None]:
        year = entry.get("year") if isinstance(entry, dict) else None
        cited = entry.get("cited_by_count") if isinstance(entry, dict) else None
        if not (is_count(year) and is_count(cited)):
            raise http.BadResponse(
                f"OpenAlex answered for {what} with work {work_id.group(1)} whose "
                "counts_by_year is not a list of years and counts."
            )
        by_year[year] = cited
    ids = data.get("ids") if isinstance(data.get("ids"), dict) else {}
    doi = _DOI.match(str(data.get("doi") or ids.get("doi") or ""))
    pmid = _PMID.match(str(ids.get("pmid") or ""))
    return Work(
        work_id=work_id.group(1).upper(),
        doi=doi.group(1).lower() if doi else "",
        pmid=pmid.group(1) if pmid else "",
        count=count,
        by_year=sorted(by_year.items()),
    )


def read_json(response: http.Response, what: str):
    try:
        return json.loads(response.body)
    except (ValueError, UnicodeDecodeError):
        raise http.BadResponse(
            f"OpenAlex answered for {what} with something that is not JSON."
        ) from None


def read_list(response: http.Response, what: str) -> list[Work]:
    """The works of a list answer (``{"meta": ..., "results": [...]}``)."""
    data = read_json(response, what)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise http.BadResponse(f"OpenAlex answered for {what} without a list of works.")
    return [work_of(item, what) for item in results]


def fetch(kind: str, values: list[str]) -> list[Work]:
    """The works OpenAlex has of ``values``, DOIs (``kind`` "doi") or PubMed ids
    ("pmid"), at most :data:`MAX_IDS` of them; a value OpenAlex does not know
    has no work in the list. Raises the client's errors."""
    if not 0 < len(values) <= MAX_IDS:
        raise ValueError(f"Between 1 and {MAX_IDS} values, not {len(values)}.")
    label = {"doi": "DOI", "pmid": "PubMed id"}[kind]
    what = f"{label} {values[0]}" if len(values) == 1 else f"{len(values)} {label}s"
    if len(values) == 1:
        try:
            answer = http.get(
                "openalex",
                f"works/{kind}:{quote(values[0], safe='/:')}",
                params=params(select=FIELDS),
                accept="application/json",
                what=what,
            )
        except http.NotFound:
            return []
        return [work_of(read_json(answer, what), what)]
    if any(FILTER_SEPARATORS.search(value) for value in values):
        raise ValueError("A value with a comma or a bar is asked for alone.")
    answer = http.get(
        "openalex",
        "works",
        params=params(
            filter=f"{kind}:{'|'.join(values)}", select=FIELDS, **{"per-page": PER_PAGE}
        ),
        accept="application/json",
        what=what,
    )
    return read_list(answer, what)
