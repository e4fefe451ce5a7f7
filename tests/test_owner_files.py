"""The test suite keeps away from the owner's files: the media folder and the
retired files beside it, the database, the page cache and the fixture's folder.
A researcher who ran the site and uploaded a photo can run `make test` and find
both the run and their site unharmed."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from portfolio.media.media import retire, retired_root

ROOT = Path(__file__).resolve().parent.parent


def outside_the_project(path) -> bool:
    return not Path(path).resolve().is_relative_to(ROOT)


def test_the_suite_keeps_its_files_in_folders_of_its_own(db):
    paths = {
        "media": settings.MEDIA_ROOT,
        "retired media": retired_root(),
        "static": settings.STATIC_ROOT,
        "the environment's media": os.environ["DJANGO_MEDIA_ROOT"],
        "the environment's static files": os.environ["DJANGO_STATIC_ROOT"],
    }
    if connection.vendor == "sqlite":
        paths["database"] = connection.settings_dict["NAME"]
        paths["the environment's database"] = os.environ["DATABASE_URL"].split("///", 1)[1]
    assert [name for name, path in paths.items() if not outside_the_project(path)] == []
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")

    # What the other tests do with the files: an upload, then its retirement.
    name = default_storage.save("profile/isolated.jpg", ContentFile(b"photo"))
    assert Path(settings.MEDIA_ROOT, name).read_bytes() == b"photo"
    retire(default_storage, name, widths=())
    assert (retired_root() / name).read_bytes() == b"photo"
    cache.set("isolated", "kept")
    assert cache.get("isolated") == "kept"


# --- A run of the suite in a copy of a project that was used ------------------------
PROJECT_FILES = ["manage.py", "pyproject.toml", "portfolio", "site_config", "templates",
                 "tests", "fixtures"]  # fmt: skip
# Tests that write and read media files, the cache and the database, and a restore,
# which refuses a media folder that holds files.
TESTS = [
    "tests/test_owner_files.py::test_the_suite_keeps_its_files_in_folders_of_its_own",
    "tests/test_control_characters.py::test_restore_stores_clean_text",
    "tests/test_page_cache.py::test_commands_and_history_count",
]


def snapshot(*folders: Path) -> dict:
    """Every file under the folders, with its content and time of change."""
    found = {}
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in paths:
            stat = path.stat()
            found[str(path)] = (path.read_bytes() if path.is_file() else None, stat.st_mtime_ns)
    return found


@pytest.mark.process
def test_a_run_of_the_suite_leaves_a_used_sites_files_alone(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    # The site as `make run` and the admin left it, and folders the environment
    # names for production.
    owner = {
        "media": project / "media" / "profile" / "me.jpg",
        "retired": project / "media-retired" / "profile" / "old.jpg",
        "database": project / "db.sqlite3",
        "cache": project / "cache" / "page.djcache",
        "fixture's file": project / "fixtures" / "cv.private.json",
        "production media": tmp_path / "srv" / "media" / "profile" / "me.jpg",
        "production retired": tmp_path / "srv" / "retired" / "profile" / "old.jpg",
        "production cache": tmp_path / "srv" / "cache" / "page.djcache",
    }
    for label, path in owner.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"the owner's {label}".encode())
    watched = [project / "media", project / "media-retired", project / "db.sqlite3",
               project / "cache", project / "fixtures", tmp_path / "srv"]  # fmt: skip
    before = snapshot(*watched)

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "PYTEST_"))}  # fmt: skip
    env.update(
        DJANGO_MEDIA_ROOT=str(tmp_path / "srv" / "media"),
        DJANGO_RETIRED_MEDIA_ROOT=str(tmp_path / "srv" / "retired"),
        CACHE_URL=f"file://{tmp_path / 'srv' / 'cache'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
         *TESTS],
        cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"{len(TESTS)} passed" in result.stdout
    # Nothing changed, nothing added, nothing removed.
    assert snapshot(*watched) == before
    assert not (project / "staticfiles").exists()
