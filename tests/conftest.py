import pytest
from django.core.management import call_command


@pytest.fixture
def cv(db):
    """The researcher's CV, loaded from fixtures/cv.json."""
    call_command("loaddata", "cv", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Creating the admin user of each test need not pay for a production-strength hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
