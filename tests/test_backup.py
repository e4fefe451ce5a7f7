"""Backup and restore: the restored site is the same site."""

import io
import tarfile

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from portfolio.pages.fixtures import export_fixture
from portfolio.profile.models import Profile

from .test_uploads import image_bytes


@pytest.fixture
def site(transactional_db, settings, tmp_path):
    # Transactional: `flush` empties real tables, which PostgreSQL refuses inside
    # the transaction an ordinary test runs in.
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_cv", verbosity=0)
    profile = Profile.get_solo()
    profile.photo.save("me.png", ContentFile(image_bytes(size=(700, 500))))
    get_user_model().objects.create_superuser("owner", "o@example.org", "a long passphrase 42")
    with reversion.create_revision():
        profile.headline = "Edited after the load"
        profile.save()
    return tmp_path


def snapshot(media) -> dict:
    return {
        "cv": export_fixture(),
        "users": list(
            get_user_model().objects.values_list("username", "password", "is_superuser")
        ),
        "versions": Version.objects.count(),
        "media": {
            p.relative_to(media).as_posix(): p.read_bytes()
            for p in media.rglob("*")
            if p.is_file()
        },
    }


def test_backup_then_restore_into_an_empty_instance_gives_the_same_site(site, settings, capsys):
    media = site / "media"
    before = snapshot(media)
    assert len(before["media"]) == 4  # the photo and its three sizes
    archive = site / "backup.tar.gz"
    call_command("backup", str(archive))
    assert "media files" in capsys.readouterr().out

    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert Profile.get_solo() is None

    call_command("restore", str(archive))
    assert snapshot(media) == before
    assert Profile.get_solo().headline == "Edited after the load"


def test_restore_refuses_a_database_that_is_not_empty(site):
    archive = site / "backup.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive))


def make_archive(path, members: dict[str, bytes]):
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))


DESCRIPTION = (
    b'{"format": "academic-portfolio-backup", "version": 1, "created": "2026-01-01T00:00:00",'
    b' "rows": 1, "media_files": 0}'
)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"backup.json": b"{}", "data.json": b"[]", "../evil.txt": b"x"}, "unsafe entry"),
        ({"backup.json": b"{}", "data.json": b"[]", "/etc/evil": b"x"}, "unsafe entry"),
        ({"data.json": b"[]"}, "not a portfolio backup"),
        ({"backup.json": b'{"format": "other"}', "data.json": b"[]"}, "not a portfolio backup"),
        (
            {
                "backup.json": DESCRIPTION,
                "data.json": b'[{"model": "publications.publication", "pk": 1, "fields": {}}]',
            },
            "could not be loaded",
        ),
        ({"backup.json": b"[1]", "data.json": b"[]"}, "not a portfolio backup"),
        ({"backup.json": b"\xff\xfe{", "data.json": b"[]"}, "backup.json cannot be read"),
        (
            {
                "backup.json": b'{"format": "academic-portfolio-backup", "version": 1}',
                "data.json": b"[]",
            },
            "backup.json is incomplete",
        ),
        ({"backup.json": DESCRIPTION, "data.json": b'[{"model": "\xff"}]'}, "not UTF-8"),
    ],
)
def test_bad_archives_are_refused_and_change_nothing(db, tmp_path, members, message):
    archive = tmp_path / "bad.tar.gz"
    make_archive(archive, members)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive))
    assert not (tmp_path.parent / "evil.txt").exists()
    assert Profile.get_solo() is None


def test_a_file_that_is_not_an_archive_is_a_clear_error(db, tmp_path):
    archive = tmp_path / "notes.tar.gz"
    archive.write_text("not an archive")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_a_restore_that_cannot_write_its_media_changes_nothing(site, settings):
    archive = site / "backup.tar.gz"
    call_command("backup", str(archive))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    call_command("flush", interactive=False, verbosity=0)
    blocker = site / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    with pytest.raises(CommandError, match=r"Cannot write the media files.*nothing was restored"):
        call_command("restore", str(archive))
    assert Profile.get_solo() is None
    assert not get_user_model().objects.exists()


def test_symbolic_links_in_media_are_left_out(site, settings):
    media = site / "media"
    (media / "outside.txt").symlink_to("/etc/hostname")
    archive = site / "backup.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        assert "media/outside.txt" not in tar.getnames()
        assert all(member.isfile() for member in tar.getmembers())


@pytest.mark.parametrize("name", [".", "", "folder"])
def test_backup_to_a_folder_is_a_clear_error(db, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_a_backup_that_fails_leaves_no_partial_copy(db, tmp_path, monkeypatch):
    from portfolio.pages import backup

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "write_archive", fail)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", str(tmp_path / "site.tar.gz"))
    assert list(tmp_path.iterdir()) == []
