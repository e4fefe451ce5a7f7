"""Public pages answered from a shared cache, and always fresh.

A view marked with :func:`public` (every public page, feed, sitemap and export)
is cached for visitors who are not signed in. Each stored page carries the
*content version* that was current when its request began. Any write to the
database's content tables, however it is made (the admin, a management command,
``update()``, ``bulk_create()``, raw SQL), sets a new version once its
transaction commits; a stored page of an older version is never served again.
The version lives in the same cache as the pages, so every worker and every
server sharing that cache sees it at once.

The cache is read before the rest of the middleware runs (like whitenoise's
static files): a hit costs one read of the version from the cache, and one of
the page unless this process holds it in memory under that version. A visitor with a valid
signed-in session is never served from, or stored in, the cache; a made-up
session cookie changes nothing. A page's key holds only the query parameters
the view declares (any other is removed before the view runs), so unused query
strings are not separate pages. If the cache fails (Redis gone), pages are
served uncached and the log says so.
"""

import hashlib
import logging
import os
import re
import secrets
import threading
import time
from functools import lru_cache
from importlib import import_module
from pathlib import Path

from compression_middleware.middleware import compressor
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response

from .memory import SizedLRU

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:version"
# After the cache fails, it is left alone for this long before it is tried again.
RETRY_SECONDS = 5.0


def public(view=None, *, params=()):
    """Mark ``view`` as a public page that may be cached; ``params`` names the query
    parameters it reads (every other one is dropped before it runs)."""

    def mark(function):
        function.page_cache_params = tuple(sorted(params))
        return function

    return mark(view) if view is not None else mark


# --- The content version ---------------------------------------------------------------
class _State:
    """Per process: whether a version change still has to reach the cache, and
    when the cache last failed."""

    lock = threading.Lock()
    pending = False
    failed_at = 0.0


def _cache_failed(error: Exception, doing: str) -> None:
    with _State.lock:
        first = not _State.failed_at
        _State.failed_at = time.monotonic()
    log = logger.warning if first else logger.info
    log("Page cache unavailable (%s: %s); pages are served uncached.", doing, error)


def _cache_usable() -> bool:
    failed_at = _State.failed_at
    if failed_at and time.monotonic() - failed_at < RETRY_SECONDS:
        return False
    if _State.pending and not _write_version():
        return False
    if failed_at:
        with _State.lock:
            _State.failed_at = 0.0
        logger.warning("Page cache available again.")
    return True


def _write_version() -> bool:
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), None)
    except Exception as error:
        # Remembered: until the new version is written, no page is served from
        # the cache by this process (see _cache_usable).
        _State.pending = True
        _cache_failed(error, "recording a change")
        return False
    _State.pending = False
    return True


def content_changed() -> None:
    """Every cached page is out of date from now on. Written even by a process
    that serves no cached page itself (a command run with DJANGO_PAGE_CACHE=0):
    the servers sharing the cache do."""
    _write_version()


# --- Writes to the database ------------------------------------------------------------
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|(TRUNCATE))\s+"
    r"(?:TABLE\s+)?(?:ONLY\s+)?[\"`]?(\w+)",
    re.IGNORECASE,
)
# Tables no public page reads: sign-ins, sessions, login throttling, the admin's
# log and the edit history (a revert writes the content rows themselves).
PRIVATE_TABLES = ("django_session", "django_admin_log", "auth_", "axes_", "reversion_")


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not sql.startswith("SELECT"):
        match = _WRITE.match(sql)
        if match and (match.group(1) or not match.group(2).startswith(PRIVATE_TABLES)):
            _content_written(context["connection"])
    return result


def _content_written(connection) -> None:
    if not connection.in_atomic_block:
        content_changed()
        return
    # After the commit, once, however many writes the transaction made; nothing if
    # it is rolled back (the callbacks are dropped with it).
    connection.page_cache_dirty = True
    connection.on_commit(lambda: _after_commit(connection), robust=True)


def _after_commit(connection) -> None:
    if getattr(connection, "page_cache_dirty", False):
        connection.page_cache_dirty = False
        content_changed()


def watch_connection(connection, **kwargs) -> None:
    """Connected to ``connection_created``: every connection reports its writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def watch_open_connections() -> None:
    for connection in connections.all(initialized_only=True):
        watch_connection(connection)


# --- Keys ----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes when the code, templates, static files or settings' environment do,
    so that a deploy never serves pages rendered by the previous one."""
    digest = hashlib.blake2b(digest_size=8)
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "portfolio"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size};".encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    for name, value in sorted(os.environ.items()):
        if name.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL")):
            digest.update(f"{name}={value};".encode())
    return digest.hexdigest()


@lru_cache(maxsize=4096)
def _params_for_path(path: str, urlconf: str):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


def _signed_in(request) -> bool:
    """Whether the request carries the session of a signed-in user."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not key:
        return False
    if not key.isalnum() or len(key) > 64:
        return False  # not a session key this site issues
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        return bool(store.get(SESSION_KEY))
    except Exception:  # the session store is unreachable: not served from the cache
        return True


def _only_used_params(request, params: tuple) -> str:
    """Drop the query parameters the view does not read; return the ones it does."""
    kept = QueryDict(mutable=True)
    for name in params:
        values = request.GET.getlist(name)
        if values:
            kept.setlist(name, values)
    query = kept.urlencode()
    if query != request.META.get("QUERY_STRING", ""):
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
    return query


def _body_size(stored: tuple) -> int:
    return len(stored[3])


# The pages this process served last, by key, up to 8 MB in all; one over 1 MB (a
# large export) is read from the shared cache each time. Each is served only
# while the shared version is the one it was stored under.
recent = SizedLRU(8 * 1024 * 1024, size_of=_body_size, max_item=1024 * 1024)


# --- The middleware --------------------------------------------------------------------
class PageCacheMiddleware:
    """Answers public pages from the cache for visitors who are not signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        params = _params_for_path(request.path_info, settings.ROOT_URLCONF)
        if params is None:
            return self.get_response(request)
        query = _only_used_params(request, params)
        if _signed_in(request):
            return self._mark(self.get_response(request), "BYPASS")
        key = self._key(request, query)
        if key is None or not _cache_usable():
            return self.get_response(request)
        try:
            version = cache.get(VERSION_KEY)
            if version is None:
                cache.add(VERSION_KEY, secrets.token_hex(8), None)
                version = cache.get(VERSION_KEY)
            # A page this process stored or read under the current version is
            # taken from its memory; any other, from the shared cache.
            stored = recent.get(key)
            if version is not None and (stored is None or stored[0] != version):
                stored = cache.get(key)
                if stored is not None and stored[0] == version:
                    recent.put(key, stored)
        except Exception as error:
            _cache_failed(error, "reading")
            return self.get_response(request)
        if version is not None and stored is not None and stored[0] == version:
            return self._replay(request, stored)
        response = self.get_response(request)
        if version is not None and request.method == "GET" and self._storable(response):
            self._store(key, version, response)
        return self._mark(response, "MISS")

    @staticmethod
    def _key(request, query: str) -> str | None:
        try:
            host = request.get_host()
        except Exception:  # DisallowedHost: the rest of the stack answers 400
            return None
        encoding = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))[0] or ""
        raw = "\n".join([code_fingerprint(), request.scheme, host, request.path, query, encoding])
        return "page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()

    @staticmethod
    def _storable(response) -> bool:
        if response.status_code != 200 or response.cookies:
            return False
        if getattr(response, "page_cache", True) is False:
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return False
        if "cookie" in response.get("Vary", "").lower():
            return False
        return response.streaming or len(response.content) <= settings.PAGE_CACHE_MAX_BYTES

    def _store(self, key: str, version: str, response) -> None:
        headers = [(k, v) for k, v in response.items() if k.lower() != "x-cache"]
        if response.streaming:
            response.streaming_content = self._store_after(
                response.streaming_content, key, version, response.status_code, headers
            )
            return
        self._set(key, (version, response.status_code, headers, response.content))

    def _store_after(self, chunks, key, version, status, headers):
        """Passes a streamed body on, and stores it once it is complete."""
        parts, size = [], 0
        for chunk in chunks:
            yield chunk
            if parts is not None:
                size += len(chunk)
                parts.append(chunk)
                if size > settings.PAGE_CACHE_MAX_BYTES:
                    parts = None
        if parts is not None:
            self._set(key, (version, status, headers, b"".join(parts)))

    @staticmethod
    def _set(key, value) -> None:
        recent.put(key, value)
        try:
            cache.set(key, value, settings.PAGE_CACHE_SECONDS)
        except Exception as error:
            _cache_failed(error, "storing")

    @staticmethod
    def _replay(request, stored):
        _, status, headers, body = stored
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )
        return PageCacheMiddleware._mark(conditional or response, "HIT")

    @staticmethod
    def _mark(response, state: str):
        response["X-Cache"] = state
        return response
