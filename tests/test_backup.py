"""Backup and restore: the restored site is the same site."""

import io
import json
import shutil
import tarfile

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from portfolio.cvdata.backup import verify_backup
from portfolio.cvdata.fixtures import export_fixture
from portfolio.profile.models import Profile

from .conftest import SAMPLE_CV
from .test_uploads import image_bytes


@pytest.fixture
def site(transactional_db, settings, tmp_path):
    # Transactional: `flush` empties real tables, which PostgreSQL refuses inside
    # the transaction an ordinary test runs in.
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_cv", str(SAMPLE_CV), verbosity=0)
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
    from portfolio.cvdata import backup

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "write_archive", fail)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", str(tmp_path / "site.tar.gz"))
    assert list(tmp_path.iterdir()) == []


def archive_members(archive) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


@pytest.fixture
def backed_up(site, capsys):
    """A real backup of the site, and the site emptied for a restore."""
    archive = site / "backup.tar.gz"
    call_command("backup", str(archive))
    capsys.readouterr()
    call_command("flush", interactive=False, verbosity=0)
    media = site / "media"
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    return archive


def test_restore_reports_what_it_restored(backed_up, capsys):
    members = archive_members(backed_up)
    rows = len(json.loads(members["data.json"]))
    call_command("restore", str(backed_up))
    out = capsys.readouterr().out
    assert f": {rows} rows, 4 media files." in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: {k: v for k, v in m.items() if not k.startswith("media/")}, "lists 4 media"),
        (lambda m: {**m, "data.json": b"[]"}, r"rows, data.json holds 0"),
        (lambda m: {**m, "media/extra.png": b"x"}, "the archive holds 5"),
    ],
)
def test_an_archive_that_does_not_match_its_description_is_refused(
    backed_up, change, message, site
):
    members = change(archive_members(backed_up))
    make_archive(backed_up, members)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(backed_up))
    assert Profile.get_solo() is None
    assert not get_user_model().objects.exists()
    assert not any((site / "media").rglob("*.*"))


def described(rows: list, **media: bytes) -> dict[str, bytes]:
    description = {
        "format": "academic-portfolio-backup",
        "version": 1,
        "created": "2026-01-01T00:00:00+00:00",
        "rows": len(rows),
        "media_files": len(media),
    }
    return {
        "backup.json": json.dumps(description).encode(),
        "data.json": json.dumps(rows).encode(),
        **{f"media/{name}": payload for name, payload in media.items()},
    }


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/passwd", "a/../../b.png"])
def test_a_file_name_outside_the_media_folder_is_refused(db, tmp_path, name):
    rows = [
        {
            "model": "profile.profile",
            "pk": 1,
            "fields": {"name": "Ada", "photo": name, "updated_at": "2026-01-01T00:00:00Z"},
        }
    ]
    archive = tmp_path / "bad.tar.gz"
    make_archive(archive, described(rows))
    with pytest.raises(CommandError, match=r"photo .* is not a file in the media folder"):
        call_command("restore", str(archive))
    assert Profile.get_solo() is None


def zero_archive(path, name: str, size: int):
    """A small archive holding one large file of zeros, written without holding it."""

    class Zeros(io.RawIOBase):
        def __init__(self):
            self.left = size

        def readinto(self, buffer):
            n = min(len(buffer), self.left)
            buffer[:n] = bytes(n)
            self.left -= n
            return n

    with tarfile.open(path, "w:gz") as tar:
        for member, payload in described([], **{"x": b""}).items():
            if member != "media/x":
                info = tarfile.TarInfo(member)
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
        info = tarfile.TarInfo(name)
        info.size = size
        tar.addfile(info, Zeros())


def test_an_archive_that_expands_beyond_the_limit_is_refused_before_writing(
    db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESTORE_MAX_MEDIA_BYTES = 8 * 1024 * 1024
    archive = tmp_path / "bomb.tar.gz"
    zero_archive(archive, "media/x", 64 * 1024 * 1024)
    assert archive.stat().st_size < 200 * 1024  # small on disk, 64 MB inside
    with pytest.raises(CommandError, match="expands to more than 8 MB"):
        call_command("restore", str(archive))
    assert not (tmp_path / "media").exists()


def test_a_data_file_beyond_the_limit_is_refused(db, settings, tmp_path):
    settings.RESTORE_MAX_DATA_BYTES = 1024 * 1024
    archive = tmp_path / "big.tar.gz"
    rows = [{"model": "taggit.tag", "pk": n, "fields": {"name": f"t{n}", "slug": f"t{n}"}}
            for n in range(40_000)]  # fmt: skip
    make_archive(archive, described(rows))
    with pytest.raises(CommandError, match=r"data.json is [\d.]+ MB, more than the 1 MB"):
        call_command("restore", str(archive))


def test_too_many_files_are_refused(db, settings, tmp_path):
    settings.RESTORE_MAX_FILES = 5
    archive = tmp_path / "many.tar.gz"
    make_archive(archive, described([], **{f"f{n}.png": b"x" for n in range(10)}))
    with pytest.raises(CommandError, match="more than 5 files"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_retired_photos_travel_with_the_backup(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    profile = Profile.objects.create(name="Ada")
    with reversion.create_revision():
        profile.photo.save("first.png", ContentFile(image_bytes(size=(200, 100))))
    with reversion.create_revision():
        profile.photo.save("second.png", ContentFile(image_bytes(size=(200, 100))))
    retired = tmp_path / "media-retired"
    assert sorted(p.name for p in retired.rglob("*.*")) == ["first-160w.jpg", "first.png"]
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    assert "2 replaced files kept for the edit history" in capsys.readouterr().out

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(tmp_path / "media")
    shutil.rmtree(retired)
    call_command("restore", str(archive))
    assert "2 replaced files for the edit history" in capsys.readouterr().out
    assert sorted(p.name for p in retired.rglob("*.*")) == ["first-160w.jpg", "first.png"]


@pytest.mark.parametrize("value", ['"0"', "null", "true", "-"])
def test_a_malformed_retired_count_is_refused(db, tmp_path, value):
    members = described([{"model": "taggit.tag", "pk": 1, "fields": {"name": "x", "slug": "x"}}])
    description = json.loads(members["backup.json"])
    members["backup.json"] = json.dumps(description)[:-1].encode() + (
        b', "retired_files": ' + value.encode() + b"}" if value != "-" else b"}"
    )
    archive = tmp_path / "odd.tar.gz"
    make_archive(archive, members)
    if value == "-":  # absent: a backup from before retired files existed
        call_command("restore", str(archive), verbosity=0)
    else:
        with pytest.raises(CommandError, match=r"backup\.json is incomplete"):
            call_command("restore", str(archive))


def with_rows_changed(archive, change) -> None:
    """The archive rewritten with ``change(rows)`` applied to its data.json."""
    members = archive_members(archive)
    rows = json.loads(members["data.json"])
    change(rows)
    make_archive(archive, {**members, "data.json": json.dumps(rows).encode()})


def profile_row(rows) -> dict:
    return next(row for row in rows if row["model"] == "profile.profile")


@pytest.mark.parametrize(("old", "new"), [("humanist", "sans"), ("oldstyle", "serif")])
def test_a_backup_with_one_of_the_old_four_fonts_restores_with_its_successor(backed_up, old, new):
    with_rows_changed(backed_up, lambda rows: profile_row(rows)["fields"].update(font=old))
    verify_backup(backed_up)
    call_command("restore", str(backed_up), verbosity=0)
    assert Profile.get_solo().font == new


@pytest.mark.parametrize("colour", ["#abc", "#0b55a3;}body{display:none}/*"])
def test_a_backup_the_admin_would_refuse_is_refused_and_restores_nothing(backed_up, site, colour):
    with_rows_changed(
        backed_up, lambda rows: profile_row(rows)["fields"].update(accent_colour=colour)
    )
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backed_up))
    pk = profile_row(json.loads(archive_members(backed_up)["data.json"]))["pk"]
    heading, problem = str(refused.value).splitlines()
    assert heading == (
        "The backup's data could not be loaded, and nothing was restored; the admin would refuse:"
    )
    assert problem.startswith(
        f"profile.profile {pk} “Mira Castellanos”: accent_colour {colour!r}: Enter a colour as # "
        "and six hexadecimal digits, e.g. #0b55a3."
    )
    assert Profile.get_solo() is None
    assert not get_user_model().objects.exists()
    assert not any((site / "media").rglob("*.*"))


def test_a_restore_names_every_row_the_admin_would_refuse(backed_up):
    ids = {}  # the rows' ids depend on what the tests before made

    def spoil(rows):
        profile = profile_row(rows)
        profile["fields"].update(font="comic")
        link = next(row for row in rows if row["model"] == "profile.profilelink")
        link["fields"]["url"] = "javascript:alert(1)"
        user = next(row for row in rows if row["model"] == "auth.user")
        user["fields"]["username"] = "two words"
        ids.update(user=user["pk"], profile=profile["pk"], link=link["pk"])

    with_rows_changed(backed_up, spoil)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backed_up))
    assert str(refused.value).splitlines()[1:] == [
        f"auth.user {ids['user']} “two words”: username 'two words': Enter a valid username. "
        "This value may contain only letters, numbers, and @/./+/-/_ characters.",
        f"profile.profile {ids['profile']} “Mira Castellanos”: font 'comic': Value 'comic' is "
        "not a valid choice.",
        f"profile.profilelink {ids['link']} “mcastellanos”: url 'javascript:alert(1)': Enter a "
        "valid URL.",
    ]
    assert not get_user_model().objects.exists()


def test_a_backup_keeps_the_private_fields(backed_up):
    """A backup is private: it holds what the exported fixture leaves out."""
    profile = profile_row(json.loads(archive_members(backed_up)["data.json"]))["fields"]
    assert (profile["phone"], profile["birth_date"], profile["birth_place"]) == (
        "+1 555 0100",
        "1985-03-14",
        "Lisbon",
    )
    call_command("restore", str(backed_up))
    assert Profile.get_solo().phone == "+1 555 0100"
