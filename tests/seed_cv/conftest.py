"""The seed CV's own checks: they load fixtures/cv.json itself.

They run when fixtures/cv.json is the seed CV (its profile is SEED_OWNER's), and
are left out (deselected, not skipped) when it holds another researcher's CV.
PORTFOLIO_SEED_CHECKS=1 forces them on (CI does, for this repository);
PORTFOLIO_SEED_CHECKS=0 turns them off.
"""

import pytest
from django.core.management import call_command

SEED_OWNER = "Elad Hoffer"


@pytest.fixture
def cv(db):
    """fixtures/cv.json itself, loaded."""
    call_command("loaddata", "cv", verbosity=0)
