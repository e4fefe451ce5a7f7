"""Public pages answered from a shared cache, and always fresh.

A view marked with :func:`public` (every public page, feed, sitemap and export)
is cached for visitors who are not signed in. Each stored page carries the
*content version* that was current when its request began. Any write to the
database's content tables, however it is made (the admin, a management command,
``update()``, ``bulk_create()``, raw SQL), gives the version a new value once its
transaction commits; a stored page of an older version is never served again.
The version is a row of the database itself (the table ``core_contentversion``), so a
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

import functools
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
from django import forms
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.encoding import escape_uri_path

from .memory import SizedLRU
from .views import answer_if_missing

logger = logging.getLogger(__name__)

# The content version's table (made by core's migration 0002, without a model).
VERSION_TABLE = "core_contentversion"
# After the cache fails, it is left alone for this long before it is tried again.
RETRY_SECONDS = 5.0


# --- Public views and their query parameters -------------------------------------------
def public(view=None, *, params=None):
    """Mark ``view`` as a public page that may be cached. ``params`` maps each query
    parameter the view reads to its type, a form field (a filter form's
    ``base_fields`` will do): a value it does not clean is one the view ignores."""

    def mark(function):
        # A view of its own: one function may be public at several addresses, each
        # with its own parameters.
        @functools.wraps(function)
        def view(request, *args, **kwargs):
            # OPTIONS is answered as GET would be for whether the page exists (a
            # 404, or a redirect, where GET gives one); Django's own answer is 200
            # for any address the URL patterns match.
            if request.method == "OPTIONS":
                missing = answer_if_missing(function, request, *args, **kwargs)
                if missing is not None:
                    return missing
            return function(request, *args, **kwargs)

        view.page_cache_params = {
            name: _normaliser(field) for name, field in sorted((params or {}).items())
        }
        return view

    return mark(view) if view is not None else mark


def _normaliser(field: forms.Field):
    """The normal form of a value of ``field`` ("2018" for " 02018"), or None."""

    def normal(value: str) -> str | None:
        try:
            cleaned = field.clean(value)
        except ValidationError:
            return None
        return None if cleaned in (None, "") else str(cleaned)

    return normal


def normal_query(query: QueryDict, params: dict) -> str:
    """The normal form of ``query`` for a view reading ``params``: its parameters in
    order, each once with the last value given (the one the view reads), in its
    normal form; other parameters, and values the view would not use, left out."""
    normal = QueryDict(mutable=True)
    for name, normalise in params.items():
        value = query.get(name)
        value = normalise(value) if value is not None else None
        if value:
            normal[name] = value
    return normal.urlencode()


# --- When the shared cache fails -----------------------------------------------------
class CacheOutage:
    """One user's view of the shared cache failing (per process): after a failure
    the cache is left alone for ``RETRY_SECONDS``, and the log says when it fails
    (a warning the first time, then quieter) and when it answers again."""

    def __init__(self, log: logging.Logger, user: str, meanwhile: str):
        self.log, self.user, self.meanwhile = log, user, meanwhile
        self.lock = threading.Lock()
        self.failed_at = 0.0

    def failed(self, error) -> None:
        with self.lock:
            first = not self.failed_at
            self.failed_at = time.monotonic()
        level = logging.WARNING if first else logging.INFO
        self.log.log(level, "%s unavailable (%s); %s.", self.user, error, self.meanwhile)

    def waiting(self) -> bool:
        """Whether the cache is still being left alone after a failure."""
        failed_at = self.failed_at
        return bool(failed_at) and time.monotonic() - failed_at < RETRY_SECONDS

    def answered(self) -> None:
        """The cache is tried (or answered) again after a failure."""
        if self.failed_at:
            with self.lock:
                self.failed_at = 0.0
            self.log.warning("%s available again.", self.user)


outage = CacheOutage(logger, "Page cache", "pages are served uncached")


def _cache_failed(error: Exception, doing: str) -> None:
    outage.failed(f"{doing}: {error}")


def _cache_usable() -> bool:
    if outage.waiting():
        return False
    outage.answered()
    return True


# --- The content version ---------------------------------------------------------------
class _State:
    """Per process: the databases whose change is still to be recorded (its write
    of the version failed)."""

    pending: set = set()


def _write_version(using: str) -> bool:
    connection = connections[using]
    table = connection.ops.quote_name(VERSION_TABLE)
    value = secrets.token_hex(8)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET value = %s WHERE id = 1", [value])  # noqa: S608
            if cursor.rowcount == 0:
                cursor.execute(f"INSERT INTO {table} (id, value) VALUES (1, %s)", [value])  # noqa: S608
    except DatabaseError as error:
        if not _has_version_table(connection):
            return True  # a database still being migrated: nothing is cached from it
        # Remembered: until the new version is written, this process serves no
        # page from the cache (see current_version).
        _State.pending.add(using)
        logger.error("Page cache: a change could not be recorded (%s); retrying.", error)
        return False
    _State.pending.discard(using)
    return True


def _has_version_table(connection) -> bool:
    try:
        return VERSION_TABLE in connection.introspection.table_names()
    except DatabaseError:
        return True


def content_changed(using: str = "default") -> None:
    """Every cached page is out of date from now on. Recorded in the database,
    by every process that writes, whether or not it serves cached pages itself."""
    _write_version(using)


def current_version() -> str | None:
    """The content version, read from the database (one read by primary key), or
    None when it cannot be known: then no page is served from the cache."""
    if "default" in _State.pending and not _write_version("default"):
        return None
    table = connections["default"].ops.quote_name(VERSION_TABLE)
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Page cache: the content version cannot be read (%s).", error)
        return None
    if row is None:  # a new or emptied database: its first version
        return None if not _write_version("default") else current_version()
    return row[0]


# --- Writes to the database ------------------------------------------------------------
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|(TRUNCATE))\s+"
    r"(?:TABLE\s+)?(?:ONLY\s+)?[\"`]?(\w+)",
    re.IGNORECASE,
)
# Tables no public page reads: sign-ins, sessions, login throttling, the admin's
# log, the edit history (a revert writes the content rows themselves) and the
# content version itself.
PRIVATE_TABLES = (
    "django_session", "django_admin_log", "auth_", "axes_", "reversion_", VERSION_TABLE,
)  # fmt: skip


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not sql.startswith("SELECT"):
        match = _WRITE.match(sql)
        if match and (match.group(1) or not match.group(2).startswith(PRIVATE_TABLES)):
            _content_written(context["connection"])
    return result


def _content_written(connection) -> None:
    if not connection.in_atomic_block:
        content_changed(connection.alias)
        return
    # After the commit, once, however many writes the transaction made; nothing if
    # it is rolled back (the callbacks are dropped with it).
    connection.page_cache_dirty = True
    connection.on_commit(lambda: _after_commit(connection), robust=True)


def _after_commit(connection) -> None:
    if getattr(connection, "page_cache_dirty", False):
        connection.page_cache_dirty = False
        content_changed(connection.alias)


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
