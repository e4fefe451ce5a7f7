"""The seed CV's own checks: they load fixtures/cv.json itself.

They run when fixtures/cv.json is the seed CV (its profile is SEED_OWNER's),
whatever the environment, and are left out (deselected, not skipped) when it holds
another researcher's CV, so that a researcher who replaced it is not held to
someone else's.
"""

import pytest
from django.core.management import call_command

SEED_OWNER = "Elad Hoffer"


@pytest.fixture
def cv(db):
    """fixtures/cv.json itself, loaded."""
    call_command("loaddata", "cv", verbosity=0)
