"""Reading the settings from environment variables (docs/deploy.md lists them).

Every variable the settings read goes through one of the readers here, which
records its name. A variable that looks like the site's (``DJANGO_``,
``GUNICORN_`` or ``PORTFOLIO_``) but is read by nobody is most often a typo or
a setting that no longer exists: the system check ``site_config.W001`` says so
at start-up, with the name it probably meant.

The settings do not read a ``.env`` file: the variables come from the
process's environment (a systemd unit, a PaaS's settings, the shell).
"""

import difflib
import os
import re
import tempfile
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PREFIXES = ("DJANGO_", "GUNICORN_", "PORTFOLIO_")
# Read by site_config/gunicorn.py, which gunicorn loads on its own.
SERVER_VARIABLES = frozenset({
    "GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_FORWARDED_ALLOW_IPS",
    "GUNICORN_CONTROL_SOCKET",
})  # fmt: skip
# Names with those prefixes that other readers than the settings use.
OTHER_READERS = {
    "DJANGO_SETTINGS_MODULE": "Django: the settings module",
    "DJANGO_ALLOW_ASYNC_UNSAFE": "Django: database access from async code (browser tests)",
    "DJANGO_AUTO_COMPLETE": "Django: shell completion of manage.py",
    "DJANGO_COLORS": "Django: colours of manage.py's output",
    "DJANGO_RUNSERVER_HIDE_WARNING": "Django: runserver's warning",
    "DJANGO_TEST_PROCESSES": "Django: the test runner's processes",
    "DJANGO_WATCHMAN_TIMEOUT": "Django: runserver's reloader",
    "GUNICORN_CMD_ARGS": "gunicorn: extra command-line arguments",
    "PORTFOLIO_PG_PORT": ".ci/postgres.sh: the throwaway server's port",
    "PORTFOLIO_PG_DATA": ".ci/postgres.sh: the throwaway server's folder",
}
# Variables earlier versions read, whose values are now fixed in the settings or
# the tests.
NO_LONGER_READ = {
    "PORTFOLIO_SEED_CHECKS": "the seed CV's checks run when fixtures/cv.json is the seed CV",
    "DJANGO_PAGE_CACHE_SECONDS": "a cached page is kept a day at most (PAGE_CACHE_SECONDS)",
    "DJANGO_PAGE_CACHE_MAX_MB": "pages above 32 MB are not cached (PAGE_CACHE_MAX_BYTES)",
    "DJANGO_CACHE_MAX_ENTRIES": "a file or locmem cache keeps 2,000 pages",
    "DJANGO_CONN_MAX_AGE": "database connections are kept 60 seconds",
    "DJANGO_DB_LOCK_TIMEOUT": "a save waits 20 seconds for a lock (DB_LOCK_TIMEOUT)",
    "DJANGO_LOGIN_FAILURE_LIMIT": "five wrong passwords lock out (AXES_FAILURE_LIMIT)",
    "DJANGO_PHOTO_MAX_BYTES": "images are at most 5 MB (PHOTO_MAX_BYTES)",
    "DJANGO_PHOTO_MAX_PIXELS": "images are at most 40 megapixels (PHOTO_MAX_PIXELS)",
    "DJANGO_BIBTEX_ADMIN_SECONDS": "the admin's BibTeX import stops after 20 seconds",
}
# createsuperuser --noinput reads DJANGO_SUPERUSER_<FIELD> for each field.
OTHER_PREFIXES = ("DJANGO_SUPERUSER_",)

_read: set[str] = set()


def read_names() -> frozenset[str]:
    """The variables the settings read, and those site_config/gunicorn.py reads."""
    return frozenset(_read) | SERVER_VARIABLES


def _get(name: str) -> str | None:
    _read.add(name)
    return os.environ.get(name)


def text(name: str, default: str = "") -> str:
    """The value, stripped; the default when unset or blank."""
    return (_get(name) or "").strip() or default


def secret(name: str) -> str:
    """The value exactly as set (a password may begin or end with a space)."""
    return _get(name) or ""


def boolean(name: str, default: bool = False) -> bool:
    value = (_get(name) or "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def integer(name: str, default: int) -> int:
    value = (_get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.")
    return int(value)


def items(name: str) -> list[str]:
    """A comma-separated list."""
    return [item.strip() for item in (_get(name) or "").split(",") if item.strip()]


def path(name: str, default: Path) -> Path:
    return Path(text(name) or default)


# --- Values that must be right in production -------------------------------------------
def secret_key(name: str, debug: bool) -> str:
    key = _get(name) or ""
    if debug:
        # Local development only: never used with debug off.
        return key or "django-insecure-local-development-key"
    # The same test as Django's deployment check (security.W009), made fatal.
    if not key:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"{name} is too weak: use at least 50 characters with at least 5 "
            "different ones, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return key


def allowed_hosts(name: str, debug: bool) -> list[str]:
    hosts = items(name)
    if hosts:
        return hosts
    if not debug:
        raise ImproperlyConfigured(
            f"{name} is not set. List the site's host names, comma-separated "
            f"(e.g. {name}=example.org,www.example.org)."
        )
    return ["localhost", "127.0.0.1", "[::1]"]


def url_path(name: str, default: str) -> str:
    """A path below the site's root, such as the admin's: 'manage-4f7c/'."""
    value = text(name, default).strip("/") + "/"
    if not re.fullmatch(r"[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*/", value):
        raise ImproperlyConfigured(
            f"{name} may hold only letters, digits, '-', '_' and '/', e.g. 'manage-4f7c/'."
        )
    return value


def name_of_search_config(name: str, default: str) -> str:
    value = text(name, default)
    if not re.fullmatch(r"[a-z_]{1,63}", value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not the name of a text search "
            "configuration (such as english or simple)."
        )
    return value


def folder_outside(name: str, public: Path) -> str | None:
    """A folder that must not be inside the public one (None when unset)."""
    value = text(name) or None
    if value and Path(value).resolve().is_relative_to(public.resolve()):
        raise ImproperlyConfigured(f"{name} must be outside DJANGO_MEDIA_ROOT, which is public.")
    return value


def email_addresses(name: str) -> list[tuple[str, str]]:
    """Addresses such as "Ada <ada@example.org>, ops@example.org" as Django's
    (name, email) pairs."""
    admins = []
    for item in items(name):
        person, address = parseaddr(item)
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", address):
            raise ImproperlyConfigured(
                f"{name} holds {item!r}, which is not an email address; "
                "use e.g. 'Ada Lovelace <ada@example.org>, ops@example.org'."
            )
        admins.append((person or address, address))
    return admins


def email_address(name: str) -> str:
    """One plain address, or '' when unset."""
    value = text(name)
    if value and not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", value):
        raise ImproperlyConfigured(
            f"{name} must be one email address, e.g. ada@example.org; got {value!r}."
        )
    return value


def http_url(name: str, default: str) -> str:
    """An http(s) address without a trailing slash; the default when unset."""
    value = text(name, default).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
        raise ImproperlyConfigured(
            f"{name} must be an http:// or https:// address without a query; got {value!r}."
        )
    return value


# --- The database and the cache ------------------------------------------------------------
def database(name: str, default: str, *, conn_max_age: int, lock_timeout: int) -> dict:
    """The database URL, or the default when unset or blank; concurrent writes
    wait for each other for at most ``lock_timeout`` seconds (see queue_writes)."""
    url = text(name, default)
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:  # UnknownSchemeError is a ValueError too
        scheme = urlsplit(url).scheme
        found = f"scheme {scheme!r}" if scheme else "no scheme"
        raise ImproperlyConfigured(
            f"{name} is not a database URL dj-database-url understands "
            f"({found}); use e.g. sqlite:////path/to/db.sqlite3 or "
            f"postgres://user:password@host:5432/name. ({error})"
        ) from None
    return queue_writes(config, lock_timeout)


def queue_writes(database: dict, seconds: int) -> dict:
    """Concurrent writes wait for each other, for at most ``seconds``, instead of
    failing at once (SQLite) or waiting without end (PostgreSQL).

    SQLite: a transaction takes the write lock when it begins (IMMEDIATE), so two
    saves queue rather than deadlock on upgrading a read lock (which SQLite
    resolves by failing one at once, whatever the timeout), and the write-ahead
    log lets pages be read while a save is being written. PostgreSQL locks rows
    and queues by itself; lock_timeout bounds the wait. A wait that runs out is
    a 503 page (portfolio.serving.middleware.DatabaseBusyMiddleware)."""
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", seconds)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        # The test database is a file too, so that tests can open concurrent
        # connections; one per test run, so that two runs never share it.
        test_file = Path(tempfile.gettempdir()) / f"portfolio-test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {}).setdefault("NAME", str(test_file))
    elif database["ENGINE"] == "django.db.backends.postgresql":
        options.setdefault("options", f"-c lock_timeout={seconds * 1000}")
    return database


def cache(name: str, default: str, *, max_entries: int) -> dict:
    """Where cached pages are kept (see docs/caching.md).

    ``file:///path`` (the default, a folder beside the database) is shared by every
    worker on one machine and needs no service; ``redis://host:6379/0`` (or
    ``rediss://``) is shared by several servers; ``locmem://`` keeps one cache per
    process (one worker only); ``dummy://`` keeps nothing."""
    url = text(name, default)
    parts = urlsplit(url)
    if parts.scheme == "file":
        if not parts.path.startswith("/") or parts.netloc:
            raise ImproperlyConfigured(
                f"{name} {url!r} must name an absolute folder, e.g. file:///var/cache/portfolio."
            )
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if parts.scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # A Redis that stops answering costs a request a quarter of a second at
            # most; the site then serves pages uncached for a while.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"{name} {url!r} is not understood: use file:///path/to/folder, "
        "redis://host:6379/0, locmem:// or dummy://."
    )


# --- Variables nobody reads ----------------------------------------------------------------
def unread_variables(environ=None) -> list[tuple[str, str | None]]:
    """Each variable set with one of PREFIXES that nothing reads, with what to
    say about it: the name of a variable that is read and looks like it, the
    value that replaced it, or None."""
    environ = os.environ if environ is None else environ
    known = read_names()
    unread = []
    for name in sorted(environ):
        if (
            not name.startswith(PREFIXES)
            or name in known
            or name in OTHER_READERS
            or name.startswith(OTHER_PREFIXES)
        ):
            continue
        if name in NO_LONGER_READ:
            unread.append((name, f"no longer read: {NO_LONGER_READ[name]}."))
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
        unread.append((name, f"set but not read; did you mean {close[0]}?" if close else None))
    return unread


def check_unread_variables(app_configs=None, **kwargs):
    """System check site_config.W001 (registered by site_config.apps)."""
    from django.core import checks

    warnings = []
    for name, about in unread_variables():
        warnings.append(
            checks.Warning(
                f"{name} is {about or 'set but not read.'}",
                hint="docs/deploy.md lists the variables the site reads. Unset this one, "
                "or correct its name.",
                id="site_config.W001",
            )
        )
    return warnings
