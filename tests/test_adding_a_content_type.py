"""docs/adding-a-content-type.md, followed to the letter in a copy of the project.

The copy is made of the repository's tracked files; the recipe's blocks headed with
a file name are written into it (or, for a ``diff``, applied to it), its commands
run, and a separate process in the copy checks what the recipe says the new type
gets without more code. Last, the copy is compared with the project: the recipe
must touch the new app, its templates, the settings and the URLs, and nothing
else. The page is the source of the code, so the two cannot drift apart.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Starts other processes: run once in CI, not on each database.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "docs" / "adding-a-content-type.md"
BLOCK = re.compile(r'^```(\w+) title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)
# What the recipe may add or change, and nothing else.
NEW_FILES = re.compile(
    r"portfolio/datasets/.+|templates/datasets/.+|templates/includes/dataset_item\.html"
)
EDITED_FILES = {"site_config/settings.py", "site_config/urls.py"}
EVERY_TYPE_TESTS = [
    "tests/test_public_pages.py",
    "tests/test_admin.py::test_the_admin_index_opens_on_the_owners_work",
]


def recipe_blocks() -> list[tuple[str, str, str]]:
    """(language, file name, text) of each block of the recipe headed with a file name."""
    return BLOCK.findall(RECIPE.read_text(encoding="utf-8"))


def apply_diff(text: str, diff: str, name: str) -> str:
    """``text`` with the recipe's diff applied: its context lines (" ") and removed
    lines ("-") must stand together exactly once in the file."""
    lines = diff.splitlines()
    assert lines and all(line[:1] in {" ", "+", "-"} for line in lines), name
    before = "".join(line[1:] + "\n" for line in lines if line[0] in " -")
    after = "".join(line[1:] + "\n" for line in lines if line[0] in " +")
    assert text.count(before) == 1, f"the recipe's diff of {name} does not fit it"
    return text.replace(before, after)


def tracked_files() -> list[str]:
    listed = subprocess.run(
        [shutil.which("git"), "ls-files", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    # A tracked file deleted in the work tree is not part of the project any more.
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


# Run by the copy's Python in the copy, after the migration; writes what it saw, as JSON
# (the log has the standard output).
CHECKS = r"""
import io
import json
import re
import sys
from pathlib import Path

import django

django.setup()

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from reversion.models import Version

import portfolio
from portfolio.datasets.models import Dataset
from tests.admin_forms import form_data

work = Path(sys.argv[1])
seen = {"code": portfolio.__file__}
# As the suite runs: the production settings, static files served from the apps.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()

visitor, editor = Client(), Client()
editor.force_login(User.objects.create_superuser("owner", "owner@example.org", None))


def get(path, client=visitor):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode()


def page(path):
    response, body = get(path)
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', body, re.DOTALL)
    return {
        "status": response.status_code,
        "h1": body.count("<h1"),
        "public": "Sparse Benchmarks" in body,
        "hidden": "Secret Measurements" in body,
        "nav": bool(nav) and 'href="/datasets/"' in nav.group(1),
        "cache": response.get("X-Cache"),
    }


hidden = Dataset.objects.create(
    title="Secret Measurements", slug="secret-measurements", year=2024,
    description="Graphs not yet released.", is_published=False,
)
hidden.tags.add("Open data")
seen["home, hidden only"] = page("/")

# Added in the admin, as the owner would, its slug made from its title.
add = reverse("admin:datasets_dataset_add")
data = form_data(editor, add)
data.update(title=["Sparse Benchmarks"], slug=[""], year=["2023"], month=["10"],
            licence=["CC BY 4.0"], url=["https://example.org/data"], tags=["Open data"],
            description=["Graphs with *millions* of edges."], is_published=["on"])
seen["admin add"] = editor.post(add, data).status_code
shared = Dataset.objects.get(title="Sparse Benchmarks")
seen["slug"] = shared.slug
detail = reverse("datasets:detail", args=[shared.slug])

seen["home"] = page("/")
seen["list"] = page(reverse("datasets:list"))
seen["detail"] = page(detail)
seen["hidden detail"] = page(reverse("datasets:detail", args=[hidden.slug]))
seen["topic"] = page(reverse("website:topic", args=["open-data"]))
seen["topic heading"] = '<h2 id="topic-datasets">Datasets</h2>' in get(
    reverse("website:topic", args=["open-data"]))[1]
seen["topics"] = "1 dataset" in get(reverse("website:topics"))[1]
seen["search"] = page(reverse("search:search") + "?q=graphs")
sitemap = get(reverse("sitemap"))[1]
seen["sitemap"] = {
    "list": "<loc>http://testserver/datasets/</loc>" in sitemap,
    "detail": f"<loc>http://testserver{detail}</loc>" in sitemap,
    "hidden": "secret-measurements" in sitemap,
}
seen["feed"] = page(reverse("feeds:datasets_rss"))

# The admin's home and list.
changelist = reverse("admin:datasets_dataset_changelist")
admin_home = get(reverse("admin:index"), editor)[1]
dashboard = admin_home.split('id="dashboard"')[1].split('class="app-portfolio')[0]
seen["admin home"] = {
    "your portfolio": 'id="portfolio-dataset"' in admin_home,
    "public": bool(re.search(
        f'<a href="{changelist}">Datasets</a>' + r"\s*</th>\s*<td>1</td>", dashboard)),
    "hidden": f'<a href="{changelist}?is_published__exact=0">1</a>' in dashboard,
}
actions = get(changelist, editor)[1]
seen["admin actions"] = 'value="make_public"' in actions and 'value="make_hidden"' in actions

# Cached for visitors, and a save in the admin shows at once, in the edit history.
# (Its first visit was above.)
seen["cached"] = [seen["detail"]["cache"], page(detail)["cache"]]
change = reverse("admin:datasets_dataset_change", args=[shared.pk])
data = form_data(editor, change)
data["title"] = ["Sparse Benchmarks, Second Edition"]
seen["admin change"] = editor.post(change, data).status_code
response, body = get(detail)
seen["after save"] = {"cache": response.get("X-Cache"), "new title": "Second Edition" in body}
versions = Version.objects.get_for_object(shared).order_by("pk")
seen["versions"] = versions.count()
versions.first().revision.revert(delete=True)
shared.refresh_from_db()
seen["reverted title"] = shared.title

# A new slug: the old address leads to the new one.
shared.slug = "sparse-benchmarks-v2"
shared.save()
response = visitor.get(detail)
seen["old address"] = [response.status_code, response.get("Location")]

# The static build.
call_command("build_site", str(work / "site"), base_url="https://example.org/",
             stdout=io.StringIO(), stderr=io.StringIO())
built = {p.relative_to(work / "site").as_posix() for p in (work / "site").rglob("*.html")}
seen["built"] = sorted(name for name in built if "datasets" in name)
seen["built redirect"] = bool(re.search(
    r'http-equiv="refresh" content="0; url=[^"]*sparse-benchmarks-v2/"',
    (work / "site" / "datasets" / "sparse-benchmarks" / "index.html").read_text(encoding="utf-8")))

# The CV fixture: written, then loaded back into a database without datasets.
call_command("export_cv", str(work / "cv.json"), stdout=io.StringIO(), stderr=io.StringIO())
rows = json.loads((work / "cv.json").read_text(encoding="utf-8"))
seen["exported"] = sorted(r["fields"]["slug"] for r in rows if r["model"] == "datasets.dataset")
Dataset.objects.all().delete()
call_command("load_cv", str(work / "cv.json"), stdout=io.StringIO())
seen["loaded"] = {d.slug: sorted(d.tags.names()) for d in Dataset.objects.all()}

# A backup, restored into the emptied database.
call_command("backup", str(work / "backup.tar.gz"), stdout=io.StringIO())
call_command("flush", interactive=False, verbosity=0)
seen["emptied"] = Dataset.objects.count()
call_command("restore", str(work / "backup.tar.gz"), stdout=io.StringIO())
seen["restored"] = {d.slug: sorted(d.tags.names()) for d in Dataset.objects.all()}
(work / "seen.json").write_text(json.dumps(seen), encoding="utf-8")
"""


@pytest.fixture(scope="module")
def followed(tmp_path_factory):
    """The copy with the recipe followed, and what its checks saw."""
    work = tmp_path_factory.mktemp("recipe")
    copy = work / "project"
    tracked = tracked_files()
    for name in tracked:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)

    blocks = recipe_blocks()
    for language, name, text in blocks:
        target = copy / name
        if language == "diff":
            target.write_text(
                apply_diff(target.read_text(encoding="utf-8"), text, name), encoding="utf-8"
            )
        else:
            assert not target.exists(), f"the recipe overwrites {name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    kept_out = ("DJANGO_RETIRED", "DATABASE_URL", "CACHE_URL", "PYTHON")
    env = {k: v for k, v in os.environ.items() if not k.startswith(kept_out)}
    # The suite in the copy sets its own settings, as it does here.
    suite_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL"))
    }
    # The suite's settings (pyproject.toml), with everything the copy writes kept
    # outside it, and the page cache on, as tests/test_page_cache.py has it.
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings",
        DJANGO_DEBUG="0",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        CACHE_URL=f"file://{work / 'cache'}",
        DJANGO_PAGE_CACHE="1",
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_STATIC_ROOT=str(work / "static"),
        PYTHONDONTWRITEBYTECODE="1",
    )

    def run(*args):
        result = subprocess.run(
            [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("manage.py", "makemigrations", "datasets")
    run("manage.py", "migrate", "--noinput")
    run("-c", CHECKS, str(work))
    seen = json.loads((work / "seen.json").read_text(encoding="utf-8"))
    # The suite's tests that go over every registered type (the public pages' query
    # counts, the topic pages, the admin's home), run in the copy as the suite runs.
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *EVERY_TYPE_TESTS],
        cwd=copy, env={**suite_env, "PYTHONDONTWRITEBYTECODE": "1"}, capture_output=True,
        text=True, timeout=600, check=False,
    )  # fmt: skip
    return {"blocks": blocks, "copy": copy, "tracked": tracked, "seen": seen, "suite": suite}


def test_the_recipe_gives_every_file_it_names(followed):
    names = [name for _, name, _ in followed["blocks"]]
    assert len(names) == len(set(names))
    assert {"portfolio/datasets/models.py", "portfolio/datasets/apps.py",
            "templates/includes/dataset_item.html", *EDITED_FILES} <= set(names)  # fmt: skip
    # The checks ran the copy's code, not the project's.
    assert Path(followed["seen"]["code"]).is_relative_to(followed["copy"])


def test_it_touches_only_the_new_app_its_templates_the_settings_and_the_urls(followed):
    copy, tracked = files_of(followed["copy"]), followed["tracked"]
    original = {name: (ROOT / name).read_bytes() for name in tracked}
    added = set(copy) - set(original)
    changed = {name for name in original if name in copy and copy[name] != original[name]}
    assert set(original) <= set(copy)
    assert changed == EDITED_FILES
    assert added, "nothing was written"
    assert all(NEW_FILES.fullmatch(name) for name in added), sorted(added)
    assert "portfolio/datasets/migrations/0001_initial.py" in added


def test_the_suite_still_passes_with_the_new_type(followed):
    suite = followed["suite"]
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-3000:]
    assert " passed" in suite.stdout and " failed" not in suite.stdout


def test_its_pages_show_public_entries_only(followed):
    seen = followed["seen"]
    assert seen["admin add"] == 302 and seen["slug"] == "sparse-benchmarks"
    for name in ("list", "detail"):
        assert seen[name]["status"] == 200 and seen[name]["h1"] == 1, name
        assert seen[name]["public"] and not seen[name]["hidden"], name
    assert seen["hidden detail"]["status"] == 404


def test_it_is_in_the_navigation_while_it_has_a_public_entry(followed):
    assert not followed["seen"]["home, hidden only"]["nav"]
    assert followed["seen"]["home"]["nav"]


def test_it_is_on_the_topic_pages_in_the_sitemap_the_search_and_its_feed(followed):
    seen = followed["seen"]
    assert seen["topic"]["public"] and not seen["topic"]["hidden"]
    assert seen["topic heading"] and seen["topics"]
    assert seen["sitemap"] == {"list": True, "detail": True, "hidden": False}
    assert seen["search"]["public"] and not seen["search"]["hidden"]
    assert seen["feed"]["status"] == 200
    assert seen["feed"]["public"] and not seen["feed"]["hidden"]


def test_it_is_in_the_admin_with_its_history_and_a_save_shows_on_the_cached_page(followed):
    seen = followed["seen"]
    assert seen["admin home"] == {"your portfolio": True, "public": True, "hidden": True}
    assert seen["admin actions"]
    assert seen["cached"] == ["MISS", "HIT"]
    assert seen["admin change"] == 302
    assert seen["after save"] == {"cache": "MISS", "new title": True}
    assert seen["versions"] == 2  # the addition and the change
    assert seen["reverted title"] == "Sparse Benchmarks"
    assert seen["old address"] == [301, "/datasets/sparse-benchmarks-v2/"]


def test_it_is_built_exported_loaded_backed_up_and_restored(followed):
    seen = followed["seen"]
    assert seen["built"] == ["datasets/index.html", "datasets/sparse-benchmarks-v2/index.html",
                             "datasets/sparse-benchmarks/index.html"]  # fmt: skip
    assert seen["built redirect"]  # the old address leads to the new one
    assert seen["exported"] == ["secret-measurements", "sparse-benchmarks-v2"]
    expected = {"secret-measurements": ["Open data"], "sparse-benchmarks-v2": ["Open data"]}
    assert seen["loaded"] == expected
    assert seen["emptied"] == 0
    assert seen["restored"] == expected
