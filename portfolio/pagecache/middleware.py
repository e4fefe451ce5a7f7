"""Public pages answered from a shared cache, and always fresh.

A view marked with :func:`public` (every public page, feed, sitemap and export)
is cached for visitors who are not signed in. Each stored page carries the
*content version* that was current when its request began. Any write to the
database's content tables, however it is made (the admin, a management command,
``update()``, ``bulk_create()``, raw SQL), gives the version a new value once its
transaction commits; a stored page of an older version is never served again.
The version is a row of the database itself (``portfolio.pagecache.version``), so a
change made by any process (a worker, a command, another server) is recorded
where every server reads it, even while the cache is unreachable. A hit costs one
read of that row by its primary key, and one read of the page from the cache
unless this process holds it in memory under that version.

A visitor with a valid signed-in session is never served from, or stored in,
the cache; a made-up session cookie changes nothing. Each public view declares
the query parameters it reads and the type of each (a form field); a request
whose query string is not the normal form of those (other parameters, repeats,
``year=02018``, a kind that does not exist) is redirected (301) to its normal
form, so only normal forms are stored.
Every stored page has a validator (an ETag, weak for streamed bodies), so a repeat
visit is answered 304. If the cache fails (Redis gone), pages are served uncached
and the log says so.
"""

import hashlib
import logging
from functools import lru_cache
from importlib import import_module

from compression_middleware.middleware import compressor
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.encoding import escape_uri_path

from .lru import SizedLRU
from .outage import CacheOutage
from .public import normal_query
from .version import code_fingerprint, current_version

logger = logging.getLogger(__name__)


# --- When the shared cache fails -----------------------------------------------------
outage = CacheOutage(logger, "Page cache", "pages are served uncached")


def _cache_failed(error: Exception, doing: str) -> None:
    outage.failed(f"{doing}: {error}")


def _cache_usable() -> bool:
    if outage.waiting():
        return False
    outage.answered()
    return True


# --- Keys ----------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _params_for_path(path: str, urlconf: str):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


def signed_in(request) -> bool:
    """Whether the request carries the session of a signed-in user. Read from the
    session store itself: this runs before the session middleware, and a page must
    not vary with the cookie because of a check that does not change it."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not key:
        return False
    if not key.isalnum() or len(key) > 64:
        return False  # not a session key this site issues
    try:
        return bool(import_module(settings.SESSION_ENGINE).SessionStore(key).get(SESSION_KEY))
    except Exception:  # the session store is unreachable: treated as signed in
        return True


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
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        params = _params_for_path(request.path_info, settings.ROOT_URLCONF)
        if params is None:
            return self.get_response(request)
        query = normal_query(request.GET, params)
        if query != request.META.get("QUERY_STRING", ""):
            return self._to_normal_form(request, query)
        if not settings.PAGE_CACHE:
            return self.get_response(request)
        if signed_in(request):
            return self._mark(self.get_response(request), "BYPASS")
        key = self._key(request, query)
        if key is None or not _cache_usable():
            return self.get_response(request)
        version = current_version()
        if version is None:
            return self.get_response(request)
        try:
            # A page this process stored or read under the current version is
            # taken from its memory; any other, from the shared cache.
            stored = recent.get(key)
            if stored is None or stored[0] != version:
                stored = cache.get(key)
                if stored is not None and stored[0] == version:
                    recent.put(key, stored)
        except Exception as error:
            _cache_failed(error, "reading")
            return self.get_response(request)
        if stored is not None and stored[0] == version:
            return self._replay(request, stored)
        response = self.get_response(request)
        if self._storable(response):
            self._validate(response, version, key)
            conditional = get_conditional_response(
                request, etag=response.get("ETag"), response=response
            )
            if conditional is not response:
                return self._mark(conditional, "MISS")
            if request.method == "GET":
                self._store(key, version, response)
        return self._mark(response, "MISS")

    @staticmethod
    def _to_normal_form(request, query: str):
        """Another spelling of a page (or another page's parameters): sent to the
        page's one address, which alone is rendered and stored."""
        location = escape_uri_path(request.path) + (f"?{query}" if query else "")
        response = HttpResponsePermanentRedirect(location)
        response["Cache-Control"] = "public, max-age=3600"
        return response

    @staticmethod
    def _validate(response, version: str, key: str) -> None:
        """A stored page without an ETag (a streamed one: the sitemap, the
        exports) gets a weak one, the same for as long as the page is."""
        if not response.has_header("ETag"):
            digest = hashlib.blake2b(f"{version}\n{key}".encode(), digest_size=12).hexdigest()
            response["ETag"] = f'W/"{digest}"'

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
