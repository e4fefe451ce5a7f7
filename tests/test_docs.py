"""The README and docs/ hold together: their links lead to files and headings that
exist, every page of docs/ can be reached from the README, and the settings table
names exactly the environment variables the settings read."""

import ast
import re
from pathlib import Path

import pytest

from site_config import env

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS_PAGE = ROOT / "docs" / "deploy.md"


def prose(text: str) -> str:
    """The text without its code blocks and code spans, where brackets are code."""
    text = re.sub(r"^[ \t]*```.*?^[ \t]*```[^\n]*$", "", text, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def links(page: Path) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", prose(page.read_text(encoding="utf-8")))


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings."""
    found, seen = set(), {}
    for heading in re.findall(r"^#+ (.+)$", prose(page.read_text(encoding="utf-8")), flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(f"{slug}-{count}" if count else slug)
    return found


def broken_links(page: Path) -> list[str]:
    broken = []
    for link in links(page):
        if re.match(r"[a-z]+:", link):  # https:, mailto:: another site's
            continue
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        missing_heading = anchor and (target.suffix != ".md" or anchor not in anchors(target))
        if not target.exists() or missing_heading:
            broken.append(link)
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_link_leads_to_a_file_and_heading_that_exist(page):
    assert broken_links(page) == []


def test_a_link_to_a_missing_file_or_heading_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## A section\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](other.md) [ok](other.md#a-section) [ok](#page) [ok](https://x.org/#y)\n"
        "[bad](missing.md) [bad](other.md#no-such-section) [bad](#nowhere)\n"
        "`[code](not-a-link.md)`\n"
    )
    assert broken_links(page) == ["missing.md", "other.md#no-such-section", "#nowhere"]


def test_every_page_of_docs_can_be_reached_from_the_readme():
    reached, todo = set(), [ROOT / "README.md"]
    while todo:
        page = todo.pop()
        if page in reached or not page.exists():  # a missing page is a broken link
            continue
        reached.add(page)
        for link in links(page):
            path = link.partition("#")[0]
            if path.endswith(".md") and not re.match(r"[a-z]+:", path):
                todo.append((page.parent / path).resolve())
    assert sorted(p.name for p in PAGES if p not in reached) == []


# --- The settings table ---------------------------------------------------------------------
def documented_variables(page: Path = SETTINGS_PAGE) -> set[str]:
    """The variables of the first table under "## Settings"."""
    section = page.read_text(encoding="utf-8").split("\n## Settings\n", 1)[1]
    table = re.search(r"^\|.*?(?=\n\n|\Z)", section, flags=re.M | re.S).group(0)
    rows = table.splitlines()[2:]  # after the header and its rule
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def variables_read_by_the_settings() -> set[str]:
    """The names the settings pass to site_config/env.py's readers, from the source."""
    tree = ast.parse((ROOT / "site_config" / "settings.py").read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "env"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def test_the_settings_table_lists_exactly_the_variables_read():
    read = variables_read_by_the_settings() | env.SERVER_VARIABLES
    documented = documented_variables()
    assert sorted(read - documented) == [], "read but not in the table"
    assert sorted(documented - read) == [], "in the table but not read"


def test_the_variables_read_are_those_the_settings_recorded_as_read():
    # The source and the running settings agree: no variable is read around env.py.
    assert variables_read_by_the_settings() | env.SERVER_VARIABLES == env.read_names()


def test_a_table_row_too_many_or_too_few_is_found(tmp_path):
    text = SETTINGS_PAGE.read_text(encoding="utf-8")
    row = "| `DJANGO_TIME_ZONE` | `UTC` | The site's time zone. |\n"
    assert row in text
    fewer = tmp_path / "fewer.md"
    fewer.write_text(text.replace(row, ""))
    assert documented_variables() - documented_variables(fewer) == {"DJANGO_TIME_ZONE"}
    more = tmp_path / "more.md"
    more.write_text(text.replace(row, row + "| `DJANGO_TIME_ZONES` | none | Made up. |\n"))
    assert documented_variables(more) - documented_variables() == {"DJANGO_TIME_ZONES"}


def test_the_example_environment_sets_only_variables_the_site_reads():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.M)
    assert "DJANGO_SECRET_KEY" in names and "DJANGO_ALLOWED_HOSTS" in names
    assert sorted(set(names) - env.read_names()) == []


# A file of the project named in a code span, e.g. `portfolio/core/registry.py`.
NAMED_PATH = re.compile(
    r"`((?:portfolio|site_config|templates|tests|fixtures|docs|\.ci)/[\w./-]*[\w/])`"
)


def missing_paths(page: Path, text: str | None = None) -> list[str]:
    """The project's files and folders the page names that do not exist. Left out:
    the files the recipe for a new content type makes (its ``dataset``), and what
    each owner's export writes beside the fixture (uploaded files, private fields)."""
    text = page.read_text(encoding="utf-8") if text is None else text
    return [
        name
        for name in NAMED_PATH.findall(text)
        if "dataset" not in name
        and not name.endswith(".private.json")
        and not name.startswith("fixtures/media/")
        and not (ROOT / name).exists()
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_file_a_page_names_exists(page):
    assert missing_paths(page) == []


def test_a_moved_file_named_by_a_page_is_found():
    text = "The page cache (`portfolio/core/pagecache.py`) and `portfolio/pagecache/`."
    assert missing_paths(PAGES[0], text) == ["portfolio/core/pagecache.py"]
