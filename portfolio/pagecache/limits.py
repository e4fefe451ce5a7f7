"""Limits on the work one client can make the site do.

A page answered from the page cache costs next to nothing; a page rendered for
the request (a search, a page not yet cached, a page that is not found) holds a
worker for as long as it takes. One client asking for such pages without pause
(a script hammering the search, a crawler gone wrong) would hold every worker,
and every other visitor's cached pages would wait behind it. So the requests
that get this far (past the page cache: a hit never does), from visitors who
are not signed in, are limited:

- **Per client, over time.** Each is counted against its client's address in
  the shared cache: beyond ``CLIENT_REQUESTS`` in a window of
  ``WINDOW_SECONDS``, the client is answered 429 Too Many Requests, with
  ``Retry-After``, until the window ends. A worker remembers the clients it has
  refused until then, so that a further refusal costs no trip to the cache.
- **Per client, at once.** At most ``CLIENT_RENDERS`` of one client's requests
  are rendered at the same time, by all workers together; another is a 429 at
  once, and still counts. A burst of requests thus spends the client's budget
  on refusals that cost next to nothing, instead of on renders that would hold
  every worker, however long each takes.
- **Per worker.** At most ``RENDERS_PER_WORKER`` requests are rendered at once
  in one worker process. With gunicorn's sync workers that is one anyway; with
  threaded workers the other threads stay free for cached pages. A request
  that finds no free place within a short wait is a 503 with ``Retry-After``.

Signed-in editors, uploads served by Django and the static build are never
limited; a setting of 0 turns its limit off. If the cache fails, clients are
not counted (the log says so) and the site keeps answering.
"""

import ipaddress
import logging
import math
import secrets
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import locks
from django.http import HttpResponse
from django.utils.module_loading import import_string

from .middleware import signed_in
from .outage import CacheOutage

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 10
# A render's claim on one of its client's places lapses after this long, should
# the worker die before giving it back.
CLAIM_SECONDS = 60
# How long a request waits for a free place in its worker before the 503.
RENDER_WAIT_SECONDS = 2.0
# The most refused clients a worker remembers (a flood from many addresses).
MAX_REMEMBERED = 10_000
# The wall clock the windows follow, the same in every worker and on every server.
clock = time.time


@lru_cache(maxsize=4)
def _address_reader(path: str):
    return import_string(path)


def client_of(request) -> str | None:
    """The client's address as the login throttle reads it (behind the configured
    proxies, see site_config/client_ip.py); an IPv6 client by its /64 network,
    which one subscriber usually holds whole. None when there is no address."""
    address = _address_reader(settings.AXES_CLIENT_IP_CALLABLE)(request)
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network((ip, 64), strict=False))
    return str(ip)


def refusal(status: int, text: str, retry_after: int) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    # Neither the page cache nor any cache on the way may keep it.
    response["Cache-Control"] = "no-store"
    response.page_cache = False
    # Not logged one by one by Django (a flood would flood the log too): the
    # middleware logs a line for each client it starts to refuse.
    response._has_been_logged = True
    return response


def too_many(retry_after: int) -> HttpResponse:
    return refusal(
        429,
        f"Too many requests from your address: please wait {retry_after} "
        f"second{'s' if retry_after != 1 else ''} and try again.\n",
        retry_after,
    )


@contextmanager
def _one_at_a_time():
    """Django's file cache adds to a count, and adds a key only if it is absent,
    in two steps (a read, then a write): two worker processes could both take a
    client's last place. A lock on a file in the cache's folder makes the steps
    of one request one. Other caches (Redis, local memory) take one step."""
    config = settings.CACHES["default"]
    if not config["BACKEND"].endswith(".FileBasedCache"):
        yield
        return
    folder = Path(config["LOCATION"])
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "limits.lock", "ab") as file:
        locks.lock(file, locks.LOCK_EX)
        try:
            yield
        finally:
            locks.unlock(file)


class _Released:
    """A streamed body that gives its places back when the server closes it, sent
    in full or not: the server calls close() either way."""

    def __init__(self, chunks, release):
        self.chunks = chunks
        self.close = release

    def __iter__(self):
        return iter(self.chunks)


class RequestLimitMiddleware:
    """Bounds the requests rendered for visitors who are not signed in, per client
    and per worker (see the module's description)."""

    def __init__(self, get_response):
        self.get_response = get_response
        renders = settings.RENDERS_PER_WORKER
        self.renders = threading.BoundedSemaphore(renders) if renders else None
        self.refused: dict[str, int] = {}  # client -> the window it was refused in
        self.outage = CacheOutage(logger, "Request limits", "clients are not counted")
        self.busy_logged_at = -float(WINDOW_SECONDS)

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        releases = []
        if settings.CLIENT_REQUESTS or settings.CLIENT_RENDERS:
            client = client_of(request)
            if client is not None:
                refused = self._admit(client, releases)
                if refused is not None:
                    return refused
        if self.renders is not None:
            if not self.renders.acquire(timeout=RENDER_WAIT_SECONDS):
                self._busy(releases)
                return refusal(503, "The site is busy: please try again in a few seconds.\n", 5)
            releases.append(self.renders.release)
        return self._render(request, releases)

    @staticmethod
    def _applies(request) -> bool:
        if request.method not in ("GET", "HEAD") or settings.STATIC_BUILD:
            return False
        if settings.SERVE_MEDIA and request.path.startswith(settings.MEDIA_URL):
            return False  # a page's images: many to a page, and cheap to send
        return not signed_in(request)

    # --- Per client ------------------------------------------------------------------
    def _admit(self, client: str, releases: list) -> HttpResponse | None:
        """None if the client's request may go on (``releases`` then holds what
        gives its place back); else the 429."""
        now = clock()
        window = int(now // WINDOW_SECONDS)
        rest = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        if self.refused.get(client) == window:
            return too_many(rest)
        if self.outage.waiting():
            return None
        try:
            with _one_at_a_time():
                if settings.CLIENT_REQUESTS:
                    count = self._count(f"limits:{client}:{window}")
                    if count > settings.CLIENT_REQUESTS:
                        self._refuse(client, window, count, rest)
                        return too_many(rest)
                if settings.CLIENT_RENDERS:
                    place = self._claim(client)
                    if place is None:
                        return too_many(1)
                    releases.append(lambda: self._give_back(place))
        except Exception as error:
            self.outage.failed(error)
            return None
        self.outage.answered()
        return None

    @staticmethod
    def _count(key: str) -> int:
        # A key for each window, never one kept across windows: Django's file cache
        # resets an entry's expiry when it adds to it, so it would count for ever.
        if cache.add(key, 1, WINDOW_SECONDS + 1):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # it expired in between
            cache.add(key, 1, WINDOW_SECONDS + 1)
            return 1

    @staticmethod
    def _claim(client: str) -> str | None:
        """One of the client's places to render, or None if all are taken. A place
        is a key added only if absent, so nothing needs counting down: a place
        given back is deleted, and a lost one lapses."""
        for n in range(settings.CLIENT_RENDERS):
            place = f"limits:{client}:place{n}"
            if cache.add(place, secrets.token_hex(4), CLAIM_SECONDS):
                return place
        return None

    def _give_back(self, place: str) -> None:
        try:
            cache.delete(place)
        except Exception as error:
            self.outage.failed(error)

    def _refuse(self, client: str, window: int, count: int, rest: int) -> None:
        if count == settings.CLIENT_REQUESTS + 1:
            logger.warning(
                "Client %s made more than %d uncached requests in %d s; refused for %d s.",
                client, settings.CLIENT_REQUESTS, WINDOW_SECONDS, rest,
            )  # fmt: skip
        if len(self.refused) >= MAX_REMEMBERED:
            self.refused = {c: w for c, w in self.refused.items() if w == window}
            if len(self.refused) >= MAX_REMEMBERED:
                self.refused.clear()
        self.refused[client] = window

    # --- Per worker ------------------------------------------------------------------
    def _render(self, request, releases: list):
        lock = threading.Lock()

        def release():
            with lock:
                pending = releases[:]
                releases.clear()
            for give_back in pending:
                give_back()

        try:
            response = self.get_response(request)
        except BaseException:
            release()
            raise
        if response.streaming:
            response.streaming_content = _Released(response.streaming_content, release)
        else:
            release()
        return response

    def _busy(self, releases: list) -> None:
        for give_back in releases:
            give_back()
        now = time.monotonic()
        if now - self.busy_logged_at >= WINDOW_SECONDS:
            self.busy_logged_at = now
            logger.warning(
                "Every place to render pages in this worker (%d) stayed taken for %.0f s; "
                "requests are refused with 503.",
                settings.RENDERS_PER_WORKER, RENDER_WAIT_SECONDS,
            )  # fmt: skip
