"""Settings for the portfolio site, configured entirely by environment variables.

Every variable is documented in the README. Debug mode is off unless
``DJANGO_DEBUG`` turns it on, and with it off the site refuses to start
without a strong secret key and a host list, and runs with HTTPS-only cookies,
HSTS and a redirect to HTTPS.
"""

import os
import re
import tempfile
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.")
    return int(value)


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not DEBUG:
    # The same test as Django's deployment check (security.W009), made fatal.
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use at least 50 characters with at least 5 "
            "different ones, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
elif not SECRET_KEY:
    # Local development only: never used with DEBUG off.
    SECRET_KEY = "django-insecure-local-development-key"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. List the site's host names, comma-separated "
            "(e.g. DJANGO_ALLOWED_HOSTS=example.org,www.example.org)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

# The admin's address; a less obvious one keeps bots off the login page.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip().strip("/") + "/"
if not re.fullmatch(r"[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*/", ADMIN_URL):
    raise ImproperlyConfigured(
        "DJANGO_ADMIN_URL may hold only letters, digits, '-', '_' and '/', e.g. 'manage-4f7c/'."
    )

INSTALLED_APPS = [
    # First, so that its createsuperuser (no bypassing the password rules) is the one run.
    "portfolio.core",
    "portfolio.pagecache",
    "portfolio.richtext",
    "portfolio.media",
    "portfolio.search",
    "portfolio.serving",
    # Django's admin, with the portfolio's own site (portfolio/core/adminsite.py).
    "portfolio.core.adminsite.PortfolioAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "taggit",
    "axes",
    "reversion",
    "csp",
    "portfolio.profile",
    "portfolio.publications",
    "portfolio.positions",
    "portfolio.talks",
    "portfolio.projects",
    "portfolio.teaching",
    "portfolio.news",
    "portfolio.pages",
    "portfolio.website",
    "portfolio.cvdata",
    "portfolio.staticsite",
]

MIDDLEWARE = [
    # First: load balancers probe /healthz by IP over plain HTTP.
    "portfolio.serving.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, which reads the query string.
    "portfolio.serving.middleware.RejectNullCharactersMiddleware",
    # Cached public pages are answered here, before the rest of the stack.
    "portfolio.pagecache.middleware.PageCacheMiddleware",
    # Then the pages rendered for one client and at once (a hit never gets here),
    # before the rest of the stack, so that refusing a flood costs little.
    "portfolio.pagecache.limits.RequestLimitMiddleware",
    # Compressed responses; inside it, ETags from the uncompressed body and 304s.
    "portfolio.serving.middleware.PublicCompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portfolio.serving.middleware.RefuseTraceMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portfolio.serving.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes asks: it turns a lockout into a 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portfolio.profile.context_processors.site_profile",
                "portfolio.website.context_processors.navigation",
                "portfolio.staticsite.context_processors.static_build",
            ],
        },
    },
]

WSGI_APPLICATION = "site_config.wsgi.application"


def database_from_env() -> dict:
    """DATABASE_URL, or the SQLite file in the project when it is unset or blank."""
    url = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    try:
        return dj_database_url.parse(
            url,
            conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    except ValueError as error:  # UnknownSchemeError is a ValueError too
        scheme = urlsplit(url).scheme
        found = f"scheme {scheme!r}" if scheme else "no scheme"
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL dj-database-url understands "
            f"({found}); use e.g. sqlite:////path/to/db.sqlite3 or "
            f"postgres://user:password@host:5432/name. ({error})"
        ) from None


def queue_writes(database: dict) -> dict:
    """Concurrent writes wait for each other, for at most DJANGO_DB_LOCK_TIMEOUT
    seconds, instead of failing at once (SQLite) or waiting without end (PostgreSQL).

    SQLite: a transaction takes the write lock when it begins (IMMEDIATE), so two
    saves queue rather than deadlock on upgrading a read lock (which SQLite
    resolves by failing one at once, whatever the timeout), and the write-ahead
    log lets pages be read while a save is being written. PostgreSQL locks rows
    and queues by itself; lock_timeout bounds the wait. A wait that runs out is
    a 503 page (portfolio.serving.middleware.DatabaseBusyMiddleware)."""
    seconds = env_int("DJANGO_DB_LOCK_TIMEOUT", 20)
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


DATABASES = {"default": queue_writes(database_from_env())}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Caching ----------------------------------------------------------------------
def cache_from_env() -> dict:
    """CACHE_URL: where cached pages are kept (see the README's "Caching").

    ``file:///path`` (the default, a folder beside the database) is shared by every
    worker on one machine and needs no service; ``redis://host:6379/0`` (or
    ``rediss://``) is shared by several servers; ``locmem://`` keeps one cache per
    process (one worker only); ``dummy://`` keeps nothing."""
    url = os.environ.get("CACHE_URL", "").strip() or f"file://{BASE_DIR / 'cache'}"
    parts = urlsplit(url)
    max_entries = env_int("DJANGO_CACHE_MAX_ENTRIES", 2000)
    if parts.scheme == "file":
        if not parts.path.startswith("/") or parts.netloc:
            raise ImproperlyConfigured(
                f"CACHE_URL {url!r} must name an absolute folder, e.g. file:///var/cache/portfolio."
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
        f"CACHE_URL {url!r} is not understood: use file:///path/to/folder, "
        "redis://host:6379/0, locmem:// or dummy://."
    )


CACHES = {"default": {**cache_from_env(), "KEY_PREFIX": "portfolio"}}
# Public pages, feeds and exports are answered from the cache for visitors who are
# not signed in, until any write to the site's content (portfolio.pagecache).
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 24 * 3600)
PAGE_CACHE_MAX_BYTES = env_int("DJANGO_PAGE_CACHE_MAX_MB", 32) * 1024 * 1024
# Pages rendered for visitors who are not signed in (not from the page cache): at
# most CLIENT_REQUESTS in 10 seconds and CLIENT_RENDERS at once for one client
# address (then 429), and RENDERS_PER_WORKER at once in a worker (then 503). 0: no limit.
CLIENT_REQUESTS = env_int("DJANGO_CLIENT_REQUESTS", 20)
CLIENT_RENDERS = env_int("DJANGO_CLIENT_RENDERS", 2)
RENDERS_PER_WORKER = env_int("DJANGO_RENDERS_PER_WORKER", 2)
# The text search configuration of PostgreSQL's full-text search (its language's
# stemming and stop words): "english", "german", "french"..., or "simple" for none.
SEARCH_CONFIG = os.environ.get("DJANGO_SEARCH_CONFIG", "english").strip() or "english"
if not re.fullmatch(r"[a-z_]{1,63}", SEARCH_CONFIG):
    raise ImproperlyConfigured(
        f"DJANGO_SEARCH_CONFIG={SEARCH_CONFIG!r} is not the name of a text search "
        "configuration (such as english or simple)."
    )
# True only while `manage.py build_site` renders the site as static files.
STATIC_BUILD = False

# --- Accounts ---------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 for new passwords; older hashes still verify and are upgraded on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: after AXES_FAILURE_LIMIT wrong passwords for one user name from
# one address, that pair is locked out until `manage.py axes_reset` (or the cool-off).
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
_cooloff_hours = env_int("DJANGO_LOGIN_COOLOFF_HOURS", 0)
AXES_COOLOFF_TIME = _cooloff_hours or None
# How many reverse proxies stand in front; the client's address is read from the
# right end of X-Forwarded-For accordingly (see site_config/client_ip.py).
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0 if DEBUG else 1)
AXES_CLIENT_IP_CALLABLE = "site_config.client_ip.client_ip"

# --- HTTPS, cookies and headers ---------------------------------------------------
# A TLS-terminating proxy (nginx, a PaaS router) sets X-Forwarded-Proto; it must
# also overwrite any such header the client sent (see the README).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Only this site's own files: no inline or injected script can run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Files ------------------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "en-us")
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Files replaced or cleared in the admin, kept (out of public reach) for the edit
# history to bring back: beside the media folder (<media>-retired), never inside it.
RETIRED_MEDIA_ROOT = os.environ.get("DJANGO_RETIRED_MEDIA_ROOT", "").strip() or None
if RETIRED_MEDIA_ROOT and Path(RETIRED_MEDIA_ROOT).resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured(
        "DJANGO_RETIRED_MEDIA_ROOT must be outside DJANGO_MEDIA_ROOT, which is public."
    )
# Let Django serve uploads itself when no web server does (see the README).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)

STORAGES = {
    "default": {"BACKEND": "portfolio.media.media.MediaStorage"},
    # In production: hashed names (cached for a year) and brotli/gzip copies, made by
    # `manage.py collectstatic` before the server starts.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Form data (other than files) above this size is refused; uploaded files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, and the photo field refuses
# any above PHOTO_MAX_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
PHOTO_MAX_BYTES = env_int("DJANGO_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
PHOTO_MAX_PIXELS = env_int("DJANGO_PHOTO_MAX_PIXELS", 40_000_000)

# A BibTeX import in the admin (its preview, then the import) stops, writing
# nothing, after this many seconds: keep it below GUNICORN_TIMEOUT.
BIBTEX_ADMIN_SECONDS = env_int("DJANGO_BIBTEX_ADMIN_SECONDS", 20)

# What `manage.py restore` reads from an archive at most (a small archive can expand
# to gigabytes): data.json, all files together (data.json included), and how many.
RESTORE_MAX_DATA_BYTES = env_int("DJANGO_RESTORE_MAX_DATA_MB", 50) * 1024 * 1024
RESTORE_MAX_MEDIA_BYTES = env_int("DJANGO_RESTORE_MAX_MEDIA_MB", 500) * 1024 * 1024
RESTORE_MAX_FILES = env_int("DJANGO_RESTORE_MAX_FILES", 10_000)

# `manage.py loaddata cv` finds the researcher's CV here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Tags are case-insensitive, so "Metric learning" and "metric learning" are one topic.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "portfolio.core.tags.parse_topics"
TAGGIT_STRING_FROM_TAGS = "portfolio.core.tags.format_topics"


# --- Errors reach the owner ----------------------------------------------------------
def admins_from_env() -> list[tuple[str, str]]:
    """DJANGO_ADMINS: "Ada <ada@example.org>, ops@example.org" as Django's (name, email)."""
    admins = []
    for item in env_list("DJANGO_ADMINS"):
        name, address = parseaddr(item)
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", address):
            raise ImproperlyConfigured(
                f"DJANGO_ADMINS holds {item!r}, which is not an email address; "
                "use e.g. 'Ada Lovelace <ada@example.org>, ops@example.org'."
            )
        admins.append((name or address, address))
    return admins


ADMINS = admins_from_env()
# Mail is sent through this SMTP server; without DJANGO_EMAIL_HOST, none is sent.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=EMAIL_PORT != 465)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", default=EMAIL_PORT == 465)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set DJANGO_EMAIL_USE_TLS or DJANGO_EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend"
)
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "").strip() or (
    f"portfolio@{ALLOWED_HOSTS[0].lstrip('.')}"
)
DEFAULT_FROM_EMAIL = SERVER_EMAIL
EMAIL_SUBJECT_PREFIX = "[Portfolio] "


def logging_config(mail_admins: bool) -> dict:
    """Log records go to standard output, where gunicorn and systemd collect them.
    A server error (a 500) is logged there with its traceback, and also mailed to
    ADMINS when ``mail_admins``."""
    handlers = ["console", "mail_admins"] if mail_admins else ["console"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "production": {"()": "django.utils.log.RequireDebugFalse"},
            "not_503": {"()": "site_config.log_filters.NotServiceUnavailable"},
        },
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "plain",
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["production"],
            },
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "django": {"level": "INFO" if DEBUG else "WARNING"},
            "django.request": {
                "handlers": handlers,
                "level": "WARNING",
                "propagate": False,
                "filters": ["not_503"],
            },
            "django.server": {"level": "INFO", "propagate": True},
            # bibtexparser reports malformed entries itself; the importer reports them too.
            "bibtexparser": {"level": "ERROR"},
        },
    }


LOGGING = logging_config(mail_admins=bool(ADMINS and EMAIL_HOST))
