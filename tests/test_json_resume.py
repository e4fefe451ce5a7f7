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
    return json.loads(response.getvalue())


def test_cv_json_is_valid_json_resume(client, cv, validator):
    resume = get_resume(client)
    errors = sorted(validator.iter_errors(resume), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_an_empty_site_is_valid_too(client, db, validator):
    assert list(validator.iter_errors(get_resume(client))) == []


def test_cv_json_holds_the_whole_public_cv(client, cv):
    resume = get_resume(client)
    assert resume["basics"]["name"] == "Mira Castellanos"
    assert resume["basics"]["email"] == "mira@example.org"
    assert "phone" not in resume["basics"]
    assert resume["basics"]["profiles"] == [  # the hidden ORCID link is left out
        {"network": "GitHub", "username": "mcastellanos", "url": "https://github.com/mcastellanos"}
    ]
    assert [w["name"] for w in resume["work"]] == [
        "Northfield University", "ICML", "Acme Research Lab"
    ]  # fmt: skip
    assert "endDate" not in resume["work"][0]  # ongoing
    assert resume["work"][0]["x-portfolio"] == {
        "kind": "employment", "unit": "Department of Computer Science"
    }  # fmt: skip
    phd = resume["education"][0]
    assert (phd["studyType"], phd["startDate"], phd["endDate"]) == ("PhD", "2010", "2014")
    assert phd["x-portfolio"]["advisor"] == "Prof. Jonas Weber"
    assert resume["education"][1]["x-portfolio"]["honours"] == "Summa cum laude"
    assert len(resume["publications"]) == 6
    routing = next(p for p in resume["publications"] if p["name"].startswith("Sparse Routing f"))
    assert routing["releaseDate"] == "2021-07"
    assert routing["x-portfolio"]["authors"] == [
        "Mira Castellanos", "Jonas Weber", "Priya Raman", "Tomás Lind"
    ]  # fmt: skip
    assert routing["x-portfolio"]["kind"] == "conference"
    assert [t.get("title", t["event"]) for t in resume["meta"]["x-portfolio"]["talks"]] == [
        "Workshop on Efficient Systems 2023", "Sparse models at scale"
    ]  # fmt: skip
    assert [a["title"] for a in resume["awards"]][-1] == "Graduate Fellowship"
    assert resume["awards"][-1]["date"] == "2013"
    assert resume["awards"][-1]["x-portfolio"] == {"years": "2010–2013"}
    assert resume["skills"][0]["name"] == "Programming"
    assert resume["languages"] == [
        {"language": "Portuguese", "fluency": "Native"},
        {"language": "English", "fluency": "Fluent"},
    ]
    assert [i["name"] for i in resume["interests"]] == [
        "Efficient machine learning", "Sparsity", "Robust statistics"
    ]  # fmt: skip


def test_a_book_is_a_book_published_by_its_publisher(client, db, validator):
    make_publication(title="Machines that learn", kind="book", venue="Northfield Press")
    resume = get_resume(client)
    assert list(validator.iter_errors(resume)) == []
    [book] = resume["publications"]
    assert (book["publisher"], book["x-portfolio"]["kind"]) == ("Northfield Press", "book")


def test_cv_json_leaves_out_hidden_entries_and_private_details(client, cv):
    make_publication(title="Hiddenpaper", is_published=False)
    make_talk(title="Hiddentalk", is_published=False)
    Profile.objects.update(email_public=False)
    body = client.get(reverse("cvdata:json")).getvalue().decode()
    for secret in ("Hiddenpaper", "Hiddentalk", "mira@example.org", "555 0100", "1985", "orcid"):
        assert secret not in body
