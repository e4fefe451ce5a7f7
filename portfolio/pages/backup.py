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
    media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
    description = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(rows),
        "media_files": len(media),
    }
    partial = archive.with_name(archive.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        for name, text in (
            ("backup.json", json.dumps(description, indent=1)),
            ("data.json", data.getvalue()),
        ):
            payload = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(payload), int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(payload))
        for path in media:
            tar.add(
                path, arcname=str(PurePosixPath("media") / path.relative_to(media_root).as_posix())
            )
    partial.replace(archive)
    return description


def database_is_empty() -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    content = ["profile.Profile", "publications.Publication", "publications.Author",
               "positions.Position", "talks.Talk"]  # fmt: skip
    return not user_model.objects.exists() and not any(
        apps.get_model(label).objects.exists() for label in content
    )


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
    description = json.loads(tar.extractfile(names["backup.json"]).read())
    if description.get("format") != FORMAT or description.get("version") != VERSION:
        raise BackupError("This is not a portfolio backup of a version this site can read.")
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
            # loaddata is all-or-nothing; media files are copied only once it succeeded.
            call_command("loaddata", str(data), verbosity=0)
            for member in media:
                target = media_root / PurePosixPath(member.name).relative_to("media")
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
    except (tarfile.TarError, EOFError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"The archive cannot be read: {error}") from error
    return description
