"""Backups: the whole database content and the uploaded media in one archive.

The archive is a .tar.gz holding ``backup.json`` (what it is), ``data.json``
(every row, written by Django's serialiser with natural keys for content types
and permissions, which each instance makes afresh), ``media/`` (uploads) and
``retired/`` (replaced uploads that the edit history can bring back), and,
when it is written before the site starts afresh (``manage.py new_site``), the CV
fixture and its private file under ``fixtures/``, which a restore leaves alone.
Sessions and login-throttling records are left out: they are not content.

A restore checks the archive before it changes anything: every member's path,
what the archive expands to (``RESTORE_MAX_DATA_BYTES`` for data.json,
``RESTORE_MAX_MEDIA_BYTES`` for all files together, ``RESTORE_MAX_FILES``), that
its content matches its description, that every file a row names is inside
the media folder, and that every row passes the checks of the admin.
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
from django.core.management.commands.loaddata import Command as LoadData
from django.db import models, transaction

from portfolio.core.registry import cv_models
from portfolio.media.media import is_safe_name, retired_root
from portfolio.profile import theme

from .validation import InvalidRows, refused_rows

FORMAT = "academic-portfolio-backup"
VERSION = 1
# The search index is made again from the content, by the first search.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "search"]


class BackupError(Exception):
    pass


def write_backup(archive: Path, extra_files: dict[str, Path] | None = None) -> dict:
    """Write the archive; return its description. ``extra_files`` (name in the
    archive: file) go in too, listed in the description as ``extra_files``."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        *[arg for label in EXCLUDED for arg in ("--exclude", label)],
        natural_foreign=True,
        indent=1,
        stdout=data,
    )
    rows = json.loads(data.getvalue() or "[]")
    folders = {"media": Path(settings.MEDIA_ROOT), "retired": retired_root()}
    files = {prefix: files_in(folder) for prefix, folder in folders.items()}
    description = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(rows),
        "media_files": len(files["media"]),
        "retired_files": len(files["retired"]),
    }
    if extra_files:
        description["extra_files"] = sorted(extra_files)
    partial = archive.with_name(archive.name + ".partial")
    # Readable by the owner only: the archive holds password hashes.
    partial.touch(mode=0o600)
    try:
        partial.chmod(0o600)
        write_archive(partial, description, data.getvalue(), files, folders, extra_files or {})
        partial.replace(archive)
    except BaseException:
        partial.unlink(missing_ok=True)  # never leave a copy of the data behind
        raise
    return description


def files_in(folder: Path) -> list[Path]:
    # Symbolic links are left out: they may point anywhere, and restore refuses them.
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def write_archive(
    path: Path, description: dict, data: str, files: dict, folders: dict, extra_files: dict
):
    with tarfile.open(path, "w:gz") as tar:
        for name, text in (
            ("backup.json", json.dumps(description, indent=1)),
            ("data.json", data),
        ):
            payload = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(payload), int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(payload))
        for prefix, paths in files.items():
            for file in paths:
                name = PurePosixPath(prefix) / file.relative_to(folders[prefix]).as_posix()
                tar.add(file, arcname=str(name))
        for name, file in sorted(extra_files.items()):
            tar.add(file, arcname=name)


def database_is_empty() -> bool:
    labels = [settings.AUTH_USER_MODEL, *cv_models()]
    return not any(apps.get_model(label)._default_manager.exists() for label in labels)


def read_members(tar: tarfile.TarFile) -> tuple[dict, dict[str, list[tarfile.TarInfo]]]:
    """The description and the file members by folder, after checking every member
    is safe and the whole stays within the limits (read before anything is written)."""
    names = {}
    files: dict[str, list[tarfile.TarInfo]] = {"media": [], "retired": []}
    total = count = 0
    max_files, max_bytes = settings.RESTORE_MAX_FILES, settings.RESTORE_MAX_MEDIA_BYTES
    for member in tar:  # one header at a time: a huge archive is refused early
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds an unsafe entry: {member.name!r}.")
        if not member.isfile():
            continue
        count, total = count + 1, total + member.size
        if count > max_files:
            raise BackupError(f"The archive holds more than {max_files} files.")
        if total > max_bytes:
            raise BackupError(
                f"The archive expands to more than {size(max_bytes)}; "
                "raise DJANGO_RESTORE_MAX_MEDIA_MB to restore it."
            )
        if path.parts[0] in files and len(path.parts) > 1:
            files[path.parts[0]].append(member)
        else:
            names[member.name] = member
    if "backup.json" not in names or "data.json" not in names:
        raise BackupError("This is not a portfolio backup: backup.json or data.json is missing.")
    if names["data.json"].size > settings.RESTORE_MAX_DATA_BYTES:
        raise BackupError(
            f"data.json is {size(names['data.json'].size)}, more than the "
            f"{size(settings.RESTORE_MAX_DATA_BYTES)} a restore reads; "
            "raise DJANGO_RESTORE_MAX_DATA_MB to restore it."
        )
    try:
        description = json.loads(tar.extractfile(names["backup.json"]).read(64 * 1024))
    except ValueError as error:  # not JSON, or not UTF-8
        raise BackupError(f"backup.json cannot be read: {error}") from error
    if (
        not isinstance(description, dict)
        or description.get("format") != FORMAT
        or description.get("version") != VERSION
    ):
        raise BackupError("This is not a portfolio backup of a version this site can read.")
    expected = {"created": str, "rows": int, "media_files": int}
    description.setdefault("retired_files", 0)  # backups before retired files existed
    if any(
        not isinstance(description.get(key), kind) or isinstance(description.get(key), bool)
        for key, kind in {**expected, "retired_files": int}.items()
    ):
        raise BackupError(
            "backup.json is incomplete: it needs created, rows and media_files (and "
            "retired_files, if given, as a number)."
        )
    listed = (description["media_files"], description["retired_files"])
    found = (len(files["media"]), len(files["retired"]))
    if listed != found:
        raise BackupError(
            f"The archive does not match its description: backup.json lists "
            f"{listed[0]} media files and {listed[1]} retired files, the archive holds "
            f"{found[0]} and {found[1]}."
        )
    return description, files


def size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def read_rows(tar: tarfile.TarFile, description: dict) -> list:
    """data.json's rows, checked against the description and for file names that
    point outside the media folder."""
    rows = json.loads(tar.extractfile("data.json").read())
    if not isinstance(rows, list):
        raise BackupError("data.json is not a list of rows.")
    if len(rows) != description["rows"]:
        raise BackupError(
            f"The archive does not match its description: backup.json lists "
            f"{description['rows']} rows, data.json holds {len(rows)}."
        )
    for row in rows:
        try:
            model = apps.get_model(row["model"])
            fields = row["fields"]
        except (LookupError, KeyError, TypeError, ValueError):
            continue  # loaddata reports what it cannot load
        for field in model._meta.concrete_fields:
            value = fields.get(field.name) if isinstance(fields, dict) else None
            if isinstance(field, models.FileField) and value and not is_safe_name(str(value)):
                raise BackupError(
                    f"{row['model']} {row.get('pk')}: {field.name} {value!r} is not a file "
                    "in the media folder."
                )
    theme.upgrade_rows(rows)  # a backup made when the site had other fonts
    return rows


def verify_backup(archive: Path, extra_files: dict[str, Path] | None = None) -> dict:
    """Read the archive back and check it as a restore does before it writes
    anything, and that each of ``extra_files`` is in it as it is on disk; returns
    its description. Raises BackupError if it would not restore."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            description, _files = read_members(tar)
            refused = refused_rows(read_rows(tar, description))
            if refused:
                raise BackupError(
                    "The backup could not be restored: the admin would refuse "
                    f"some of its rows:\n{InvalidRows(refused).summary()}"
                )
            for name, file in (extra_files or {}).items():
                with tar.extractfile(name) as copy:
                    if copy.read() != file.read_bytes():
                        raise BackupError(f"{name} in the archive differs from {file}.")
    except KeyError as error:
        raise BackupError(f"The archive lacks {error}.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"data.json cannot be read back: {error}") from error
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"The archive cannot be read back: {error}") from error
    return description


def restore_backup(archive: Path) -> dict:
    """Restore into an empty instance. Raises BackupError, changing nothing, when it
    cannot. Returns what was restored: rows, media_files, retired_files, created."""
    if not database_is_empty():
        raise BackupError(
            "The database is not empty. Restore into a new instance (an empty database, "
            "migrated), or empty this one first: run manage.py flush the way you ran restore."
        )
    targets = {"media": Path(settings.MEDIA_ROOT), "retired": retired_root()}
    try:
        with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
            description, files = read_members(tar)
            rows = read_rows(tar, description)
            refused = refused_rows(rows)
            if refused:
                raise BackupError(
                    "The backup's data could not be loaded, and nothing was restored; the "
                    f"admin would refuse:\n{InvalidRows(refused).summary()}"
                )
            data = Path(work) / "data.json"
            data.write_text(json.dumps(rows), encoding="utf-8")
            del rows
            planned = [
                (member, targets[prefix] / PurePosixPath(member.name).relative_to(prefix))
                for prefix, members in files.items()
                for member in members
            ]
            for _, target in planned:
                if target.exists():
                    raise BackupError(f"{target} exists already; the media folder must be empty.")
            # All or nothing: the data is loaded in a transaction that is undone,
            # with the media files written so far, if any file cannot be written.
            written: list[Path] = []
            try:
                with transaction.atomic():
                    loader = LoadData()
                    call_command(loader, str(data), verbosity=0)
                    if loader.loaded_object_count != description["rows"]:
                        raise BackupError(
                            f"Only {loader.loaded_object_count} of the "
                            f"{description['rows']} rows could be loaded; nothing was restored."
                        )
                    for member, target in planned:
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
    except RecursionError as error:
        raise BackupError("data.json is nested too deeply to be a backup.") from error
    except (tarfile.TarError, EOFError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"The archive cannot be read: {error}") from error
    return {
        "created": description["created"],
        "rows": loader.loaded_object_count,
        "media_files": sum(1 for target in written if target.is_relative_to(targets["media"])),
        "retired_files": sum(1 for target in written if target.is_relative_to(targets["retired"])),
    }
