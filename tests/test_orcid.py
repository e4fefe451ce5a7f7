"""Starting and keeping a site from an ORCID record: the profile, positions,
education, awards and works; the owner among the authors; sync_orcid's rules
(new items come, unedited fields follow ORCID, edits and deletions here stay);
every failure a clear message with nothing written; the admin's page.

ORCID is played by a local server (tests/replay.py) with the recorded real
responses of tests/data/recorded/orcid/ (see its README). No recorded response
of the bulk endpoint (GET /v3.0/{iD}/works/{put-code,...}, answering
{"bulk": [{"work": ...} | {"error": ...}]}) exists: each test that needs one
builds the envelope from recorded single /work responses or from ORCID's
recorded error body, and says which.
"""

import copy
import io
import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from portfolio.importing.models import Origin
from portfolio.importing.outcomes import Action
from portfolio.importing.sources import orcid as source
from portfolio.importing.sources.orcid import InvalidOrcid, import_orcid, orcid_id
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile, ProfileLink
from portfolio.publications.models import Author, Publication

from .factories import content_counts, make_profile
from .replay import RECORDED, Answer

CARBERRY = "0000-0002-1825-0097"  # ORCID's demonstration account
SAMPLE = "0000-0002-7319-2192"  # the iD of ORCID's schema sample (a sandbox record)
KREUTZER = "0000-0002-0734-2199"  # the owner of the recorded single /work responses


def recorded(name: str):
    return json.loads((RECORDED / "orcid" / name).read_text(encoding="utf-8"))


def carberry() -> dict:
    return recorded("record-0000-0002-1825-0097.from-python-literal.json")


def sample() -> dict:
    return recorded("sample-record-full-3.0.json")


ERROR_BODY = recorded("person-404-asdfadf.json")  # ORCID's error body, as a bulk item holds it


def serve(services, orcid: str, record: dict, works: dict | None = None) -> None:
    """ORCID's answers for ``orcid``: ``record`` at /record, and at the bulk
    endpoint, for each put-code the import asks for, the full work in ``works``
    (recorded single /work responses) or else ORCID's recorded error body."""
    works = works or {}
    services.add(f"/orcid/{orcid}/record", Answer(body=json.dumps(record).encode()))
    for codes in source.batches(source.wanted_put_codes(record)):
        bulk = [{"work": works[c]} if c in works else {"error": ERROR_BODY} for c in codes]
        services.add(
            f"/orcid/{orcid}/works/{','.join(codes)}",
            Answer(body=json.dumps({"bulk": bulk}).encode()),
        )


def summary_of(work: dict) -> dict:
    """A work as /record lists it (its summary), from a recorded full /work."""
    keep = ("put-code", "title", "external-ids", "url", "type", "publication-date",
            "journal-title", "visibility", "path")  # fmt: skip
    return {**{k: work.get(k) for k in keep}, "display-index": "0"}


def with_groups(record: dict, groups: list[dict]) -> dict:
    record = copy.deepcopy(record)
    record["activities-summary"]["works"]["group"] = groups
    return record


def group_of(*summaries) -> dict:
    ids = summaries[0].get("external-ids") or {"external-id": []}
    return {"external-ids": ids, "work-summary": list(summaries)}


def run_command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


# -- The iD ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [CARBERRY, f"https://orcid.org/{CARBERRY}", f"http://orcid.org/{CARBERRY}/",
     "orcid.org/0000-0002-1825-0097", " 0000-0002-1825-0097 ", "0000-0002-1694-233x"],
)  # fmt: skip
def test_an_orcid_id_is_read_plain_or_as_its_address(text):
    assert orcid_id(text) in {CARBERRY, "0000-0002-1694-233X"}


@pytest.mark.parametrize(
    ("text", "message"),
    [("0000-0002-1825-0098", "its last character does not match"),
     ("0000-0002-1825", "one looks like 0000-0002-1825-0097"),
     ("https://example.org/0000-0002-1825-0097", "is not an ORCID iD")],
)  # fmt: skip
def test_a_bad_orcid_id_is_a_clear_error_before_any_request(services, db, text, message):
    with pytest.raises(InvalidOrcid, match=message):
        orcid_id(text)
    with pytest.raises(CommandError, match=message):
        run_command("import_orcid", text)
    assert services.requests == []


# -- Starting a site ------------------------------------------------------


def test_a_site_started_from_carberrys_record_has_his_profile_positions_and_works(services, db):
    """Carberry's recorded /record; the bulk endpoint answers each work with
    ORCID's recorded error body, so the works come in as /record lists them."""
    serve(services, CARBERRY, carberry())
    out = run_command("import_orcid", f"https://orcid.org/{CARBERRY}")
    assert f"ORCID {CARBERRY}: 12 created, 0 updated, 0 skipped, 0 errors." in out

    sent = services.requests
    assert sent[0].path == f"/orcid/{CARBERRY}/record"
    assert sent[1].path.startswith(f"/orcid/{CARBERRY}/works/9543020,4562455,")
    assert {r.headers["Accept"] for r in sent} == {"application/json"}

    profile = Profile.get_solo()
    assert profile.name == "Josiah Carberry"
    assert profile.bio.startswith("Josiah Carberry is a fictitious person.")
    assert "\r" not in profile.bio
    assert profile.interests == "psychoceramics, ionian philology"
    links = list(profile.links.values_list("kind", "label", "url"))
    assert links == [
        ("orcid", "", f"https://orcid.org/{CARBERRY}"),
        ("other", "Brown University Page", "http://library.brown.edu/about/hay/carberry.php"),
        ("other", "Wikipedia Entry", "http://en.wikipedia.org/wiki/Josiah_Carberry"),
    ]
    brown = Position.objects.get(organisation="Brown University")
    assert (brown.kind, brown.role, brown.unit, brown.location) == (
        "employment",
        "Professor",
        "Psychoceramics",
        "Providence, RI, US",
    )
    assert (brown.start_year, brown.start_month, brown.is_current) == (1929, 2, True)
    assert Position.objects.count() == 2

    # One entry per group: of the two summaries with the same DOI, the higher
    # display index (9543020).
    assert Publication.objects.count() == 6
    emulation = Publication.objects.get(title="A Methodology for the Emulation of Architecture")
    assert (emulation.kind, emulation.year, emulation.doi) == ("journal", 2012, "10.5555/12345680")
    origin = Origin.objects.get(object_id=emulation.pk, content_type__model="publication")
    assert origin.source_key == f"orcid:{CARBERRY}:work:9543020"
    plasmons = Publication.objects.get(title__startswith="Bulk and surface plasmons")
    assert plasmons.venue == "IEEE Transactions on Plasma Science"

    # No work names its contributors here: the owner is each one's only author.
    owner = Author.objects.get(is_owner=True)
    assert (owner.name, owner.orcid) == ("Josiah Carberry", CARBERRY)
    assert Author.objects.count() == 1
    assert all(list(p.authors.all()) == [owner] for p in Publication.objects.all())
    assert Origin.objects.count() == 12


def test_a_site_started_from_orcids_full_sample_has_every_section(services, db):
    """ORCID's schema sample (placeholder values) as /record; the bulk endpoint
    answers its one work with ORCID's recorded error body."""
    serve(services, SAMPLE, sample())
    outcomes = import_orcid(source.fetch(SAMPLE))
    assert [o for o in outcomes if o.action == Action.ERROR] == []

    profile = Profile.get_solo()
    assert profile.name == "Three releasecandidate1"
    assert profile.interests == "{{{}}}}{}{{}}}{{{{}}{}{}{}{}{}{}{, keyword1"
    assert list(profile.links.values_list("label", "url")) == [
        ("", f"https://orcid.org/{SAMPLE}"),
        ("Site # 1", "https://site1.com/"),
        ("{{}}{}", "http://www.fjksbl.com"),
    ]
    kinds = sorted(Position.objects.values_list("kind", flat=True))
    assert kinds == ["education"] * 3 + ["employment", "service", "visiting"]
    education = Position.objects.filter(kind="education").first()
    assert (education.degree, education.field, education.role) in [
        ("role-title", "department-name", ""), ("role-title", "!GAllows!", "")
    ]  # fmt: skip
    assert education.location == "common:city, common:region, AF"
    # The service group holds two summaries: the one with the higher display index.
    service = Position.objects.get(kind="service")
    assert (service.start_year, service.end_year, service.is_current) == (1949, 1951, False)
    visiting = Position.objects.get(kind="visiting")
    assert (visiting.start_year, visiting.start_month, visiting.end_year) == (1948, 2, 1948)

    award = Award.objects.get()
    assert (award.title, award.giver, award.start_year, award.end_year) == (
        "role-title",
        "common:name",
        1948,
        None,
    )

    work = Publication.objects.get()
    assert (work.title, work.kind, work.year, work.month, work.venue) == (
        "Work Title",
        "journal",
        2012,
        10,
        "Jounral Title",
    )
    # Its own DOI ("work:doi") is no DOI; the DOI it is a version of is a link.
    assert list(work.links.values_list("kind", "url")) == [
        ("other", "https://doi.org/10.1087/20120404")
    ]
    assert [a.name for a in work.authors.all()] == ["Three releasecandidate1"]


def test_contributors_come_in_order_with_the_owner_known_by_the_id(services, db):
    """A record for Kreutzer's iD made of recorded pieces: the sections of
    Carberry's record, with two works groups whose summaries are taken from the
    recorded /work responses 77226586 and 40038622 of Kreutzer's iD; the bulk
    envelope holds those two recorded responses."""
    works = {
        "77226586": recorded("work-0000-0002-0734-2199-77226586.json"),
        "40038622": recorded("work-0000-0002-0734-2199-40038622.json"),
    }
    record = with_groups(carberry(), [group_of(summary_of(w)) for w in works.values()])
    serve(services, KREUTZER, record, works)
    run_command("import_orcid", KREUTZER)

    dose = Publication.objects.get(title__startswith="Dose-Rate Estimation")
    people = [row.author for row in dose.authorships.order_by("position")]
    names = [(a.given_name, a.family_name, a.is_owner) for a in people]
    assert names == [("Sebastian", "Kreutzer", True), ("Chantal", "Tribolo", False),
                     ("Loïc", "Martin", False), ("Norbert", "Mercier", False)]  # fmt: skip
    assert dose.abstract.startswith("We present additional experiments")
    assert (dose.year, dose.month, dose.venue) == (2020, 6, "Ancient TL")
    # A work that names nobody has the owner alone, known by the iD.
    luminescence = Publication.objects.get(title__startswith="Introducing an R package")
    assert [a.name for a in luminescence.authors.all()] == ["Sebastian Kreutzer"]
    assert luminescence.title == "Introducing an R package for luminescence dating analysis"
    assert list(luminescence.links.values_list("kind", "url")) == [
        ("pdf", "http://www.ecu.edu/cs-cas/physics/Ancient-Timeline/upload/ATL_30-1-Kreutzer.pdf")
    ]
    assert Author.objects.owner().orcid == KREUTZER
    assert Author.objects.filter(is_owner=True).count() == 1


def test_without_an_id_the_owner_is_known_by_the_profiles_name(services, db):
    """Carberry's record with one works group taken from the recorded /work
    77226586 (the bulk envelope holds that response); the site's profile has the
    name of a contributor who has no iD there."""
    make_profile(name="Chantal Tribolo", bio="")
    work = recorded("work-0000-0002-0734-2199-77226586.json")
    serve(
        services,
        CARBERRY,
        with_groups(carberry(), [group_of(summary_of(work))]),
        {"77226586": work},
    )
    run_command("import_orcid", CARBERRY)
    assert Author.objects.get(is_owner=True).name == "Chantal Tribolo"
    profile = Profile.get_solo()
    # A site with a profile keeps it, and has its empty fields filled.
    assert profile.name == "Chantal Tribolo"
    assert profile.headline == "Professor of Things"
    assert profile.bio.startswith("Josiah Carberry is a fictitious person.")


def test_a_preprint_and_its_published_paper_are_one_work_in_two_versions(services, db):
    """No recorded record has a group with a preprint, so one is made from
    Carberry's first group (two summaries of one journal article): the summary
    with the lower display index becomes the preprint, with an arXiv id of the
    recorded arXiv responses (1605.08386) and the article's DOI as the DOI it
    is a version of, as ORCID groups a preprint with its paper."""
    record = carberry()
    first = record["activities-summary"]["works"]["group"][0]
    preprint = next(s for s in first["work-summary"] if s["put-code"] == 18777963)
    preprint["type"] = "preprint"
    preprint["publication-date"]["year"]["value"] = "2011"
    preprint["external-ids"]["external-id"] = [
        {"external-id-type": "arxiv", "external-id-value": "arXiv:1605.08386",
         "external-id-relationship": "self"},
        {"external-id-type": "doi", "external-id-value": "10.5555/12345680",
         "external-id-relationship": "version-of"},
    ]  # fmt: skip
    serve(services, CARBERRY, record)
    run_command("import_orcid", CARBERRY)

    title = "A Methodology for the Emulation of Architecture"
    paper = Publication.objects.get(title=title, kind="journal")
    arxiv = Publication.objects.get(title=title, kind="preprint")
    assert (paper.doi, paper.year) == ("10.5555/12345680", 2012)
    assert (arxiv.arxiv_id, arxiv.doi, arxiv.year) == ("1605.08386", "", 2011)
    assert arxiv.venue_short == "arXiv"
    assert list(paper.versions.all()) == [arxiv]
    keys = set(Origin.objects.values_list("source_key", flat=True))
    assert {f"orcid:{CARBERRY}:work:9543020", f"orcid:{CARBERRY}:work:18777963"} <= keys


def test_books_are_books_and_a_book_chapter_a_chapter(services, db):
    """Carberry's recorded /record, three of its works given ORCID's types of book
    (no recorded record has one)."""
    record = carberry()
    types = {4562455: "book", 4562454: "edited-book", 4562453: "book-chapter"}
    for group in record["activities-summary"]["works"]["group"]:
        for summary in group["work-summary"]:
            summary["type"] = types.get(summary["put-code"], summary["type"])
    serve(services, CARBERRY, record)
    run_command("import_orcid", CARBERRY)

    kinds = dict(Publication.objects.values_list("title", "kind"))
    assert kinds["The Memory Bus Considered Harmful"] == "book"
    assert kinds["The Impact of Interactive Epistemologies on Cryptography"] == "book"
    assert kinds["Developing Thin Clients Using Amphibious Epistemologies"] == "chapter"


def test_what_is_here_already_is_kept_and_not_entered_twice(services, db):
    """Carberry's recorded /record, the works as /record lists them."""
    from .factories import make_position, make_publication

    make_profile(name="J. S. Carberry", interests="cracked pots")
    here = make_publication(
        title="Memory Bus", links=[("doi", "https://doi.org/10.5555/666655554444")]
    )
    brown = make_position(organisation="Brown University", start_year=1929, role="Prof.")
    serve(services, CARBERRY, carberry())
    outcomes = {o.key: o for o in import_orcid(source.fetch(CARBERRY))}

    assert outcomes["work 4562455"].action == Action.SKIPPED
    assert "already here (same DOI)" in outcomes["work 4562455"].message
    assert outcomes["employment 4278"].action == Action.UPDATED  # its empty fields filled
    brown.refresh_from_db()
    assert (brown.role, brown.unit, brown.location) == (
        "Prof.",
        "Psychoceramics",
        "Providence, RI, US",
    )
    here.refresh_from_db()
    assert here.title == "Memory Bus"
    profile = Profile.get_solo()
    assert (profile.name, profile.interests) == ("J. S. Carberry", "cracked pots")
    assert Publication.objects.count() == 6 and Position.objects.count() == 2


# -- Keeping it up to date ------------------------------------------------


def changed_on_orcid() -> dict:
    """Carberry's record as it would be after edits on ORCID: two titles and a
    role changed, and a new group, the work group of ORCID's full sample."""
    record = carberry()
    groups = record["activities-summary"]["works"]["group"]
    for group in groups:
        for summary in group["work-summary"]:
            if summary["put-code"] in (4562455, 4562454):
                summary["title"]["title"]["value"] += " (Revised)"
    groups.append(sample()["activities-summary"]["works"]["group"][0])
    employment = record["activities-summary"]["employments"]["affiliation-group"][1]
    employment["summaries"][0]["employment-summary"]["role-title"] = "Professor Emeritus"
    return record


def test_sync_adds_what_is_new_follows_unedited_fields_and_keeps_edits_and_deletions(services, db):
    """Carberry's recorded /record, then the same changed as changed_on_orcid()
    says; the works as /record lists them (ORCID's error body in the envelope)."""
    serve(services, CARBERRY, carberry())
    run_command("import_orcid", CARBERRY)
    edited = Publication.objects.get(
        title="The Impact of Interactive Epistemologies on Cryptography"
    )
    edited.title = "Interactive Epistemologies and Cryptography"
    edited.save()
    Publication.objects.get(title__startswith="Developing Thin Clients").delete()
    Position.objects.get(organisation="Wesleyan University").delete()

    services.routes.clear()
    serve(services, CARBERRY, changed_on_orcid())
    out = run_command("sync_orcid")

    titles = set(Publication.objects.values_list("title", flat=True))
    assert "The Memory Bus Considered Harmful (Revised)" in titles  # unedited: follows
    assert "Interactive Epistemologies and Cryptography" in titles  # edited here: kept
    assert "Work Title" in titles  # new on ORCID
    assert not any(t.startswith("Developing Thin Clients") for t in titles)  # deleted here
    assert Publication.objects.count() == 6
    assert list(Position.objects.values_list("organisation", "role")) == [
        ("Brown University", "Professor Emeritus")
    ]
    assert "deleted here after an earlier import: not brought back" in out
    assert "kept as edited here: title" in out
    assert f"ORCID {CARBERRY}: 1 created, 2 updated," in out

    # Nothing new on ORCID: nothing changes.
    before = content_counts()
    out = run_command("sync_orcid")
    assert f"ORCID {CARBERRY}: 0 created, 0 updated, 13 skipped, 0 errors." in out
    assert content_counts() == before


def test_sync_finds_the_id_in_the_profiles_orcid_link(services, db):
    profile = make_profile()
    ProfileLink.objects.create(profile=profile, kind="orcid", url=f"https://orcid.org/{CARBERRY}")
    serve(services, CARBERRY, carberry())
    run_command("sync_orcid")
    assert Publication.objects.count() == 6


def test_sync_without_an_id_says_how_to_give_one(services, db):
    with pytest.raises(CommandError, match="run import_orcid with yours first"):
        run_command("sync_orcid")
    assert services.requests == []


def test_dry_runs_write_nothing(services, db):
    """Carberry's recorded /record, the works as /record lists them."""
    serve(services, CARBERRY, carberry())
    out = run_command("import_orcid", CARBERRY, "--dry-run")
    assert "Dry run, nothing written: would have 12 created" in out
    assert not any(content_counts().values())
    assert not Origin.objects.exists()

    run_command("import_orcid", CARBERRY)
    services.routes.clear()
    serve(services, CARBERRY, changed_on_orcid())
    before = (content_counts(), list(Publication.objects.values_list("title", flat=True)))
    out = run_command("sync_orcid", "--dry-run")
    assert "would have 1 created, 3 updated" in out
    after = (content_counts(), list(Publication.objects.values_list("title", flat=True)))
    assert after == before


# -- Failures -------------------------------------------------------------


def test_an_unknown_id_is_a_clear_error_naming_it(services, db):
    services.add(f"/orcid/{CARBERRY}/record", Answer(404, json.dumps(ERROR_BODY).encode()))
    with pytest.raises(CommandError, match=f"ORCID has no record of ORCID iD {CARBERRY}"):
        run_command("import_orcid", CARBERRY)
    assert not any(content_counts().values())


def test_a_rate_limit_is_waited_out(services, db, monkeypatch):
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    serve(services, CARBERRY, carberry())
    record = services.routes[f"/orcid/{CARBERRY}/record"][0]
    services.add(
        f"/orcid/{CARBERRY}/record", Answer(429, b"", "text/plain", {"Retry-After": "1"}), record
    )
    run_command("import_orcid", CARBERRY)
    assert Publication.objects.count() == 6


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (Answer(body=b'{"person": ', delay=0), "ORCID answered with something that is not JSON"),
        (Answer(body=b"[]"), "is not an ORCID record"),
        (Answer(body=b"late", delay=1), "no answer within 0.2 seconds"),
    ],
)
def test_a_broken_answer_is_a_clear_error_and_nothing_is_written(
    services, db, settings, answer, message
):
    settings.IMPORT_TIMEOUT = 0.2
    services.add(f"/orcid/{CARBERRY}/record", answer)
    with pytest.raises(CommandError, match=message):
        run_command("import_orcid", CARBERRY)
    assert not any(content_counts().values())


def test_a_failure_after_the_record_writes_nothing(services, db):
    """Carberry's recorded /record; the bulk endpoint is not there (404)."""
    services.add(f"/orcid/{CARBERRY}/record", Answer(body=json.dumps(carberry()).encode()))
    with pytest.raises(CommandError, match=f"the works of ORCID iD {CARBERRY}"):
        run_command("import_orcid", CARBERRY)
    assert not any(content_counts().values())


def test_without_a_contact_address_nothing_is_fetched(services, db, settings):
    settings.CONTACT_EMAIL = ""
    with pytest.raises(CommandError, match="PORTFOLIO_CONTACT_EMAIL"):
        run_command("import_orcid", CARBERRY)
    assert services.requests == []


# -- Provenance travels with backups --------------------------------------


def test_origins_travel_with_a_backup(services, transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    serve(services, CARBERRY, carberry())
    run_command("import_orcid", CARBERRY)
    before = sorted(Origin.objects.values_list("source_key", "values"))
    archive = tmp_path / "backup.tar.gz"
    run_command("backup", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    run_command("restore", str(archive))
    assert sorted(Origin.objects.values_list("source_key", "values")) == before
    assert all(origin.entry is not None for origin in Origin.objects.all())


# -- The admin ------------------------------------------------------------

URL = "admin:publications_publication_import_orcid"


def test_the_admin_previews_from_orcid_then_imports_without_asking_again(admin_client, services):
    """Carberry's recorded /record, the works as /record lists them."""
    serve(services, CARBERRY, carberry())
    url = reverse(URL)
    assert admin_client.get(url).status_code == 200
    changelist = admin_client.get(reverse("admin:publications_publication_changelist"))
    assert url in changelist.content.decode()

    response = admin_client.post(url, {"orcid": f"https://orcid.org/{CARBERRY}", "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: 12 created, 0 updated, 0 skipped, 0 errors" in page
    assert "<td>Employment, 1929, Brown University</td>" in page
    assert "Josiah Carberry <em>(new)</em>" in page
    assert not any(content_counts().values())
    asked = len(services.requests)

    response = admin_client.post(url, {"orcid": CARBERRY, "confirm": "1"})
    assert response.status_code == 302
    assert len(services.requests) == asked  # the preview's answers were kept
    assert Publication.objects.count() == 6
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"ORCID {CARBERRY} imported: 12 created, 0 updated, 0 skipped, 0 errors."]

    # The form offers the site's iD from now on, and the preview links what is here.
    assert CARBERRY in admin_client.get(url).content.decode()
    page = admin_client.post(url, {"orcid": CARBERRY, "preview": "1"}).content.decode()
    brown = Position.objects.get(organisation="Brown University")
    change = reverse("admin:positions_position_change", args=[brown.pk])
    assert f'<a href="{change}">Professor</a>' in page


@pytest.mark.parametrize(
    ("orcid", "answer", "message"),
    [
        ("0000-0002-1825-0098", None, "its last character does not match"),
        (CARBERRY, Answer(404, json.dumps(ERROR_BODY).encode()), "ORCID has no record of"),
        (CARBERRY, Answer(429, b"", "text/plain", {"Retry-After": "3600"}), "asks to wait"),
        (CARBERRY, Answer(500, b"oops", "text/plain"), "ORCID answered HTTP 500"),
        (CARBERRY, Answer(body=b"<html>"), "not JSON"),
    ],
)
def test_the_admin_shows_what_went_wrong_on_the_form(
    admin_client, services, orcid, answer, message
):
    if answer:
        services.add(f"/orcid/{orcid}/record", answer)
    response = admin_client.post(reverse(URL), {"orcid": orcid, "preview": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not any(content_counts().values())


def test_the_admin_page_explains_a_missing_contact_address(admin_client, services, settings):
    settings.CONTACT_EMAIL = ""
    response = admin_client.post(reverse(URL), {"orcid": CARBERRY, "preview": "1"})
    assert "PORTFOLIO_CONTACT_EMAIL" in response.content.decode()
    assert services.requests == []


def test_the_admin_page_needs_permission_to_add_publications(client, db):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(URL)).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_publication"))
    assert client.get(reverse(URL)).status_code == 200


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r["activities-summary"]["employments"].update({"affiliation-group": 7}),
        lambda r: r["person"].update({"researcher-urls": {"researcher-url": [3]}}),
        lambda r: r["activities-summary"]["employments"]["affiliation-group"][0]["summaries"][0][
            "employment-summary"
        ]["organization"].update({"address": 3}),
    ],
)
def test_a_record_of_another_shape_is_a_clear_error_before_anything_is_written(
    admin_client, services, damage
):
    """Carberry's recorded record with a field of another type than ORCID's API
    gives it (made here)."""
    record = carberry()
    damage(record)
    serve(services, CARBERRY, record)
    response = admin_client.post(reverse(URL), {"orcid": CARBERRY, "preview": "1"})
    assert response.status_code == 200
    assert "is not of the shape its API documents" in response.content.decode()
    with pytest.raises(CommandError, match="is not of the shape its API documents"):
        call_command("import_orcid", CARBERRY)
    assert not any(content_counts().values())
