"""A checkout of a site made with another theme, read safely, and what reading it
yields.

Every path is inside the checkout: no absolute path, no ``..``, no symbolic link
that leads out. The number of files looked at and the bytes read are bounded, so
that a huge or hostile repository is refused with a clear message instead of
filling memory. What a theme reader takes is marked as used; ``unused()`` then
lists every other file, so that nothing is left out without a word.
"""

import datetime
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from django.core.files.base import ContentFile

from portfolio.publications.records import Record

from ...outcomes import Outcome
from ...records import EntryRecord

# Bounds on what one import reads.
MAX_FILES = 20_000  # files in the checkout, .git and the build folders aside
MAX_TEXT_BYTES = 2 * 1024 * 1024  # one Markdown, YAML, JSON or BibTeX file
MAX_FILE_BYTES = 50 * 1024 * 1024  # one image or PDF (the upload checks are stricter)
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # everything read

# Folders that are never content: version control, dependencies, the built site.
SKIPPED_FOLDERS = {".git", "node_modules", "_site", "public", "resources", ".jekyll-cache"}


class SiteError(ValueError):
    """The checkout cannot be read at all (not a folder, too large, no theme)."""


class UnsafePath(ValueError):
    """A path that leaves the checkout, or a file that is too large."""


@dataclass
class Unused:
    """A file, or a field of one, that the import does not bring in, and why."""

    path: str
    reason: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else self.path
        return f"{where}: {self.reason}"


@dataclass
class SiteData:
    """What a theme reader made of a checkout: publications (through the one
    pipeline), the other entries (the entry writer), the items it could not
    read (error outcomes), what it left out, and the images its bodies show."""

    theme: str
    records: list[Record] = field(default_factory=list)
    entries: list[EntryRecord] = field(default_factory=list)
    errors: list[Outcome] = field(default_factory=list)
    unused: list[Unused] = field(default_factory=list)
    # Images the bodies show, by their path in the checkout: (file, description).
    images: dict = field(default_factory=dict)


class Repository:
    """A checkout of a site, read through paths relative to its root
    ("_bibliography/papers.bib")."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise SiteError(f"{root} is not a folder.")
        self.used: set[str] = set()
        self.read_bytes = 0
        self._files: list[str] | None = None

    # Paths ---------------------------------------------------------------------

    def path(self, relative: str) -> Path:
        """The file at ``relative``, which must stay inside the checkout."""
        pure = PurePosixPath(str(relative).replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise UnsafePath(f"{relative}: not a path inside the repository")
        full = self.root.joinpath(*pure.parts)
        try:
            resolved = full.resolve(strict=False)
        except (OSError, RuntimeError) as error:  # a loop of links
            raise UnsafePath(f"{relative}: cannot be followed ({error})") from None
        if not resolved.is_relative_to(self.root):
            raise UnsafePath(f"{relative}: a link to a file outside the repository")
        return resolved

    def exists(self, relative: str) -> bool:
        try:
            return self.path(relative).is_file()
        except (UnsafePath, OSError):  # OSError: a name too long, say
            return False

    def is_dir(self, relative: str) -> bool:
        try:
            return self.path(relative).is_dir()
        except (UnsafePath, OSError):
            return False

    def files(self) -> list[str]:
        """Every file of the checkout, as a relative path, sorted; folders that are
        never content (.git, the built site) left out."""
        if self._files is None:
            found = []
            for folder, dirs, names in os.walk(self.root, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
                for name in names:
                    found.append((Path(folder) / name).relative_to(self.root).as_posix())
                    if len(found) > MAX_FILES:
                        raise SiteError(
                            f"The repository has more than {MAX_FILES:,} files; "
                            "import a copy without its build output and archives."
                        )
            self._files = sorted(found)
        return self._files

    def glob(self, folder: str, suffixes: tuple[str, ...] = (".md", ".markdown")) -> list[str]:
        """The files under ``folder`` (at any depth) whose names end in ``suffixes``."""
        prefix = folder.rstrip("/") + "/"
        return [
            name
            for name in self.files()
            if name.startswith(prefix) and name.lower().endswith(suffixes)
        ]

    # Reading -------------------------------------------------------------------

    def _read(self, relative: str, limit: int) -> bytes:
        full = self.path(relative)
        try:
            size = full.stat().st_size if full.is_file() else None
        except OSError as error:
            raise UnsafePath(f"{relative}: cannot be read ({error.strerror})") from None
        if size is None:
            raise UnsafePath(f"{relative}: no such file")
        if size > limit:
            raise UnsafePath(
                f"{relative}: {size / 1048576:.1f} MB; the limit is {limit / 1048576:g} MB"
            )
        if self.read_bytes + size > MAX_TOTAL_BYTES:
            raise SiteError(
                f"The import stopped after reading {self.read_bytes / 1048576:.0f} MB; "
                f"the limit is {MAX_TOTAL_BYTES / 1048576:g} MB."
            )
        self.read_bytes += size
        self.used.add(full.relative_to(self.root).as_posix())
        try:
            return full.read_bytes()
        except OSError as error:  # unreadable: permissions, a fifo
            raise UnsafePath(f"{relative}: cannot be read ({error.strerror})") from None

    def text(self, relative: str) -> str:
        """The file as UTF-8 text (a byte-order mark dropped, line ends made \\n)."""
        data = self._read(relative, MAX_TEXT_BYTES)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnsafePath(f"{relative}: not UTF-8 text ({error.reason})") from None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def file(self, relative: str) -> ContentFile:
        """The file's bytes, named by its file name, for the upload checks."""
        return ContentFile(self._read(relative, MAX_FILE_BYTES), name=PurePosixPath(relative).name)

    def mark_used(self, relative: str) -> None:
        self.used.add(relative)

    def data(self, relative: str):
        """A YAML, TOML or JSON data file, by its suffix."""
        text = self.text(relative)
        suffix = PurePosixPath(relative).suffix.lower()
        try:
            if suffix == ".toml":
                return tomllib.loads(text)
            if suffix == ".json":
                return json.loads(text)
            return yaml.safe_load(text)
        except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
            # ValueError: JSON's errors, and a date YAML cannot make (2024-13-45).
            raise UnsafePath(f"{relative}: cannot be read ({first_line(error)})") from None

    def page(self, relative: str) -> tuple[dict, str]:
        """A Markdown file's front matter (YAML between ``---`` lines, or TOML
        between ``+++`` lines, as Hugo writes it) and its body."""
        return front_matter(self.text(relative), relative)

    def unused(self, machinery: dict[str, str]) -> list[Unused]:
        """Every file not read, with why: ``machinery`` maps a folder or file of the
        theme itself (its layouts, styles, scripts) to what it is, listed once
        with the number of its files; any other file is listed by name."""
        out: list[Unused] = []
        grouped: dict[str, int] = {}
        for name in self.files():
            if name in self.used:
                continue
            owner = next(
                (
                    place
                    for place in machinery
                    if name == place or name.startswith(place.rstrip("/") + "/")
                ),
                None,
            )
            if owner is not None:
                grouped[owner] = grouped.get(owner, 0) + 1
            else:
                out.append(Unused(name, "not content the import knows"))
        for place, count in grouped.items():
            files = f"{count} file{'s' if count != 1 else ''}"
            out.append(Unused(place, f"{machinery[place]} ({files}): not content"))
        return sorted(out, key=lambda u: u.path)


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


_YAML_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
_TOML_FRONT = re.compile(r"\A\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*(?:\n|\Z)", re.S | re.M)


def front_matter(text: str, where: str = "") -> tuple[dict, str]:
    """(front matter, body) of a Markdown page; ({}, text) when it has none."""
    for pattern, load in ((_YAML_FRONT, yaml.safe_load), (_TOML_FRONT, tomllib.loads)):
        match = pattern.match(text)
        if not match:
            continue
        try:
            meta = load(match.group(1)) or {}
        except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
            raise UnsafePath(
                f"{where}: its front matter cannot be read ({first_line(error)})"
            ) from None
        if not isinstance(meta, dict):
            raise UnsafePath(f"{where}: its front matter is not a set of fields")
        return meta, text[match.end() :]
    return {}, text


# Template tags a Markdown body may hold: Liquid ({% include x %}, {{ page.title }})
# and Hugo shortcodes ({{< figure >}}, {{% callout %}}). The site's own root is
# the only one with a meaning here.
# Each bounded: a tag left open costs a bounded scan.
_TEMPLATE_TAG = re.compile(r"\{\{[<%].{0,2000}?[%>]\}\}|\{%.{0,2000}?%\}|\{\{.{0,2000}?\}\}", re.S)
_ROOT = re.compile(r"\{\{-?\s*(?:site\.baseurl|site\.url|base_path|\.Site\.BaseURL)\s*-?\}\}")


def without_template_tags(text: str, path: str) -> tuple[str, list[Unused]]:
    """The body with the old site's template tags taken out, each named: the
    site's root (``{{ site.baseurl }}``) becomes this site's root, "" before a
    path; every other tag cannot be rendered here."""
    text = _ROOT.sub("", text)
    unused = []

    def drop(match: re.Match) -> str:
        tag = " ".join(match.group(0).split())
        line = text.count("\n", 0, match.start()) + 1
        kind = "Hugo shortcode" if tag.startswith(("{{<", "{{%")) else "Liquid tag"
        unused.append(
            Unused(path, f"{kind} {shorten(tag)} cannot be rendered here", f"line {line}")
        )
        return ""

    return _TEMPLATE_TAG.sub(drop, text), unused


def cut(value: str, limit: int, path: str, name: str, unused: list[Unused]) -> str:
    """``value`` within the ``limit`` characters its field keeps; when it is cut,
    the field ``name`` of ``path`` is named in ``unused``."""
    if len(value) > limit:
        unused.append(Unused(path, f"cut to {limit} characters", name))
        return value[: limit - 1].rstrip() + "…"
    return value


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_date(value) -> datetime.date | None:
    """A front matter date (YAML reads 2024-05-01 as a date; Hugo writes
    2024-05-01T00:00:00Z; al-folio writes "2015-10-22 15:59:00-0400")."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(value or ""))
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def as_list(value) -> list:
    """A front matter value that may be one item, a list, or a comma-separated string."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str) and "," in value:
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]
