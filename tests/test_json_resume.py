"""/cv.json: valid JSON Resume, with the portfolio's extension and public data only."""

import json
import os
from pathlib import Path

import pytest
from django.urls import reverse

from portfolio.profile.models import Profile

from .factories import make_publication, make_talk

SCHEMA = (
    Path(__file__).resolve().parent.parent / ".venv/npm/node_modules/resume-schema/schema.json"
)


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA.exists():
        message = f"the JSON Resume schema is missing at {SCHEMA}: run make install"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from jsonschema import Draft4Validator

    schema = json.loads(SCHEMA.read_text())
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def get_resume(client) -> dict:
    response = client.get(reverse("cvdata:json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_cv_json_is_valid_json_resume(client, cv, validator):
    resume = get_resume(client)
    errors = sorted(validator.iter_errors(resume), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_an_empty_site_is_valid_too(client, db, validator):
    assert list(validator.iter_errors(get_resume(client))) == []


def test_cv_json_holds_the_whole_public_cv(client, cv):
    resume = get_resume(client)
    assert resume["basics"]["name"] == "Elad Hoffer"
    assert resume["basics"]["email"] == "elad.hoffer@gmail.com"
    assert "phone" not in resume["basics"]
    assert resume["basics"]["profiles"] == [
        {"network": "GitHub", "username": "eladhoffer", "url": "https://github.com/eladhoffer"}
    ]
    assert [w["name"] for w in resume["work"]] == ["Intel", "Intel", "IDF", "Intel"]
    assert resume["work"][2]["x-portfolio"] == {"kind": "military", "unit": "Artillery Corps"}
    phd = resume["education"][0]
    assert (phd["studyType"], phd["startDate"], "endDate" in phd) == (
        "PhD (Direct track)",
        "2014",
        False,
    )
    assert phd["x-portfolio"]["advisor"] == "Prof. Daniel Soudry"
    assert resume["education"][1]["x-portfolio"]["thesis"].startswith("Real-Time Movie Subtitles")
    assert len(resume["publications"]) == 13
    implicit = next(p for p in resume["publications"] if p["name"].startswith("The Implicit"))
    assert implicit["releaseDate"] == "2018-04"
    assert implicit["x-portfolio"]["authors"] == [
        "Daniel Soudry", "Elad Hoffer", "Mor Shpigel Nacson", "Nathan Srebro"
    ]  # fmt: skip
    assert implicit["x-portfolio"]["kind"] == "conference"
    assert [t.get("title", t["event"]) for t in resume["meta"]["x-portfolio"]["talks"]] == [
        "Rethinking Common Practices in Deep Learning", "Cx 2nd Annual Fall Workshop"
    ]  # fmt: skip
    assert [a["title"] for a in resume["awards"]][-1] == "Dean's honor list"
    assert resume["awards"][-1]["date"] == "2013"
    assert resume["skills"][0]["name"] == "Programming"
    assert resume["languages"] == [
        {"language": "Hebrew", "fluency": "Native"}, {"language": "English", "fluency": "Fluent"}
    ]  # fmt: skip
    assert [i["name"] for i in resume["interests"]][:2] == ["Machine Learning", "Deep Learning"]


def test_cv_json_leaves_out_hidden_entries_and_private_details(client, cv):
    make_publication(title="Hiddenpaper", is_published=False)
    make_talk(title="Hiddentalk", is_published=False)
    Profile.objects.update(email_public=False)
    body = client.get(reverse("cvdata:json")).content.decode()
    for secret in ("Hiddenpaper", "Hiddentalk", "elad.hoffer@gmail.com", "054-4228891", "1986"):
        assert secret not in body
