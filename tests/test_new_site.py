"""Starting afresh: `manage.py new_site` backs everything up in one archive, then
empties the site (accounts aside), and the archive brings it all back."""

import io
import json
import shutil
import subprocess
import tarfile

import pytest
import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.urls import reverse

from portfolio.cvdata import newsite
from portfolio.cvdata.backup import BackupError
from portfolio.cvdata.fixtures import export_fixture
from portfolio.profile.models import Profile

from .conftest import ROOT, SAMPLE_CV
from .test_backup import snapshot
from .test_uploads import image_bytes


@pytest.fixture
def site(transactional_db, settings, tmp_path):
    # Transactional, as in test_backup.py: a restore follows a flush.
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_cv", str(SAMPLE_CV), verbosity=0)
    profile = Profile.get_solo()
    profile.photo.save("me.png", ContentFile(image_bytes(size=(700, 500))))
    get_user_model().objects.create_superuser("owner", "o@example.org", "a long passphrase 42")
    with reversion.create_revision():
        profile.headline = "Edited after the load"
        profile.save()
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    (fixtures / "cv.json").write_text(SAMPLE_CV.read_text(encoding="utf-8"), encoding="utf-8")
    (fixtures / "cv.private.json").write_text('[{"model": "profile.profile"}]\n')
    return tmp_path


def new_site(site, *args) -> str:
    out = io.StringIO()
    call_command(
        "new_site", "--archive", str(site / "before.tar.gz"),
        "--fixture", str(site / "fixtures" / "cv.json"), *args, stdout=out,
    )  # fmt: skip
    return out.getvalue()


CONTENT_MODELS = newsite.content_models  # before a test replaces it


def content_rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in CONTENT_MODELS()
        if model._default_manager.exists()
    }


def files(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_new_site_backs_everything_up_then_empties_the_site(site, client):
    fixture_text = (site / "fixtures" / "cv.json").read_bytes()
    before = snapshot(site / "media")
    assert before["media"] and content_rows()

    out = new_site(site, "--yes")

    archive = site / "before.tar.gz"
    assert str(archive) in out
    assert "fixtures/cv.json, fixtures/cv.private.json in the archive" in out
    assert "User accounts are kept (1)" in out
    assert f"manage.py restore {archive}" in out
    with tarfile.open(archive) as tar:
        assert tar.extractfile("fixtures/cv.json").read() == fixture_text
        assert tar.extractfile("fixtures/cv.private.json").read().startswith(b'[{"model"')
        description = json.loads(tar.extractfile("backup.json").read())
    assert description["extra_files"] == ["fixtures/cv.json", "fixtures/cv.private.json"]

    assert content_rows() == {}
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["owner"]
    assert files(site / "media") == {}
    assert (site / "fixtures" / "cv.json").read_text() == "[]\n"
    assert not (site / "fixtures" / "cv.private.json").exists()

    # `make run` loads the empty fixture, and the home page says how to begin.
    call_command("load_cv", str(site / "fixtures" / "cv.json"), verbosity=0)
    html = client.get(reverse("website:home")).content.decode()
    assert "Your portfolio starts here" in html and "Getting started" in html

    # The archive brings back the site as it was.
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot(site / "media") == before
    assert Profile.get_solo().headline == "Edited after the load"


def assert_nothing_changed(site, rows, media, fixture):
    assert content_rows() == rows
    assert files(site / "media") == media
    assert (site / "fixtures" / "cv.json").read_bytes() == fixture
    assert (site / "fixtures" / "cv.private.json").exists()


@pytest.mark.parametrize("step", ["write_backup", "verify_backup"])
def test_a_backup_that_fails_leaves_everything_in_place(site, monkeypatch, step):
    rows, media = content_rows(), files(site / "media")
    fixture = (site / "fixtures" / "cv.json").read_bytes()

    def fail(*args, **kwargs):
        raise (OSError("No space left on device") if step == "write_backup" else BackupError("x"))

    monkeypatch.setattr(newsite, step, fail)
    with pytest.raises(CommandError, match="Nothing was changed: the backup failed"):
        new_site(site, "--yes")
    assert_nothing_changed(site, rows, media, fixture)


def test_a_failing_deletion_is_undone(site, monkeypatch):
    rows, media = content_rows(), files(site / "media")
    fixture = (site / "fixtures" / "cv.json").read_bytes()
    export = export_fixture()
    models = newsite.content_models()

    class Failing:  # the rows deleted before it come back with the transaction
        class _base_manager:
            @staticmethod
            def all():
                raise DatabaseError("disk I/O error")

    monkeypatch.setattr(newsite, "content_models", lambda: [*models, Failing])
    with pytest.raises(CommandError, match=r"Nothing was deleted: disk I/O error \(the backup"):
        new_site(site, "--yes")
    assert export_fixture() == export
    assert_nothing_changed(site, rows, media, fixture)


def test_new_site_asks_first(site, monkeypatch):
    rows, media = content_rows(), files(site / "media")
    fixture = (site / "fixtures" / "cv.json").read_bytes()
    with pytest.raises(CommandError, match=r"run it on a terminal to confirm, or with --yes"):
        new_site(site)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was changed"):
        new_site(site)
    assert_nothing_changed(site, rows, media, fixture)
    assert not (site / "before.tar.gz").exists()

    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert "The site is empty" in new_site(site)
    assert content_rows() == {}


def test_a_site_without_an_account_is_told_how_to_make_one(site):
    get_user_model().objects.all().delete()
    out = new_site(site, "--yes")
    assert "There is no user account yet: create yours with `make superuser`." in out


def test_new_site_refuses_to_overwrite_an_archive(site):
    (site / "before.tar.gz").write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists already"):
        new_site(site, "--yes")
    assert (site / "before.tar.gz").read_bytes() == b"an older backup"
    assert apps.get_model("profile.profile").objects.exists()


def test_a_media_folder_that_cannot_be_emptied_names_the_archive(site, monkeypatch):
    def fail(folder):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(newsite, "empty_folder", fail)
    with pytest.raises(CommandError, match=r"(?s)Permission denied.*restore .*before.tar.gz"):
        new_site(site, "--yes")
    assert (site / "before.tar.gz").is_file()


@pytest.mark.process
def test_make_new_site_runs_the_command_after_migrate():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(
        [make, "-n", "new-site", "YES=1"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    lines = dry.splitlines()
    command = next(i for i, line in enumerate(lines) if "manage.py new_site --yes" in line)
    assert any("manage.py migrate" in line for line in lines[:command])
