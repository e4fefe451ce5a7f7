"""The CV in JSON Resume that al-folio and academicpages keep, read into the
profile, positions, education and awards, with every section left out named.
The document is al-folio's own example (tests/data/sites/json-resume/README.md)."""

import io
import json
import shutil
from pathlib import Path

from django.core.management import call_command

from portfolio.importing.entries import EntryWriter
from portfolio.importing.sources.site.jsonresume import read
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile

from .test_import_site_academicpages import EXAMPLE as ACADEMICPAGES
from .test_import_site_alfolio import EXAMPLE as ALFOLIO

DATA = Path(__file__).parent / "data" / "sites" / "json-resume"
PATH = "assets/json/resume.json"


def resume() -> dict:
    return json.loads((DATA / "al-folio-resume.json").read_text(encoding="utf-8"))


def test_al_folios_example_resume_becomes_profile_positions_and_awards():
    entries, unused = read(resume(), PATH)
    profile = entries[0]
    assert (profile.model, profile.values["name"], profile.values["headline"]) == (
        "profile",
        "Kyle Oman",
        "Astrophysicist",
    )
    assert profile.values["bio"] == "Royal Society Dorothy Hodgkin Fellow"
    positions = [e.values for e in entries if e.model == "position"]
    assert [
        (p["kind"], p["organisation"][:30], p["start_year"], p["end_year"]) for p in positions
    ] == [
        ("employment", "Institute for Computational Co", 2023, None),
        ("employment", "Institute for Computational Co", 2019, 2023),
        ("employment", "Kapteyn Astronomical Institute", 2017, 2019),
        ("education", "University of Victoria, Canada", 2013, 2017),
        ("education", "University of Waterloo, Canada", 2011, 2013),
        ("education", "University of Waterloo, Canada", 2007, 2011),
    ]
    assert positions[0]["is_current"] and positions[0]["role"].startswith("Royal Society")
    assert (positions[3]["degree"], positions[3]["field"]) == ("PhD", "Physics & Astronomy")
    awards = [e.values for e in entries if e.model == "award"]
    assert (awards[0]["title"], awards[0]["start_year"], awards[0]["end_year"]) == (
        "Dorothy Hodgkin Fellowship",
        2023,
        2031,
    )
    assert (awards[1]["start_year"], awards[1]["end_year"]) == (2022, None)
    assert len(awards) == 6
    assert {(u.field, u.reason.split(":")[0]) for u in unused} == {
        ("basics.phone", "the phone number is private"),
        ("basics.location", "the profile has no address"),
        ("languages", "languages are entered in the admin (Profile → Languages)"),
    }


def test_the_entries_write_and_a_second_reading_changes_nothing(db):
    entries, _ = read(resume(), PATH)
    first = EntryWriter().write(entries)
    assert {o.action for o in first} == {"created"}, [(o.key, o.message) for o in first]
    assert Profile.get_solo().email == "kyle.a.oman@durham.ac.uk"
    assert Position.objects.count() == 6 and Award.objects.count() == 6
    again = EntryWriter().write(read(resume(), PATH)[0])
    assert {o.action for o in again} == {"skipped"}


def test_what_is_not_a_resume_is_named_and_bad_items_are_left_out_with_why():
    assert read(["a list"], PATH) == ([], [read(["a list"], PATH)[1][0]])
    assert "not a JSON Resume document" in read(["a list"], PATH)[1][0].reason
    entries, unused = read(
        {"work": [{"position": "No organisation", "startDate": "2020"}], "awards": [{}]}, PATH
    )
    assert entries == []
    assert [(u.field, u.reason) for u in unused] == [
        ("work[1]", "a position needs an organisation and a start date"),
        ("awards[1]", "an award needs a title and a date"),
    ]


def test_the_older_schemas_names_and_academicpages_own_sections_are_read():
    """academicpages' cv.json: "company", "website" and "gpa" (JSON Resume before
    1.0), and the sections its generator writes from the site's collections."""
    document = {
        "basics": {"name": "Ada Lovelace", "website": "https://ada.example.org"},
        "work": [{"company": "Analytical Society", "position": "Fellow", "startDate": "2020-09"}],
        "education": [
            {"institution": "London", "studyType": "BSc", "startDate": "2016", "gpa": "4"}
        ],
        "presentations": [{"name": "A talk"}],
        "teaching": [{"name": "A course"}],
        "portfolio": [{"name": "A project"}],
    }
    entries, unused = read(document, "_data/cv.json")
    assert entries[0].values["website"] == "https://ada.example.org"
    assert [(e.values["organisation"], e.values["start_month"]) for e in entries[1:]] == [
        ("Analytical Society", 9),
        ("London", None),
    ]
    assert entries[2].values["grade"] == "4"
    assert {u.field: u.reason for u in unused} == {
        "presentations": "the talks come from the site's talks",
        "teaching": "the courses come from the site's teaching",
        "portfolio": "the projects come from the site's portfolio",
    }


def test_academicpages_cv_json_comes_in_beside_the_profile_of_the_author_block(
    db, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = tmp_path / "site"
    shutil.copytree(ACADEMICPAGES, site)
    (site / "_data" / "cv.json").write_text(json.dumps(resume()), encoding="utf-8")
    out = io.StringIO()
    call_command("import_site", str(site), stdout=out)
    assert Profile.get_solo().name != "Kyle Oman"  # the author block's profile is kept
    assert Position.objects.filter(organisation__startswith="Kapteyn").exists()
    assert Award.objects.count() == 6
    assert "_data/cv.json: basics: the profile comes from the theme's own files" in out.getvalue()


def test_al_folio_takes_its_cv_from_resume_json_when_it_has_one(db, tmp_path, settings):
    """al-folio shows assets/json/resume.json in place of _data/cv.yml."""
    settings.MEDIA_ROOT = tmp_path / "media"
    site = tmp_path / "site"
    shutil.copytree(ALFOLIO, site)
    (site / "assets" / "json").mkdir(parents=True)
    shutil.copy(DATA / "al-folio-resume.json", site / "assets" / "json" / "resume.json")
    out = io.StringIO()
    call_command("import_site", str(site), stdout=out)
    assert set(Position.objects.values_list("organisation", flat=True)) == {
        "Institute for Computational Cosmology, Physics, Durham University",
        "Kapteyn Astronomical Institute, Rijksuniversiteit Groningen",
        "University of Victoria, Canada",
        "University of Waterloo, Canada",
    }
    assert Award.objects.count() == 6
    text = out.getvalue()
    assert "_data/cv.yml: al-folio shows assets/json/resume.json instead" in text
    assert "assets/json/resume.json: basics: the profile comes from the theme's own files" in text


def test_profiles_long_values_odd_items_and_interests_are_read_or_named():
    document = {
        "basics": {
            "name": "Ada Lovelace",
            "label": "x" * 250,
            "profiles": [
                {"network": "GitHub", "url": "https://github.com/ada"},
                {"network": "Lab wiki", "url": "https://wiki.example.org/ada"},
                {"network": "Twitter", "username": "ada"},
                "not a profile",
            ],
        },
        "interests": [{"name": "Engines"}, {"name": "Poetry"}, "odd"],
        "work": [
            "not a position",
            {"name": "Society", "startDate": "2020", "url": "https://x.org"},
        ],
        "extra": {"a": 1},
    }
    entries, unused = read(document, PATH)
    profile = entries[0].values
    assert profile["interests"] == "Engines, Poetry"
    assert len(profile["headline"]) == 200 and profile["headline"].endswith("…")
    links = [e.values for e in entries if e.model == "link"]
    assert links == [
        {"kind": "github", "label": "", "url": "https://github.com/ada"},
        {"kind": "other", "label": "Lab wiki", "url": "https://wiki.example.org/ada"},
    ]
    assert [(u.field, u.reason) for u in unused] == [
        ("basics.label", "cut to 200 characters"),
        ("basics.profiles[3]", "no web address"),
        ("basics.profiles[4]", "no web address"),
        ("work[2].url", "a position has no web address here"),
        ("extra", "not a section of JSON Resume the site keeps"),
    ]


def test_interests_without_a_profile_are_named_as_having_no_place():
    _, unused = read({"interests": [{"name": "Engines"}]}, PATH)
    assert [(u.field, u.reason) for u in unused] == [
        ("interests", "there is no profile to keep them on")
    ]


def test_a_resume_that_cannot_be_read_is_that_files_error(tmp_path):
    from portfolio.importing.sources.site.jsonresume import read_into
    from portfolio.importing.sources.site.repository import Repository, SiteData

    (tmp_path / "cv.json").write_text("{not json", encoding="utf-8")
    data = SiteData("test")
    read_into(data, Repository(tmp_path), "cv.json")
    read_into(data, Repository(tmp_path), "missing.json")  # no file: nothing
    assert [(o.key, o.action, o.message[:34]) for o in data.errors] == [
        ("cv.json", "error", "cv.json: cannot be read (Expecting")
    ]
    assert data.entries == []
