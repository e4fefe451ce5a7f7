"""A DOI as a source: doi.org answers a request for CSL-JSON by sending it on to
the DOI's registration agency (Crossref, DataCite, mEDRA), which answers with
the item; ``csl`` makes it a record."""

import json
from urllib.parse import quote

from portfolio.publications.records import Record

from .. import http
from .csl import record_from_csl

CSL_JSON = "application/vnd.citationstyles.csl+json"


def fetch(doi: str, line: int = 0) -> Record:
    """The record of ``doi``. NotFound when no agency knows it; BadResponse when
    the answer is not a CSL-JSON item; IncompleteItem when the item has no title
    or year; the other ServiceErrors of the HTTP client as they come."""
    what = f"DOI {doi}"
    # A DOI may hold characters a path cannot ("#", "?", "<" in old SICI DOIs).
    answer = http.get("doi", quote(doi, safe="/()"), accept=CSL_JSON, what=what)
    try:
        item = json.loads(answer.body)
    except (ValueError, RecursionError):  # not JSON, or nested past reading
        raise http.BadResponse(
            f"doi.org did not answer with CSL-JSON for {what} (it sent "
            f"{answer.content_type or 'no content type'})."
        ) from None
    if not isinstance(item, dict) or not ({"type", "title"} & item.keys()):
        raise http.BadResponse(f"doi.org answered for {what} with JSON that is not a CSL item.")
    return record_from_csl(item, doi, line)
