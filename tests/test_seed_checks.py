"""The seed CV's own checks (tests/seed_cv/) run when fixtures/cv.json is the seed
CV, known by its content, whatever the environment says: a researcher who put
their own CV there is never held to someone else's, in CI or anywhere."""

import json
from pathlib import Path

import pytest

from .conftest import seed_checks_enabled
from .seed_cv.conftest import SEED_OWNER

OTHER_CV = Path(__file__).resolve().parent / "data" / "other-cv.json"


def written(tmp_path, content) -> Path:
    fixture = tmp_path / "cv.json"
    fixture.write_text(content if isinstance(content, str) else json.dumps(content))
    return fixture


def seed_cv() -> list:
    """A CV whose profile is the seed CV's owner's (the rest does not matter)."""
    objects = json.loads(OTHER_CV.read_text())
    for obj in objects:
        if obj["model"] == "profile.profile":
            obj["fields"]["name"] = SEED_OWNER
    return objects


@pytest.fixture(params=["", "0", "1"], ids=["unset", "off", "on"])
def any_environment(request, monkeypatch):
    """What an environment once used to force the checks, which no longer counts."""
    monkeypatch.setenv("PORTFOLIO_SEED_CHECKS", request.param)


def test_the_seed_cv_turns_its_checks_on(tmp_path, any_environment):
    assert seed_checks_enabled(written(tmp_path, seed_cv()))


def test_another_researchers_cv_leaves_them_out(tmp_path, any_environment):
    assert not seed_checks_enabled(OTHER_CV)
    assert not seed_checks_enabled(written(tmp_path, []))


@pytest.mark.parametrize(
    "content",
    ["", "not json", '{"model": "profile.profile"}', '[{"model": "profile.profile"}]', "[1]"],
    ids=["empty file", "not JSON", "an object", "a profile without fields", "not objects"],
)
def test_a_fixture_that_cannot_be_read_leaves_them_out(tmp_path, content):
    assert not seed_checks_enabled(written(tmp_path, content))


def test_a_missing_fixture_leaves_them_out(tmp_path):
    assert not seed_checks_enabled(tmp_path / "cv.json")
    assert not seed_checks_enabled(tmp_path)
