"""The one HTTP client for every outside service (ORCID, doi.org, arXiv, PubMed).

Each service is a setting (``IMPORT_SERVICES``): its base address and its pace,
the least time between two requests to it. Every request names the site and
its contact address in the User-Agent, as the services ask, has a timeout, and
waits out a ``Retry-After`` on 429 or 503 when the wait is short. Whatever goes
wrong is one of the errors below, with a message that names the service and
what was asked for; a source turns a body it cannot read into ``BadResponse``.
Pages never call this: commands and the admin's import pages do.
"""

import http.client
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

from django.conf import settings

# The most a response may hold: an ORCID record of a few thousand works is a few MB.
MAX_BYTES = 20 * 1024 * 1024
VERSION = "0.1"
# The most of an error answer's body that is kept for the source to read.
ERROR_BODY_BYTES = 64 * 1024


class ServiceError(Exception):
    """A request to an outside service failed; the message says why, for the owner.

    ``response`` is the service's answer when there was one to read: some
    services explain a refusal in its body (arXiv's error feed comes with HTTP 400)."""

    response: "Response | None" = None


class NoContact(ServiceError):
    def __init__(self):
        super().__init__(
            "Set PORTFOLIO_CONTACT_EMAIL to an address the services can reach you at "
            "(ORCID, Crossref, arXiv and PubMed ask callers to name one); nothing was fetched."
        )


class NotFound(ServiceError):
    """The service has no such record."""


class RateLimited(ServiceError):
    """The service asks to wait longer than the client waits."""


class Unreachable(ServiceError):
    """No answer: the network, a timeout, a connection cut short."""


class BadResponse(ServiceError):
    """An answer that is not what was asked for: an error status, a body too big,
    or a body the source cannot read."""


@dataclass
class Response:
    status: int
    url: str
    content_type: str
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def user_agent() -> str:
    if not settings.CONTACT_EMAIL:
        raise NoContact
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip("*.")), "localhost")
    return f"academic-portfolio/{VERSION} (https://{host}; mailto:{settings.CONTACT_EMAIL})"


_last_request: dict[str, float] = {}
_pace_lock = threading.Lock()


def _keep_pace(service: str, pace: float) -> None:
    """Wait until ``pace`` seconds have passed since the last request to ``service``."""
    with _pace_lock:
        wait = _last_request.get(service, float("-inf")) + pace - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _last_request[service] = time.monotonic()


def retry_after(value: str | None) -> float | None:
    """Seconds to wait, from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def get(
    service: str,
    path: str,
    *,
    params: dict | None = None,
    accept: str = "*/*",
    what: str = "",
) -> Response:
    """GET ``path`` (under the service's base address) and return the answer.

    ``what`` names what is asked for ("DOI 10.1/x") in every error message. A
    404 or 410 is NotFound; 429 or 503 is waited out (up to IMPORT_MAX_WAIT
    seconds, twice) and then RateLimited."""
    config = settings.IMPORT_SERVICES[service]
    name = config["name"]
    what = what or path
    url = f"{config['url']}/{path.lstrip('/')}"
    if params:
        url += "?" + urlencode(params)
    # The base address is http(s): the settings refuse any other (env.http_url).
    headers = {"User-Agent": user_agent(), "Accept": accept}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    for attempt in range(3):
        _keep_pace(service, config["pace"])
        try:
            with urllib.request.urlopen(request, timeout=settings.IMPORT_TIMEOUT) as answer:  # noqa: S310
                body = answer.read(MAX_BYTES + 1)
                if len(body) > MAX_BYTES:
                    raise BadResponse(
                        f"{name} answered with more than {MAX_BYTES // 2**20} MB for {what}."
                    )
                promised = answer.headers.get("Content-Length", "")
                if promised.isdigit() and len(body) < int(promised):
                    raise http.client.IncompleteRead(body, int(promised) - len(body))
                return Response(
                    answer.status, answer.url, answer.headers.get("Content-Type", ""), body
                )
        except urllib.error.HTTPError as error:
            try:
                wait = _wait_or_raise(error, name, what, attempt)
            finally:
                error.close()  # the connection it holds
            time.sleep(wait)
        except (
            urllib.error.URLError,
            TimeoutError,
            ConnectionError,
            http.client.HTTPException,
        ) as error:
            reason = getattr(error, "reason", None) or error
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                reason = f"no answer within {settings.IMPORT_TIMEOUT} seconds"
            raise Unreachable(f"Could not reach {name} for {what}: {reason}.") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _wait_or_raise(error: urllib.error.HTTPError, name: str, what: str, attempt: int) -> float:
    """The seconds to wait before asking again, or the error the status is."""
    status = error.code
    if status in (404, 410):
        raise NotFound(f"{name} has no record of {what} (HTTP {status}).") from None
    if status in (429, 503):
        wait = retry_after(error.headers.get("Retry-After"))
        if wait is None:
            wait = 2.0**attempt if status == 429 else None
        if wait is not None and wait <= settings.IMPORT_MAX_WAIT and attempt < 2:
            return wait
        after = f" and asks to wait {wait:.0f} seconds" if wait is not None else ""
        raise RateLimited(
            f"{name} is refusing requests for now (HTTP {status}){after}; {what} was "
            "not fetched. Try again later."
        ) from None
    refused = BadResponse(f"{name} answered HTTP {status} for {what}.")
    try:
        body = error.read(ERROR_BODY_BYTES)
    except (OSError, http.client.HTTPException):
        body = b""
    refused.response = Response(status, error.url, error.headers.get("Content-Type", ""), body)
    raise refused from None
