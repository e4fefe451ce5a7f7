"""Backups: the whole database content and the uploaded media in one archive.

The archive is a .tar.gz holding ``backup.json`` (what it is), ``data.json``
(every row, written by Django's serialiser with natural keys for content types
and permissions, which each instance makes afresh) and ``media/`` (uploads).
Sessions and login-throttling records are left out: they are not content.
"""

import io
import json
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from .fixtures import CV_MODELS

FORMAT = "academic-portfolio-backup"
VERSION = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class BackupError(Exception):
    pass


def write_backup(archive: Path) -> dict:
    """Write the archive; return its description."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        *[arg for label in EXCLUDED for arg in ("--exclude", label)],
        natural_foreign=True,
        indent=1,
        stdout=data,
    )
    rows = json.loads(data.getvalue() or "[]")
    media_root = Path(settings.MEDIA_ROOT)
    # Symbolic links are left out: they may point anywhere, and restore refuses them.
    media = (
        sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())
        if media_root.is_dir()
        else []
    )
    description = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(rows),
        "media_files": len(media),
    }
    partial = archive.with_name(archive.name + ".partial")
    # Readable by the owner only: the archive holds password hashes.
    partial.touch(mode=0o600)
    try:
        partial.chmod(0o600)
        write_archive(partial, description, data.getvalue(), media, media_root)
        partial.replace(archive)
    except BaseException:
        partial.unlink(missing_ok=True)  # never leave a copy of the data behind
        raise
    return description


def write_archive(path: Path, description: dict, data: str, media: list[Path], media_root):
    with tarfile.open(path, "w:gz") as tar:
        for name, text in (
            ("backup.json", json.dumps(description, indent=1)),
            ("data.json", data),
        ):
            payload = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(payload), int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(payload))
        for media_file in media:
            name = PurePosixPath("media") / media_file.relative_to(media_root).as_posix()
            tar.add(media_file, arcname=str(name))


def database_is_empty() -> bool:
    labels = [settings.AUTH_USER_MODEL, *CV_MODELS]
    return not any(apps.get_model(label)._default_manager.exists() for label in labels)


def read_members(tar: tarfile.TarFile) -> tuple[dict, list[tarfile.TarInfo]]:
    """The description and the media members, after checking every member is safe."""
    names = {}
    media = []
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds an unsafe entry: {member.name!r}.")
        if member.isfile() and path.parts[0] == "media" and len(path.parts) > 1:
            media.append(member)
        elif member.isfile():
            names[member.name] = member
    if "backup.json" not in names or "data.json" not in names:
        raise BackupError("This is not a portfolio backup: backup.json or data.json is missing.")
    try:
        description = json.loads(tar.extractfile(names["backup.json"]).read())
    except ValueError as error:  # not JSON, or not UTF-8
        raise BackupError(f"backup.json cannot be read: {error}") from error
    if (
        not isinstance(description, dict)
        or description.get("format") != FORMAT
        or description.get("version") != VERSION
    ):
        raise BackupError("This is not a portfolio backup of a version this site can read.")
    expected = {"created": str, "rows": int, "media_files": int}
    if any(not isinstance(description.get(key), kind) for key, kind in expected.items()):
        raise BackupError("backup.json is incomplete: it needs created, rows and media_files.")
    return description, media


def restore_backup(archive: Path) -> dict:
    """Restore into an empty instance. Raises BackupError, changing nothing, when it cannot."""
    if not database_is_empty():
        raise BackupError(
            "The database is not empty. Restore into a new instance (an empty database, "
            "migrated), or empty this one first with: python manage.py flush"
        )
    media_root = Path(settings.MEDIA_ROOT)
    try:
        with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
            description, media = read_members(tar)
            data = Path(work) / "data.json"
            data.write_bytes(tar.extractfile("data.json").read())
            for member in media:
                target = media_root / PurePosixPath(member.name).relative_to("media")
                if target.exists():
                    raise BackupError(f"{target} exists already; the media folder must be empty.")
            # All or nothing: the data is loaded in a transaction that is undone,
            # with the media files written so far, if any file cannot be written.
            written: list[Path] = []
            try:
                with transaction.atomic():
                    call_command("loaddata", str(data), verbosity=0)
                    for member in media:
                        target = media_root / PurePosixPath(member.name).relative_to("media")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with tar.extractfile(member) as source, open(target, "xb") as out:
                            written.append(target)
                            shutil.copyfileobj(source, out)
            except BaseException as error:
                for path in written:
                    path.unlink(missing_ok=True)
                if isinstance(error, OSError) and not isinstance(error, tarfile.TarError):
                    raise BackupError(
                        f"Cannot write the media files ({error}); nothing was restored."
                    ) from error
                raise
    except UnicodeDecodeError as error:
        raise BackupError(f"data.json is not UTF-8 text: {error}") from error
    except (tarfile.TarError, EOFError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"The archive cannot be read: {error}") from error
    return description
