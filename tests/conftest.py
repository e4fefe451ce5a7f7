import pytest
from django.core.management import call_command


def pytest_report_header(config):
    """Name the database the suite runs on, so a log shows which backend was tested."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} on {database.get('HOST') or 'file'}"


@pytest.fixture
def cv(db):
    """The researcher's CV, loaded from fixtures/cv.json."""
    call_command("loaddata", "cv", verbosity=0)


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
