"""Starting afresh: the site emptied for another CV, its content kept in one backup.

``back_up`` writes one archive of everything (the database, the media, and the CV
fixture with its private file) and reads it back; only then do ``empty_database``
and ``empty_files`` delete the content. User accounts stay, so that the owner can
still sign in.
"""

import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from portfolio.media.media import retired_root

from .backup import verify_backup, write_backup
from .fixtures import private_path

# What is not content: accounts and their permissions, the content types they
# name, sessions (whoever is signed in stays so), the login-throttling records,
# and the search index, which is rebuilt from the content when it changes.
KEPT_APPS = frozenset({"auth", "contenttypes", "sessions", "axes", "search"})
EMPTY_FIXTURE = "[]\n"


class NewSiteError(Exception):
    pass


def fixture_files(fixture: Path) -> dict[str, Path]:
    """The CV fixture and its private file, those that exist, by their names in the
    archive (fixtures/cv.json, fixtures/cv.private.json)."""
    return {
        f"fixtures/{path.name}": path
        for path in (fixture, private_path(fixture))
        if path.is_file()
    }


def content_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in KEPT_APPS and model._meta.managed and not model._meta.proxy
    ]


def empty_database() -> int:
    """Delete every content row (in one transaction); returns how many. Through the
    ORM, so that the page cache and the search index learn of it."""
    deleted = 0
    with transaction.atomic():
        remaining = content_models()
        while remaining:
            # A row another protects (an author on a paper) goes once that one is gone.
            blocked = []
            for model in remaining:
                try:
                    deleted += model._base_manager.all().delete()[0]
                except (ProtectedError, RestrictedError):
                    blocked.append(model)
            if len(blocked) == len(remaining):
                names = ", ".join(model._meta.label for model in blocked)
                raise NewSiteError(f"Cannot delete the rows of {names}: others protect them.")
            remaining = blocked
    return deleted


def empty_folder(folder: Path) -> int:
    """Delete what the folder holds (it stays); returns how many files."""
    if not folder.is_dir():
        return 0
    count = 0
    for path in list(folder.iterdir()):
        if path.is_dir() and not path.is_symlink():
            count += sum(1 for p in path.rglob("*") if not p.is_dir() or p.is_symlink())
            shutil.rmtree(path)
        else:
            count += 1
            path.unlink()
    return count


def back_up(archive: Path, fixture: Path) -> tuple[dict, list[str]]:
    """Back up everything to ``archive``, the CV fixture and its private file too,
    and read it back; returns the archive's description and the names of the
    fixture's copies in it. Raises BackupError or OSError if it cannot."""
    extra = fixture_files(fixture)
    description = write_backup(archive, extra)
    verify_backup(archive, extra)
    return description, sorted(extra)


def empty_files(fixture: Path) -> int:
    """Delete the media folders' files and the CV fixture's private file, and write
    the fixture as an empty CV; returns how many media files were deleted."""
    deleted = sum(empty_folder(folder) for folder in (Path(settings.MEDIA_ROOT), retired_root()))
    # The empty CV first: the private file is never left beside another CV.
    fixture.write_text(EMPTY_FIXTURE, encoding="utf-8")
    private_path(fixture).unlink(missing_ok=True)
    return deleted
