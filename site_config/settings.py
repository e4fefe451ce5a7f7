"""Settings for the portfolio site, read from environment variables.

docs/deploy.md lists every variable; site_config/env.py reads them and refuses
values it cannot read. Debug mode is off unless ``DJANGO_DEBUG`` turns it on,
and with it off the site refuses to start without a strong secret key and a
host list, and runs with HTTPS-only cookies, HSTS and a redirect to HTTPS.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from site_config import env
from site_config.log_filters import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.boolean("DJANGO_DEBUG")
SECRET_KEY = env.secret_key("DJANGO_SECRET_KEY", debug=DEBUG)
ALLOWED_HOSTS = env.allowed_hosts("DJANGO_ALLOWED_HOSTS", debug=DEBUG)
# The admin's address; a less obvious one keeps bots off the login page.
ADMIN_URL = env.url_path("DJANGO_ADMIN_URL", "admin/")

INSTALLED_APPS = [
    # First, so that its createsuperuser (no bypassing the password rules) is the one run.
    "portfolio.core",
    "portfolio.pagecache",
    "portfolio.richtext",
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
    "portfolio.importing",
    "portfolio.staticsite",
    # After the apps of the content: the content types of its models come last in a
    # new database, so older backups' history (which names content types by number)
    # still reverts.
    "portfolio.search",
    # Its model (the image library) came later still, and so comes after these.
    "portfolio.media",
    # The project's own system check: environment variables that nothing reads.
    "site_config.apps.ProjectConfig",
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

# Concurrent saves wait this many seconds for each other's lock, then get a
# "site is busy" page (503); see site_config/env.py's queue_writes.
DB_LOCK_TIMEOUT = 20
DATABASES = {
    "default": env.database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        lock_timeout=DB_LOCK_TIMEOUT,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caching ----------------------------------------------------------------------
# A file:// or locmem:// cache keeps at most this many pages, then drops a third.
CACHES = {
    "default": {
        **env.cache("CACHE_URL", f"file://{BASE_DIR / 'cache'}", max_entries=2000),
        "KEY_PREFIX": "portfolio",
    }
}
# Public pages, feeds and exports are answered from the cache for visitors who are
# not signed in, until any write to the site's content (docs/caching.md).
PAGE_CACHE = env.boolean("DJANGO_PAGE_CACHE", default=not DEBUG)
# A change replaces a cached page at once; this only bounds how long it is kept.
PAGE_CACHE_SECONDS = 24 * 3600
PAGE_CACHE_MAX_BYTES = 32 * 1024 * 1024
# Pages rendered for visitors who are not signed in (not from the page cache): at
# most CLIENT_REQUESTS in 10 seconds and CLIENT_RENDERS at once for one client
# address (then 429), and RENDERS_PER_WORKER at once in a worker (then 503). 0: no
# limit. Variables, so that the tests and benchmarks can set them for a server.
CLIENT_REQUESTS = env.integer("DJANGO_CLIENT_REQUESTS", 20)
CLIENT_RENDERS = env.integer("DJANGO_CLIENT_RENDERS", 2)
RENDERS_PER_WORKER = env.integer("DJANGO_RENDERS_PER_WORKER", 2)
# The text search configuration of PostgreSQL's full-text search (its language's
# stemming and stop words): "english", "german", "french"..., or "simple" for none.
SEARCH_CONFIG = env.name_of_search_config("DJANGO_SEARCH_CONFIG", "english")
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
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_TIME = env.integer("DJANGO_LOGIN_COOLOFF_HOURS", 0) or None
# How many reverse proxies stand in front; the client's address is read from the
# right end of X-Forwarded-For accordingly (see site_config/client_ip.py).
PROXY_COUNT = env.integer("DJANGO_PROXY_COUNT", 0 if DEBUG else 1)
AXES_CLIENT_IP_CALLABLE = "site_config.client_ip.client_ip"

# --- HTTPS, cookies and headers ---------------------------------------------------
# A TLS-terminating proxy (nginx, a PaaS router) sets X-Forwarded-Proto; it must
# also overwrite any such header the client sent (see docs/deploy.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.boolean("DJANGO_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env.items("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_HSTS_SECONDS = env.integer("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.boolean("DJANGO_HSTS_PRELOAD", default=True)
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
LANGUAGE_CODE = env.text("DJANGO_LANGUAGE_CODE", "en-us")
TIME_ZONE = env.text("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", BASE_DIR / "media")
# Files replaced or cleared in the admin, kept (out of public reach) for the edit
# history to bring back: beside the media folder (<media>-retired), never inside it.
RETIRED_MEDIA_ROOT = env.folder_outside("DJANGO_RETIRED_MEDIA_ROOT", MEDIA_ROOT)
# Let Django serve uploads itself when no web server does (see docs/deploy.md).
SERVE_MEDIA = env.boolean("DJANGO_SERVE_MEDIA", default=DEBUG)

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
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, and the image fields refuse
# any above PHOTO_MAX_BYTES, a paper's PDF field any above PUBLICATION_PDF_MAX_BYTES
# (the nginx example in docs/deploy.md allows 21 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
# A paper's own PDF (a publication's "PDF" field): larger ones are refused; above
# PUBLICATION_PDF_SCHOLAR_BYTES the admin accepts it with a warning.
PUBLICATION_PDF_MAX_BYTES = env.integer("DJANGO_PUBLICATION_PDF_MAX_MB", 20) * 1024 * 1024
# Google Scholar's inclusion guidelines: it may not index a larger PDF.
PUBLICATION_PDF_SCHOLAR_BYTES = 5 * 1024 * 1024

# The PDF of the CV (/cv.pdf, portfolio/website/cvpdf.py): where the site keeps its
# last good copy, its paper size, and whether a change to the CV renders it anew.
CV_PDF_PATH = env.path("DJANGO_CV_PDF", BASE_DIR / "generated" / "cv.pdf")
CV_PDF_PAGE_SIZE = env.text("DJANGO_CV_PDF_PAGE_SIZE", "A4")
if CV_PDF_PAGE_SIZE not in ("A4", "Letter"):
    raise ImproperlyConfigured(
        f"DJANGO_CV_PDF_PAGE_SIZE must be A4 or Letter; got {CV_PDF_PAGE_SIZE!r}."
    )
CV_PDF_AUTO = env.boolean("DJANGO_CV_PDF_AUTO", True)

# A BibTeX import in the admin (its preview, then the import) stops, writing
# nothing, after this many seconds: below gunicorn's timeout (GUNICORN_TIMEOUT, 30).
BIBTEX_ADMIN_SECONDS = 20

# What `manage.py restore` reads from an archive at most (a small archive can expand
# to gigabytes): data.json, all files together (data.json included), and how many.
# Variables, so that a larger backup can be restored.
RESTORE_MAX_DATA_BYTES = env.integer("DJANGO_RESTORE_MAX_DATA_MB", 50) * 1024 * 1024
RESTORE_MAX_MEDIA_BYTES = env.integer("DJANGO_RESTORE_MAX_MEDIA_MB", 500) * 1024 * 1024
RESTORE_MAX_FILES = env.integer("DJANGO_RESTORE_MAX_FILES", 10_000)

# `manage.py loaddata cv` finds the researcher's CV here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Tags are case-insensitive, so "Metric learning" and "metric learning" are one topic.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "portfolio.core.tags.parse_topics"
TAGGIT_STRING_FROM_TAGS = "portfolio.core.tags.format_topics"

# --- Errors reach the owner ----------------------------------------------------------
ADMINS = env.email_addresses("DJANGO_ADMINS")
# Mail is sent through this SMTP server; without DJANGO_EMAIL_HOST, none is sent.
EMAIL_HOST = env.text("DJANGO_EMAIL_HOST")
EMAIL_PORT = env.integer("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env.secret("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.secret("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("DJANGO_EMAIL_USE_TLS", default=EMAIL_PORT != 465)
EMAIL_USE_SSL = env.boolean("DJANGO_EMAIL_USE_SSL", default=EMAIL_PORT == 465)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set DJANGO_EMAIL_USE_TLS or DJANGO_EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend"
)
SERVER_EMAIL = env.text("DJANGO_SERVER_EMAIL", f"portfolio@{ALLOWED_HOSTS[0].lstrip('.')}")
DEFAULT_FROM_EMAIL = SERVER_EMAIL
EMAIL_SUBJECT_PREFIX = "[Portfolio] "

# Data in from outside services (portfolio/importing/http.py): the commands and
# admin pages that go online name the site's contact in their User-Agent, as the
# services ask. Each service's address can be a sandbox, a mirror or a local
# test server; "pace" is the least time between two requests to it, in seconds.
CONTACT_EMAIL = env.email_address("PORTFOLIO_CONTACT_EMAIL")
IMPORT_SERVICES = {
    "orcid": {
        "name": "ORCID",
        "url": env.http_url("PORTFOLIO_ORCID_URL", "https://pub.orcid.org/v3.0"),
        "pace": 0.1,
    },
    "doi": {
        "name": "doi.org",
        "url": env.http_url("PORTFOLIO_DOI_URL", "https://doi.org"),
        "pace": 0.1,
    },
    # arXiv asks for one request every three seconds.
    "arxiv": {
        "name": "arXiv",
        "url": env.http_url("PORTFOLIO_ARXIV_URL", "https://export.arxiv.org/api"),
        "pace": 3,
    },
    # NCBI allows three requests a second without an API key.
    "pubmed": {
        "name": "PubMed",
        "url": env.http_url(
            "PORTFOLIO_PUBMED_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
        ),
        "pace": 0.34,
    },
    # OpenAlex allows ten requests a second.
    "openalex": {
        "name": "OpenAlex",
        "url": env.http_url("PORTFOLIO_OPENALEX_URL", "https://api.openalex.org"),
        "pace": 0.1,
    },
}
# OpenAlex's API key (free, at openalex.org), sent with refresh_citations' requests.
OPENALEX_API_KEY = env.text("PORTFOLIO_OPENALEX_API_KEY", "")
# Seconds a request may take; the longest Retry-After that is waited for.
IMPORT_TIMEOUT = 20
IMPORT_MAX_WAIT = 60
# The admin's "Add by identifier" stops asking doi.org after this many seconds,
# well within the server's 30-second request timeout.
IMPORT_ADMIN_SECONDS = 15

# Log records go to standard output; a server error is also mailed to ADMINS when
# there is a mail server to send it through.
LOGGING = logging_config(mail_admins=bool(ADMINS and EMAIL_HOST), debug=DEBUG)
