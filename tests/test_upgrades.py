"""A site made with an earlier version of the code keeps working after an
upgrade: its database migrates, and its backup restores, with the edit history
and the topics intact.

tests/data/upgrade/ holds a database and a backup made at commit c44a9d7 (the
version before the apps were split): the sample CV loaded, a publication edited
(and tagged "upgrades") in one revision, and the topic "efficiency" renamed to
"Efficiency (renamed)" in another.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Starts other processes: run once in CI, not on each database.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "upgrade"

# Printed by a separate process on the upgraded database, as JSON.
REPORT = """
import json
import django
django.setup()
from reversion.models import Version
from taggit.models import Tag
from portfolio.publications.models import Publication

paper = Publication.objects.get(slug="sparse-routing")
versions = Version.objects.get_for_object(paper).order_by("pk")
before = {"title": paper.title, "topics": sorted(paper.tags.names())}
topics = sorted(Tag.objects.values_list("name", flat=True))
versions.first().revision.revert(delete=True)
paper.refresh_from_db()
print(json.dumps({
    "publications": Publication.objects.count(),
    "versions": versions.count(),
    "before": before,
    "reverted": {"title": paper.title, "topics": sorted(paper.tags.names())},
    "topics": topics,
}))
"""


def run(*args, database: Path, media: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="site_config.settings",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_MEDIA_ROOT=str(media),
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def report(database: Path, media: Path) -> dict:
    result = run("-c", REPORT, database=database, media=media)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


EXPECTED_TOPICS = ["Efficiency (renamed)", "robustness", "sparsity", "statistics",
                   "transformers", "upgrades"]  # fmt: skip


def assert_history_and_topics(state: dict) -> None:
    assert state["publications"] == 6
    assert state["versions"] >= 2  # the load, and the edit
    assert state["before"] == {
        "title": "Sparse Routing (edited before the upgrade)",
        "topics": ["Efficiency (renamed)", "transformers", "upgrades"],
    }
    # Reverting to the version the load recorded brings back the title and topics.
    assert state["reverted"]["title"] == "Sparse Routing for Efficient Transformers"
    assert "upgrades" not in state["reverted"]["topics"]
    assert set(EXPECTED_TOPICS) <= set(state["topics"])


def test_a_database_from_the_earlier_version_migrates_with_history_and_topics(tmp_path):
    database = tmp_path / "db.sqlite3"
    with gzip.open(DATA / "site-c44a9d7.sqlite3.gz") as old, open(database, "wb") as copy:
        shutil.copyfileobj(old, copy)
    migrated = run("manage.py", "migrate", "--noinput", database=database, media=tmp_path / "m")
    assert migrated.returncode == 0, migrated.stderr
    assert_history_and_topics(report(database, tmp_path / "m"))


def test_a_backup_from_the_earlier_version_restores_with_history_and_topics(tmp_path):
    database, media = tmp_path / "db.sqlite3", tmp_path / "media"
    assert run("manage.py", "migrate", "--noinput", database=database, media=media).returncode == 0
    restored = run(
        "manage.py", "restore", str(DATA / "backup-c44a9d7.tar.gz"), database=database, media=media
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and ": 150 rows, 0 media files." in restored.stdout
    assert_history_and_topics(report(database, media))


@pytest.mark.django_db
def test_no_model_changed_its_app_label():
    from django.apps import apps

    labels = {model._meta.label_lower for model in apps.get_models()}
    for label in ("profile.profile", "publications.publication", "positions.position",
                  "talks.talk", "taggit.tag"):  # fmt: skip
        assert label in labels
