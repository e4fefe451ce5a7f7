import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from .samples import SAMPLE_CV

ROOT = Path(__file__).resolve().parent.parent


def keep_away_from_the_owners_files() -> Path:
    """Give the run its own media folder (its retired files beside it), static
    folder and SQLite file, in a temporary folder removed at the end, so that the
    suite never reads or changes the owner's: the project's media/, media-retired/
    and db.sqlite3, or the folders the environment names. (The cache is the run's
    own too: CACHE_URL is locmem:// in pyproject.toml.)

    pytest-django loads Django's settings before this file, so they are changed
    here for this process, and the environment for the commands and servers that
    tests start."""
    from django.conf import settings
    from django.test.utils import override_settings

    run = Path(tempfile.mkdtemp(prefix="portfolio-test-run-"))
    atexit.register(shutil.rmtree, run, ignore_errors=True)
    os.environ["DJANGO_MEDIA_ROOT"] = str(run / "media")
    os.environ["DJANGO_STATIC_ROOT"] = str(run / "static")
    os.environ["DJANGO_CV_PDF"] = str(run / "generated" / "cv.pdf")
    os.environ.pop("DJANGO_RETIRED_MEDIA_ROOT", None)
    # A database server the run was pointed at is kept (Django tests on its own
    # test_<name> database); the project's SQLite file is not.
    if not os.environ.get("DATABASE_URL", "").strip():
        os.environ["DATABASE_URL"] = f"sqlite:///{run / 'db.sqlite3'}"
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # No connection is open yet; the test database has a name of its own.
        database["NAME"] = str(run / "db.sqlite3")
    override_settings(
        MEDIA_ROOT=run / "media",
        RETIRED_MEDIA_ROOT=None,
        STATIC_ROOT=run / "static",
        CV_PDF_PATH=run / "generated" / "cv.pdf",
    ).enable()
    return run


RUN_FOLDER = keep_away_from_the_owners_files()


def seed_checks_enabled(fixture: Path = ROOT / "fixtures" / "cv.json") -> bool:
    """Whether the fixture is the seed CV, known by its profile's name (see
    tests/seed_cv/conftest.py); a fixture that cannot be read is not."""
    import json

    from .seed_cv.conftest import SEED_OWNER

    try:
        objects = json.loads(fixture.read_text(encoding="utf-8"))
        names = [o["fields"]["name"] for o in objects if o.get("model") == "profile.profile"]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False
    return names == [SEED_OWNER]


def pytest_collection_modifyitems(config, items):
    """The seed CV's checks run only for the seed CV (see tests/seed_cv/conftest.py)."""
    seed_dir = Path(__file__).resolve().parent / "seed_cv"
    seed = [item for item in items if seed_dir in Path(item.path).parents]
    for item in seed:
        item.add_marker(pytest.mark.seed_cv)
    if seed and not seed_checks_enabled():
        config.hook.pytest_deselected(items=seed)
        items[:] = [item for item in items if item not in seed]


def pytest_report_header(config):
    """Name the database the suite runs on, so a log shows which backend was tested."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    seed = "on" if seed_checks_enabled() else "off (fixtures/cv.json is not the seed CV)"
    return [f"database: {engine} on {database.get('HOST') or 'file'}", f"seed CV checks: {seed}"]


# The sample CV is read, checked and loaded once per run, in a transaction that is
# undone, with every statement that writes recorded; a test that needs the CV
# replays those statements. The recording is made again if the content type ids
# change (a transactional test empties the tables, and they are made anew).
_recorded: dict = {}


def content_type_ids() -> tuple:
    from django.contrib.contenttypes.models import ContentType

    return tuple(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))


def record_sample_cv() -> list:
    from django.db import connection, transaction

    statements = []

    def record(execute, sql, params, many, context):
        words = sql.lstrip().split(None, 1)
        verb = words[0].upper() if words else ""
        if verb in {"INSERT", "UPDATE", "DELETE"} or "setval" in sql.lower():
            statements.append((sql, params, many))
        return execute(sql, params, many, context)

    with transaction.atomic():
        with connection.execute_wrapper(record):
            call_command("loaddata", str(SAMPLE_CV), verbosity=0)
        transaction.set_rollback(True)
    return statements


@pytest.fixture
def cv(db):
    """The made-up sample CV, loaded."""
    from django.db import connection

    key = content_type_ids()
    if _recorded.get("key") != key:
        _recorded.update(key=key, statements=record_sample_cv())
    with connection.cursor() as cursor:
        for sql, params, many in _recorded["statements"]:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Creating the admin user of each test need not pay for a production-strength hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """The suite runs the production settings (debug off) without collectstatic;
    tests/test_security.py checks the hashed, compressed files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_media_folder(settings):
    """Each test has an empty media folder of its own (its retired files beside it),
    and a folder of its own for the PDF of the CV, so that no test finds the files
    another left."""
    folder = Path(tempfile.mkdtemp(dir=RUN_FOLDER))
    settings.MEDIA_ROOT = folder / "media"
    settings.CV_PDF_PATH = folder / "generated" / "cv.pdf"


@pytest.fixture(autouse=True)
def caches_start_cold():
    """Every test starts with the caches a fresh process has, whichever tests ran
    before it: Django's content types (a page's query count depends on them) and the
    cache the site keeps pages in."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def services(settings):
    """The outside services, played by a local server (tests/replay.py): each one's
    address points at it, nobody is kept waiting between requests, and the site has
    a contact address to send."""
    from .replay import ReplayServer

    server = ReplayServer()
    settings.CONTACT_EMAIL = "owner@example.org"
    settings.IMPORT_TIMEOUT = 2
    settings.IMPORT_SERVICES = {
        name: {**config, "url": f"{server.url}/{name}", "pace": 0}
        for name, config in settings.IMPORT_SERVICES.items()
    }
    yield server
    server.close()
