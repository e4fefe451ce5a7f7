"""HTTP hygiene shared by every page: odd requests, a busy database, health checks, compression."""

import logging

from compression_middleware.middleware import CompressionMiddleware
from django.db import DatabaseError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


# Files whose content is compressed already: compressing them again gains next to
# nothing and drops their Content-Length.
ALREADY_COMPRESSED = ("application/pdf",)


class PublicCompressionMiddleware(CompressionMiddleware):
    """Responses compressed with zstd, brotli or gzip, as the client accepts
    (django-compression-middleware), except those that carry a CSRF token: a
    secret compressed beside text an attacker can choose leaks through the
    compressed length (BREACH). Public pages carry none; admin pages do."""

    def process_response(self, request, response):
        if not response.streaming and b'name="csrfmiddlewaretoken"' in response.content:
            return response
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)


class RefuseTraceMiddleware:
    """TRACE and CONNECT have no use on this site: 405 on every address. The public
    views refuse them themselves, saying which methods they allow; a view that
    would answer them like a GET (the admin's) is refused here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("TRACE", "CONNECT") and response.status_code not in (400, 404, 405):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in the path, the query string or a cookie is never part of
    a real request; passed on, it would reach the database (a session key, a
    search), which PostgreSQL refuses with an error. Such requests get a 400 Bad
    Request before any view runs. (Form fields refuse NUL themselves, with a form
    error.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
            or any("\x00" in key + value for key, value in request.COOKIES.items())
        ):
            return HttpResponseBadRequest(
                "Bad request: the request holds a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)


def database_is_busy(error: Exception) -> bool:
    """A write that waited for another's lock longer than the database allows
    (DB_LOCK_TIMEOUT in the settings): SQLite's "database is locked", PostgreSQL's
    lock_timeout (SQLSTATE 55P03, lock_not_available)."""
    if not isinstance(error, OperationalError):
        return False
    return "database is locked" in str(error) or (
        getattr(error.__cause__, "sqlstate", None) == "55P03"
    )


class DatabaseBusyMiddleware:
    """A write that waited for the database's lock in vain was rolled back. The
    editor gets a 503 that says so (and to save again), not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_is_busy(exception):
            return None
        logger.warning("Database busy, request refused: %s %s", request.method, request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "5"
        return response


class HealthCheckMiddleware:
    """``/healthz`` for a load balancer or an uptime monitor: 200 when the database
    answers a query, 503 when it does not.

    It answers before every other middleware, because probes come by IP address
    over plain HTTP: no host check, HTTPS redirect, session or cache applies."""

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != self.path:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                response = HttpResponse("ok\n", content_type="text/plain")
            except DatabaseError as error:
                logger.error("Health check: the database does not answer: %s", error)
                response = HttpResponse(
                    "database unavailable\n", content_type="text/plain", status=503
                )
        add_never_cache_headers(response)
        response["X-Content-Type-Options"] = "nosniff"
        return response
