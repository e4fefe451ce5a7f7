"""Edit in the admin, export_cv, commit, load_cv on deploy: nothing is lost."""

import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from portfolio.core import registry
from portfolio.cvdata.fixtures import export_fixture
from portfolio.profile.models import Profile, Skill, SkillCategory
from portfolio.publications.models import Author, Publication, PublicationLink
from portfolio.talks.models import Talk

from .conftest import SAMPLE_CV
from .factories import content_counts, make_author, make_publication

FIXTURE = SAMPLE_CV


def wipe():
    """Empty the CV part of the database."""
    for label in reversed(registry.cv_models()):
        apps.get_model(label).objects.all().delete()
    assert sum(content_counts().values()) == 0


def load_cv(*args, capsys=None, path=SAMPLE_CV) -> str:
    """load_cv of the sample CV, or of ``path`` (with these options)."""
    call_command("load_cv", str(path), *args)
    return capsys.readouterr().out if capsys else ""


def test_export_load_export_is_byte_identical(cv, tmp_path):
    Publication.objects.filter(slug="sparse-routing").update(abstract="Édité: «new» text")
    first = tmp_path / "first.json"
    call_command("export_cv", str(first))
    wipe()
    call_command("load_cv", str(first))
    second = tmp_path / "second.json"
    call_command("export_cv", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert "Édité: «new» text" in first.read_text(encoding="utf-8")  # readable, not \\u escapes


@pytest.mark.parametrize("microsecond", [0, 123, 999, 1000, 456789])
def test_times_survive_the_round_trip_whatever_their_microseconds(cv, tmp_path, microsecond):
    paper = Publication.objects.get(slug="sparse-routing")
    moment = paper.created_at.replace(microsecond=microsecond)
    Publication.objects.filter(pk=paper.pk).update(created_at=moment, updated_at=moment)
    first = export_fixture()
    wipe()
    path = tmp_path / "cv.json"
    path.write_text(first, encoding="utf-8")
    call_command("load_cv", str(path), verbosity=0)
    assert export_fixture() == first
    kept = Publication.objects.get(slug="sparse-routing").created_at
    assert kept == moment.replace(microsecond=microsecond // 1000 * 1000)


def test_load_cv_fills_an_empty_database_and_is_idempotent(db, capsys):
    out = load_cv(capsys=capsys)
    assert "Added:" in out and "6 publications" in out
    counts = content_counts()
    out = load_cv(capsys=capsys)
    assert "Added" not in out
    assert "Kept:" in out and "Skipped:" in out
    assert content_counts() == counts


def test_load_cv_keeps_admin_edits(cv, capsys):
    norm = Publication.objects.get(slug="sparse-routing")
    norm.title = "Sparse routing (edited)"
    norm.save()
    norm.authorships.filter(position=4).delete()  # an author removed in the admin
    norm.tags.add("edited topic")
    Profile.objects.update(headline="Edited in the admin")
    made_in_admin = make_publication(title="Made in the admin")

    out = load_cv(capsys=capsys)

    assert "Added" not in out
    norm.refresh_from_db()
    assert norm.title == "Sparse routing (edited)"
    assert len(norm.ordered_authors()) == 3
    assert "edited topic" in norm.tags.names()
    assert Profile.get_solo().headline == "Edited in the admin"
    assert Publication.objects.filter(pk=made_in_admin.pk).exists()


def test_load_cv_adds_what_is_missing(cv, capsys):
    Publication.objects.get(slug="sparse-routing").delete()
    Talk.objects.filter(event="Northfield AI Seminar").delete()

    out = load_cv(capsys=capsys)

    assert (
        "Added: 4 authorships, 1 publications, 3 publication links, 3 tagged items, 1 talks."
        in out
    )
    norm = Publication.objects.with_related().get(slug="sparse-routing")
    assert [a.name for a in norm.ordered_authors()] == [
        "Mira Castellanos", "Jonas Weber", "Priya Raman", "Tomás Lind"
    ]  # fmt: skip
    assert sorted(norm.tags.names()) == ["efficiency", "transformers"]
    assert norm.arxiv_id == "2101.00001"
    assert Talk.objects.count() == 2


def test_load_cv_overwrite_restores_the_fixture_version(cv, capsys):
    norm = Publication.objects.get(slug="sparse-routing")
    norm.title = "Edited"
    norm.save()
    norm.authorships.filter(position=4).delete()
    PublicationLink.objects.create(publication=norm, kind="code", url="https://example.org/c")
    norm.tags.add("edited topic")
    made_in_admin = make_publication(title="Made in the admin")

    out = load_cv("--overwrite", capsys=capsys)

    assert "Overwritten:" in out and "6 publications" in out
    norm = Publication.objects.with_related().get(slug="sparse-routing")
    assert norm.title == "Sparse Routing for Efficient Transformers"
    assert len(norm.ordered_authors()) == 4
    assert [link.kind for link in norm.links.all()] == ["arxiv", "pdf", "code"]
    assert sorted(norm.tags.names()) == ["efficiency", "transformers"]
    assert Publication.objects.filter(pk=made_in_admin.pk).exists()
    assert Publication.objects.count() == 7


def broken_variants():
    good = json.loads(FIXTURE.read_text(encoding="utf-8"))
    publications = [o for o in good if o["model"] == "publications.publication"]
    duplicate_slug = json.loads(json.dumps(publications[1]))
    duplicate_slug["pk"] = 999
    duplicate_slug["fields"]["citation_key"] = "another"
    duplicate_slug["fields"]["slug"] = publications[2]["fields"]["slug"]
    duplicate_id = json.loads(json.dumps(publications[1]))
    duplicate_id["fields"].update(slug="other-slug", citation_key="other")
    bad_dates = next(o for o in good if o["model"] == "positions.position")
    bad_dates = json.loads(json.dumps(bad_dates))
    bad_dates["pk"] = 998
    bad_dates["fields"].update(start_year=2016, end_year=2015, is_current=False)
    unknown_field = json.loads(json.dumps(publications[0]))
    unknown_field["pk"] = 997
    unknown_field["fields"]["no_such_field"] = 1
    return {
        "not json": FIXTURE.read_text(encoding="utf-8")[:5000],
        "duplicate slug": json.dumps([*good, duplicate_slug]),
        "duplicate id": json.dumps([*good, duplicate_id]),
        "end before start": json.dumps([*good, bad_dates]),
        "unknown field": json.dumps([*good, unknown_field]),
        "unknown model": json.dumps([*good, {"model": "nope.nothing", "pk": 1, "fields": {}}]),
        "not a list": json.dumps({"model": "profile.profile"}),
        "not a CV model": json.dumps(
            [*good, {"model": "auth.user", "pk": 9, "fields": {"username": "intruder"}}]
        ),
        "not an object": json.dumps([*good, "profile.profile"]),
        "nested too deeply": "[" * 100_000 + "]" * 100_000,
        "a key given twice": json.dumps(good)[:-1]
        + ', {"model": "talks.talk", "pk": 90, "pk": 91, "fields": {}}]',
        "unknown content type": json.dumps(
            [
                *good,
                {
                    "model": "taggit.taggeditem",
                    "pk": 500,
                    "fields": {
                        "tag": ["efficiency"],
                        "content_type": ["nope", "x"],
                        "object_id": 1,
                    },
                },
            ]
        ),
    }


@pytest.mark.parametrize("variant", list(broken_variants()))
def test_a_broken_fixture_changes_nothing(db, tmp_path, variant):
    path = tmp_path / "broken.json"
    path.write_text(broken_variants()[variant], encoding="utf-8")
    with pytest.raises(CommandError, match="could not be loaded, and nothing was changed"):
        call_command("load_cv", str(path))
    assert sum(content_counts().values()) == 0


def test_missing_or_unwritable_paths_are_clear_errors(db, tmp_path, capsys):
    with pytest.raises(CommandError, match="No such fixture"):
        call_command("load_cv", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="No such folder"):
        call_command("export_cv", str(tmp_path / "missing" / "cv.json"))
    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_cv", str(tmp_path))
    with pytest.raises(CommandError, match="Cannot write in"):  # refused even to root
        call_command("export_cv", "/proc/cv.json")
    call_command("export_cv", "-")
    assert json.loads(capsys.readouterr().out) == []


def test_new_entries_after_a_load_get_fresh_ids(db):
    # On PostgreSQL the id sequences must have moved past the fixture's ids.
    call_command("load_cv", str(SAMPLE_CV), verbosity=0)
    publication = make_publication(tags=["a new topic"])
    assert publication.pk > 6
    assert Tag.objects.get(name="a new topic").pk > 5


def test_entries_renamed_in_the_admin_are_still_recognised(cv, capsys):
    Publication.objects.filter(slug="sparse-routing").update(slug="sparse-routing-icml")
    Author.objects.filter(slug="mira-castellanos").update(slug="m-castellanos")
    Tag.objects.filter(name="efficiency").update(name="Efficiency")
    counts = content_counts()

    out = load_cv(capsys=capsys)

    assert "Added" not in out
    assert content_counts() == counts
    assert Tag.objects.filter(name__iexact="efficiency").count() == 1


def test_a_topic_pointing_outside_the_fixture_is_refused(db, tmp_path):
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    tagged = next(o for o in objects if o["model"] == "taggit.taggeditem")
    tagged["fields"]["object_id"] = 999
    path = tmp_path / "orphan.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    with pytest.raises(CommandError, match="not in the fixture"):
        call_command("load_cv", str(path))
    assert sum(content_counts().values()) == 0


def test_a_topic_renamed_in_the_admin_is_recognised_by_its_slug(db, tmp_path, capsys):
    publication = make_publication(tags=["deep learning"])
    fixture = tmp_path / "cv.json"
    fixture.write_text(export_fixture(), encoding="utf-8")
    tag = Tag.objects.get()
    tag.name = "Deep learning (DL)"  # the slug stays "deep-learning"
    tag.save()

    out = load_cv(capsys=capsys, path=fixture)
    assert "Added" not in out
    assert list(Tag.objects.values_list("name", "slug")) == [
        ("Deep learning (DL)", "deep-learning")
    ]
    assert list(publication.tags.names()) == ["Deep learning (DL)"]

    load_cv("--overwrite", capsys=capsys, path=fixture)
    assert list(Tag.objects.values_list("name", flat=True)) == ["deep learning"]
    assert list(publication.tags.names()) == ["deep learning"]


def test_a_renamed_skill_category_keeps_its_skills_once(db, tmp_path, capsys):
    category = SkillCategory.objects.create(name="Programming", order=1)
    Skill.objects.create(category=category, name="Python")
    other = SkillCategory.objects.create(name="Environments", order=2)
    Skill.objects.create(category=other, name="Linux")
    fixture = tmp_path / "cv.json"
    fixture.write_text(export_fixture(), encoding="utf-8")
    category.name = "Programming languages"
    category.save()

    out = load_cv(capsys=capsys, path=fixture)
    assert "Added" not in out
    assert sorted(SkillCategory.objects.values_list("name", flat=True)) == [
        "Environments",
        "Programming languages",
    ]
    assert sorted(Skill.objects.values_list("category__name", "name")) == [
        ("Environments", "Linux"),
        ("Programming languages", "Python"),
    ]


def test_a_category_is_not_matched_by_id_to_a_category_the_fixture_names(db, tmp_path):
    """Ids are a fallback for a renamed entry only: the fixture's "Programming" is
    not taken for the database's "Environments", which the fixture also holds."""
    fixture = [
        {"model": "profile.skillcategory", "pk": 1, "fields": {"name": "Programming", "order": 1}},
        {"model": "profile.skillcategory", "pk": 2, "fields": {"name": "Tools", "order": 2}},
    ]
    path = tmp_path / "cv.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")
    SkillCategory.objects.create(pk=1, name="Tools", order=5)
    call_command("load_cv", str(path), verbosity=0)
    assert sorted(SkillCategory.objects.values_list("name", flat=True)) == [
        "Programming",
        "Tools",
    ]


def export_to(tmp_path) -> Path:
    path = tmp_path / "cv.json"
    path.write_text(export_fixture(), encoding="utf-8")
    return path


def test_a_kept_entry_is_not_rewritten_by_its_forward_references(db, tmp_path, capsys):
    """A lists B among its other versions (B comes later in the fixture); B was
    deleted and A edited in the admin. The load keeps A as edited."""
    a = make_publication(title="A")
    b = make_publication(title="B")
    a.versions.add(b)
    fixture = export_to(tmp_path)
    b.delete()
    Publication.objects.filter(pk=a.pk).update(title="A, edited")
    out = load_cv(capsys=capsys, path=fixture)
    assert "Kept:" in out and "1 publications" in out
    a.refresh_from_db()
    assert a.title == "A, edited"
    assert Publication.objects.filter(title="B").exists()  # added back


def test_a_later_entry_renamed_in_the_admin_does_not_break_the_load(db, tmp_path, capsys):
    a = make_publication(title="A")
    b = make_publication(title="B", slug="b-original")
    a.versions.add(b)
    fixture = export_to(tmp_path)
    Publication.objects.filter(pk=b.pk).update(slug="b-renamed")
    out = load_cv(capsys=capsys, path=fixture)
    assert "Added" not in out
    assert Publication.objects.count() == 2
    assert list(a.versions.values_list("slug", flat=True)) == ["b-renamed"]


def test_rows_belong_to_the_entry_their_parent_was_matched_to(db, tmp_path, capsys):
    """The fixture holds p (id 1) and q (id 2); the database holds only q, at id 1.
    q's authors stay q's, and p arrives with its own."""
    first, second = make_author(), make_author()
    make_publication(title="P", slug="p", authors=[first])
    make_publication(title="Q", slug="q", authors=[second])
    fixture = export_to(tmp_path)
    Publication.objects.all().delete()
    q = make_publication(pk=1, title="Q", slug="q", authors=[second])
    load_cv(capsys=capsys, path=fixture)
    q.refresh_from_db()
    assert [a.pk for a in q.ordered_authors()] == [second.pk]
    p = Publication.objects.get(slug="p")
    assert [a.pk for a in p.ordered_authors()] == [first.pk]


def test_profile_links_follow_a_profile_made_anew(db, tmp_path, capsys):
    from portfolio.profile.models import ProfileLink

    from .factories import make_profile

    profile = make_profile()
    ProfileLink.objects.create(profile=profile, kind="github", url="https://github.com/x")
    fixture = export_to(tmp_path)
    Profile.objects.all().delete()
    again = make_profile(name="Made anew")
    load_cv("--overwrite", capsys=capsys, path=fixture)
    assert list(ProfileLink.objects.values_list("profile_id", flat=True)) == [again.pk]


def test_the_replayed_sample_cv_is_the_sample_cv(cv):
    """The cv fixture replays recorded statements (see conftest.py): what it makes
    is what loading the file makes."""
    replayed = export_fixture()
    wipe()
    call_command("loaddata", str(SAMPLE_CV), verbosity=0)
    assert export_fixture() == replayed
    assert Publication.objects.count() == 6


def test_export_writes_plain_line_breaks_and_names_authors_on_no_paper(db, tmp_path):
    import io

    from django.core.management import call_command

    from portfolio.publications.models import Publication

    from .factories import make_author, make_publication

    publication = make_publication(abstract="First line.\r\nSecond line.")
    Publication.objects.filter(pk=publication.pk).update(abstract="Old\r\nrow")  # saved before
    make_author(given_name="Left", family_name="Over")
    out, err = io.StringIO(), io.StringIO()
    call_command("export_cv", str(tmp_path / "cv.json"), stdout=out, stderr=err)
    text = (tmp_path / "cv.json").read_text()
    assert "\\r" not in text and '"abstract": "Old\\nrow"' in text
    assert "1 author is on no publication and exported all the same: Left Over" in err.getvalue()
    publication.abstract = "a\r\nb"
    publication.save()
    publication.refresh_from_db()
    assert publication.abstract == "a\nb"


def test_the_photo_travels_with_the_fixture(admin_client, db, settings, tmp_path):
    """edit -> export -> commit -> deploy: the media folder is not in git, so the
    photo goes beside the fixture and comes back from there."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from portfolio.profile.models import Profile

    from .test_uploads import change_photo, image_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    Profile.objects.create(name="Ada Researcher")
    photo = SimpleUploadedFile("me.png", image_bytes(size=(700, 500)), content_type="image/png")
    change_photo(admin_client, Profile.objects.get(), photo=photo)
    name = Profile.objects.get().photo.name
    repo = tmp_path / "repo" / "fixtures"
    repo.mkdir(parents=True)
    out = io.StringIO()
    call_command("export_cv", str(repo / "cv.json"), stdout=out)
    assert (repo / "media" / name).read_bytes() == (tmp_path / "media" / name).read_bytes()
    assert f"Copied 1 uploaded file into {repo / 'media'}" in out.getvalue()

    # A fresh deploy: an empty database and an empty media folder.
    Profile.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    out = io.StringIO()
    call_command("load_cv", str(repo / "cv.json"), stdout=out)
    profile = Profile.objects.get()
    assert profile.photo_available and f"Copied into the media folder: {name}" in out.getvalue()
    assert profile.photo_srcset.count("w,") == 3  # its three sizes were made again


def test_topic_assignments_name_their_topic_and_content_type(db):
    import json

    from portfolio.cvdata.fixtures import export_fixture

    from .factories import make_publication

    publication = make_publication(tags=["sparsity"])
    rows = json.loads(export_fixture())
    (item,) = [row for row in rows if row["model"] == "taggit.taggeditem"]
    assert item["fields"]["tag"] == ["sparsity"]
    assert item["fields"]["content_type"] == ["publications", "publication"]
    assert item["fields"]["object_id"] == publication.pk  # the "pk" of its entry in the file


def sample_with(change) -> str:
    """The sample CV's objects, as ``change(objects)`` leaves them, as JSON."""
    objects = json.loads(SAMPLE_CV.read_text(encoding="utf-8"))
    change(objects)
    return json.dumps(objects)


def first(objects, model: str, **fields) -> dict:
    return next(
        o
        for o in objects
        if o["model"] == model and all(o["fields"].get(k) == v for k, v in fields.items())
    )


@pytest.mark.parametrize(("old", "new"), [("humanist", "sans"), ("oldstyle", "serif")])
def test_a_fixture_with_one_of_the_old_four_fonts_loads_with_its_successor(
    db, tmp_path, capsys, old, new
):
    path = tmp_path / "cv.json"
    path.write_text(
        sample_with(lambda o: first(o, "profile.profile")["fields"].update(font=old)),
        encoding="utf-8",
    )
    load_cv(path=path)
    assert Profile.get_solo().font == new
    assert "font" not in capsys.readouterr().out


@pytest.mark.parametrize("colour", ["#abc", "#0b55a3;}body{display:none}/*"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_colour_the_admin_refuses_is_refused_and_changes_nothing(
    cv, tmp_path, colour, overwrite
):
    before = export_fixture()
    counts = content_counts()
    path = tmp_path / "cv.json"
    path.write_text(
        sample_with(lambda o: first(o, "profile.profile")["fields"].update(accent_colour=colour)),
        encoding="utf-8",
    )
    args = ["--overwrite"] if overwrite else []
    with pytest.raises(CommandError) as refused:
        call_command("load_cv", str(path), *args)
    message = str(refused.value)
    assert "could not be loaded, and nothing was changed" in message
    assert (
        f"\nprofile.profile 1 “Mira Castellanos”: accent_colour {colour!r}: Enter a colour as # "
        "and six hexadecimal digits, e.g. #0b55a3." in message
    )
    assert "Traceback" not in message
    assert export_fixture() == before and content_counts() == counts


def test_every_problem_of_a_fixture_is_one_line_naming_the_row_and_the_field(db, tmp_path):
    def spoil(objects):
        first(objects, "profile.profile")["fields"].update(accent_colour="#abc", font="comic")
        first(objects, "profile.profilelink", kind="github")["fields"]["url"] = "javascript:x()"
        first(objects, "publications.publicationlink", kind="arxiv")["fields"]["url"] = (
            "https://example.org/not-arxiv"
        )
        first(objects, "publications.author", slug="ana-sousa")["fields"]["url"] = "ftp://a"
        first(objects, "talks.talk")["fields"]["month"] = 13

    path = tmp_path / "cv.json"
    path.write_text(sample_with(spoil), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_cv", str(path))
    lines = str(refused.value).splitlines()[1:]
    assert lines == [
        "profile.profile 1 “Mira Castellanos”: accent_colour '#abc': Enter a colour as # and "
        "six hexadecimal digits, e.g. #0b55a3.",
        "profile.profile 1 “Mira Castellanos”: font 'comic': Value 'comic' is not a valid choice.",
        "profile.profilelink 1 “mcastellanos”: url 'javascript:x()': Enter a valid URL.",
        "publications.author 5 “Ana Sousa”: url 'ftp://a': Enter a valid URL.",
        "publications.publicationlink 1 “arXiv”: url 'https://example.org/not-arxiv': An arXiv "
        "link looks like https://arxiv.org/abs/1412.6622.",
        "talks.talk 1 “Sparse models at scale”: month 13: Value 13 is not a valid choice.",
    ]
    assert sum(content_counts().values()) == 0


def test_the_rows_of_a_refused_entry_add_no_problems_of_their_own(db, tmp_path):
    """Its authors, links and topics cannot be written without it, and say nothing more."""
    path = tmp_path / "cv.json"
    path.write_text(
        sample_with(
            lambda o: first(o, "publications.publication", slug="sparse-routing")["fields"].update(
                year=20021
            )
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_cv", str(path))
    assert str(refused.value).splitlines()[1:] == [
        "publications.publication 1 “Sparse Routing for Efficient Transformers”: year 20021: "
        "Ensure this value is less than or equal to 2100."
    ]
    assert sum(content_counts().values()) == 0


# --- Private fields: out of the fixture, in a file beside it that git ignores -------------
PRIVATE = {"phone": "+1 555 0100", "birth_date": "1985-03-14", "birth_place": "Lisbon"}


def profile_fields(path: Path) -> dict:
    objects = json.loads(path.read_text(encoding="utf-8"))
    return next(o["fields"] for o in objects if o["model"] == "profile.profile")


def test_export_writes_the_private_fields_beside_the_fixture_and_load_puts_them_back(cv, tmp_path):
    first = tmp_path / "first" / "cv.json"
    first.parent.mkdir()
    call_command("export_cv", str(first))
    private = tmp_path / "first" / "cv.private.json"
    assert not set(PRIVATE) & set(profile_fields(first))
    assert "555" not in first.read_text(encoding="utf-8")
    assert json.loads(private.read_text(encoding="utf-8")) == [
        {"model": "profile.profile", "pk": 1, "fields": PRIVATE}
    ]
    assert private.stat().st_mode & 0o777 == 0o600  # readable by its owner only

    wipe()
    call_command("load_cv", str(first))
    profile = Profile.objects.get()
    assert (profile.phone, str(profile.birth_date), profile.birth_place) == tuple(PRIVATE.values())
    second = tmp_path / "second" / "cv.json"
    second.parent.mkdir()
    call_command("export_cv", str(second))
    assert second.read_bytes() == first.read_bytes()
    assert (second.parent / "cv.private.json").read_bytes() == private.read_bytes()


def test_a_fixture_that_holds_private_fields_loads_and_the_next_export_moves_them(db, tmp_path):
    assert set(PRIVATE) <= set(profile_fields(SAMPLE_CV))  # written before the private file
    call_command("load_cv", str(SAMPLE_CV))
    assert Profile.objects.get().phone == PRIVATE["phone"]
    path = tmp_path / "cv.json"
    call_command("export_cv", str(path))
    assert not set(PRIVATE) & set(profile_fields(path))
    assert profile_fields(tmp_path / "cv.private.json") == PRIVATE


def test_a_field_made_public_stays_in_the_fixture(cv, tmp_path):
    Profile.objects.update(phone_public=True)
    path = tmp_path / "cv.json"
    call_command("export_cv", str(path))
    assert profile_fields(path)["phone"] == PRIVATE["phone"]
    assert "phone" not in profile_fields(tmp_path / "cv.private.json")


def test_the_private_file_wins_over_an_older_fixture_and_is_not_needed(db, tmp_path):
    path = tmp_path / "cv.json"
    shutil.copy(SAMPLE_CV, path)
    private = [{"model": "profile.profile", "pk": 1, "fields": {"phone": "+1 555 0199"}}]
    (tmp_path / "cv.private.json").write_text(json.dumps(private), encoding="utf-8")
    call_command("load_cv", str(path))
    assert Profile.objects.get().phone == "+1 555 0199"

    # Without its private file, an overwrite keeps what the database holds.
    call_command("export_cv", str(path))
    (tmp_path / "cv.private.json").unlink()
    Profile.objects.update(headline="Changed")
    call_command("load_cv", str(path), "--overwrite")
    profile = Profile.objects.get()
    assert profile.headline != "Changed"
    assert (profile.phone, str(profile.birth_date)) == ("+1 555 0199", PRIVATE["birth_date"])


@pytest.mark.parametrize(
    ("private", "message"),
    [
        ('[{"model": "profile.profile", "pk": 2, "fields": {"phone": "1"}}]', "holds profile"),
        ('{"phone": "1"}', "cv.private.json: a fixture is a JSON list"),
        ('[{"model": "profile.profile", "pk": 1}]', "is not an object with a model and fields"),
        ("[", "cv.private.json: not valid JSON"),
    ],
)
def test_a_private_file_that_does_not_fit_the_fixture_is_refused(db, tmp_path, private, message):
    path = tmp_path / "cv.json"
    shutil.copy(SAMPLE_CV, path)
    (tmp_path / "cv.private.json").write_text(private, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_cv", str(path))
    assert sum(content_counts().values()) == 0


def test_an_export_to_standard_output_leaves_the_private_fields_out(cv, capsys):
    call_command("export_cv", "-")
    out, err = capsys.readouterr()
    assert "555" not in out and '"phone_public": false' in out
    assert "private fields" in err and "left out" in err
