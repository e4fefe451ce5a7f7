"""The CV in JSON Resume that al-folio and academicpages keep, read into the
profile, positions, education and awards, with every section left out named.
The document is al-folio's own example (tests/data/sites/json-resume/README.md)."""

import json
from pathlib import Path

from portfolio.importing.entries import EntryWriter
from portfolio.importing.sources.site.jsonresume import read
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile

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
