"""A site made with al-folio (github.com/alshedivat/al-folio), a Jekyll theme.

What comes in: the publications of its bibliography (``_bibliography/papers.bib``,
or the file ``_config.yml`` names under ``scholar:``) in al-folio's dialect of
BibTeX, with their PDFs and preview images; the profile (the name and email of
``_config.yml``, the photo, subtitle and text of ``_pages/about.md``); the social
links of ``_data/socials.yml`` (or, in older versions, of ``_config.yml``); the
news (``_news/``), the projects (``_projects/``), the pages of ``_pages/`` that
hold text of their own, and the education, employment and awards of the CV
(``_data/cv.yml``). Everything else is named with why it is left out.
"""

import re
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portfolio.importing.matching import normalise_name
from portfolio.importing.outcomes import Action, Outcome
from portfolio.importing.records import EntryRecord
from portfolio.importing.sources import bibtex
from portfolio.importing.sources.orcid import profile_link_kind
from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile, ProfileLink
from portfolio.projects.models import Project, ProjectLink
from portfolio.publications.bibtex.latex import to_text, verbatim_text
from portfolio.publications.identifiers import arxiv_id_in, arxiv_url
from portfolio.publications.links import link_kind_of
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record
from portfolio.richtext.markdown import markdown_text

from ...markup import inline_text
from . import jsonresume
from .bodies import html_to_markdown
from .repository import (
    Repository,
    SiteData,
    UnsafePath,
    Unused,
    as_date,
    as_list,
    shorten,
    without_template_tags,
)

NAME = "al-folio"
LABEL = "al-folio"
MACHINERY = {
    "_layouts": "the theme's page layouts",
    "_includes": "the theme's page parts",
    "_sass": "the theme's styles",
    "_plugins": "the theme's Jekyll plugins",
    "_scripts": "the theme's scripts",
    "assets/js": "the theme's scripts",
    "assets/css": "the theme's styles",
    "assets/fonts": "the theme's fonts",
    "assets/webfonts": "the theme's fonts",
    "bin": "the theme's build scripts",
    ".github": "the repository's GitHub workflows and templates",
    ".devcontainer": "the theme's development container",
    "Gemfile": "the theme's Ruby dependencies",
    "Gemfile.lock": "the theme's Ruby dependencies",
    "Dockerfile": "the theme's container",
    "docker-compose.yml": "the theme's container",
    "docker-compose-slim.yml": "the theme's container",
    "package.json": "the theme's formatting tools",
    "package-lock.json": "the theme's formatting tools",
    "purgecss.config.js": "the theme's build settings",
    ".pre-commit-config.yaml": "the theme's formatting tools",
    ".prettierrc": "the theme's formatting tools",
    ".prettierignore": "the theme's formatting tools",
    ".gitignore": "the repository's settings",
    ".gitattributes": "the repository's settings",
    "README.md": "the theme's documentation",
    "CUSTOMIZE.md": "the theme's documentation",
    "INSTALL.md": "the theme's documentation",
    "FAQ.md": "the theme's documentation",
    "CONTRIBUTING.md": "the theme's documentation",
    "CODE_OF_CONDUCT.md": "the theme's documentation",
    "LICENSE": "the theme's licence",
}

SOURCE = "site"
CONFIG = "_config.yml"
ABOUT = "_pages/about.md"
SOCIALS = "_data/socials.yml"
CV = "_data/cv.yml"
RESUME = "assets/json/resume.json"
PDFS = "assets/pdf"
PREVIEWS = "assets/img/publication_preview"
IMAGES = "assets/img"

LAYOUT = "the old theme's page layout"
PERMALINK = "addresses here are the site's own"


def detect(repo: Repository) -> int:
    """al-folio keeps its bibliography in _bibliography/, its news in _news/ and its
    social links in _data/socials.yml; its layout of one publication, bib.liquid
    (bib.html before), is its own."""
    score = 0
    if repo.is_dir("_bibliography"):
        score += 3
    if repo.exists("_layouts/bib.liquid") or repo.exists("_layouts/bib.html"):
        score += 3
    if repo.is_dir("_news"):
        score += 1
    if repo.exists(SOCIALS):
        score += 1
    # _pages/about.md and _config.yml are any Jekyll site's (academicpages has them).
    return score


def read(repo: Repository) -> SiteData:
    data = SiteData(NAME)
    site = Site(repo, data)
    site.config()
    site.profile()
    site.socials()
    site.publications()
    site.news()
    site.projects()
    site.pages()
    site.cv()
    site.others()
    return data


def entry(model: str, path: str, label: str, values: dict, suffix: str = "", **extra):
    key = f"{path}#{suffix}" if suffix else path
    return EntryRecord(model, key, label, SOURCE, f"{SOURCE}:{key}", values, **extra)


def error(path: str, message: str, title: str = "") -> Outcome:
    return Outcome(key=path, line=0, action=Action.ERROR, title=title, message=message)


def fits(model, name: str, value: str) -> bool:
    return len(value) <= model._meta.get_field(name).max_length


def one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def truthy(value) -> bool:
    return str(value).strip().lower() in {"true", "yes", "1", "on"}


# Liquid that al-folio's pages use to show a picture or name a file of the site:
# the picture becomes a Markdown image and the file its address from the root.
# Each repetition is bounded: a tag left open costs a bounded scan, not the rest of
# the file.
_FIGURE = re.compile(r"\{%-?\s*include\s+figure\.(?:liquid|html)\b(.{0,2000}?)-?%\}", re.S)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*("[^"]*"|'[^']*'|[^\s"']+)""")
_RELATIVE = re.compile(
    r"""\{\{-?\s*(["'])([^"'{}]*)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}"""
)


def markdown_of(text: str, path: str) -> tuple[str, list[Unused]]:
    """A body with al-folio's figures as Markdown images and its other template
    tags taken out (each named)."""

    def figure(match: re.Match) -> str:
        attributes = {
            name: value for name, value in _ATTRIBUTE.findall(match.group(1)) if value[0] in "\"'"
        }
        source = attributes.get("path", "")[1:-1]
        if not source:
            return match.group(0)  # a path from a variable: named with the other tags
        alt = next(
            (attributes[n][1:-1] for n in ("alt", "title", "caption") if n in attributes), ""
        )
        address = source if re.match(r"^(?:https?:)?//|^/", source) else f"/{source}"
        return f"![{alt}]({address})"

    text = _RELATIVE.sub(lambda match: match.group(2), _FIGURE.sub(figure, text))
    body, unused = without_template_tags(text, path)
    return body.strip(), unused


def plain(markdown: str) -> str:
    """The words of a Markdown text on one line."""
    return one_line(markdown_text(markdown))


def first_sentence(markdown: str, limit: int) -> str:
    """The words of the first line or sentence of a Markdown text, within ``limit``."""
    line = next((line for line in markdown_text(markdown).splitlines() if line.strip()), "")
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", one_line(line), maxsplit=1)[0]
    return shorten(sentence, limit)


def year_range(value) -> tuple[int | None, int | None, bool] | None:
    """(start, end, ongoing) of "1905", "1933 - 1955", "2015-now", "Sep 2019 – present";
    None when it is not a year or a range of years."""
    text = one_line(value)
    if not text:
        return None
    parts = re.split(r"\s*[-–—]\s*|\s+to\s+", text, maxsplit=1)
    years = [re.fullmatch(r"(?:[A-Za-z]{3,9}\.?\s+)?(\d{4})", part.strip()) for part in parts]
    if not years[0]:
        return None
    start = int(years[0].group(1))
    if len(parts) == 1:
        return start, start, False
    if re.fullmatch(r"(?i)now|present|current|ongoing|today", parts[1].strip()):
        return start, None, True
    if not years[1]:
        return None
    return start, int(years[1].group(1)), False


def markdown_list(items, depth: int = 0) -> str:
    """al-folio's CV descriptions (strings, or {title, contents} for a sub-list) as a
    Markdown list; one string is a paragraph."""
    if isinstance(items, str):
        return items.strip()
    lines = []
    for item in as_list(items):
        if isinstance(item, dict):
            lines.append(f"{'  ' * depth}- {one_line(item.get('title', ''))}")
            sub = markdown_list(item.get("contents") or item.get("items") or [], depth + 1)
            lines += [sub] if sub else []
        elif str(item).strip():
            lines.append(f"{'  ' * depth}- {one_line(item)}")
    return "\n".join(lines)


class Site:
    """One reading of a checkout: what it holds goes into ``data``."""

    def __init__(self, repo: Repository, data: SiteData):
        self.repo = repo
        self.data = data
        self.settings: dict = {}
        self.profile_values: dict = {}
        self.profile_files: dict = {}
        self.owner_name: tuple[str, str] = ("", "")

    # What is left out ------------------------------------------------------------

    def unused(self, path: str, reason: str, field: str = "") -> None:
        self.data.unused.append(Unused(path, reason, field))

    def skip(self, path: str, reason: str) -> None:
        """A file read, or seen, and deliberately not brought in."""
        self.unused(path, reason)
        self.repo.mark_used(path)

    def load(self, path: str, read):
        """``read(path)``, or None with the file's error when it cannot be read."""
        try:
            return read(path)
        except UnsafePath as problem:
            self.data.errors.append(error(path, str(problem)))
            return None

    def fields_left(self, path: str, meta: dict, used=(), reasons=None) -> None:
        """Each field of ``meta`` with a value, but those ``used``, as left out."""
        reasons = reasons or {}
        for name, value in meta.items():
            if name in used or value in (None, "", [], {}):
                continue
            self.unused(path, reasons.get(name, "not a field the site has for it"), name)

    def file(self, path: str, field: str, where: str):
        """The file at ``path`` for ``field``, or None and why in the list of what is
        left out."""
        try:
            return self.repo.file(path)
        except UnsafePath as problem:
            self.unused(where, str(problem), field)
            return None

    # _config.yml -------------------------------------------------------------------

    def config(self) -> None:
        if not self.repo.exists(CONFIG):
            return
        settings = self.load(CONFIG, self.repo.data)
        if not isinstance(settings, dict):
            if settings is not None:
                self.data.errors.append(error(CONFIG, f"{CONFIG}: not a set of settings"))
            return
        self.settings = settings
        first, middle, last = (one_line(settings.get(n)) for n in NAME_FIELDS)
        name = " ".join(part for part in (first, middle, last) if part)
        if name:
            if fits(Profile, "name", name):
                self.profile_values["name"] = name
                self.owner_name = (" ".join(p for p in (first, middle) if p), last)
            else:
                self.unused(CONFIG, "longer than a name here holds", "first_name")
        email = one_line(settings.get("email"))
        if email:
            self.profile_values["email"] = email
        for field, reason in CONFIG_FIELDS.items():
            value = settings.get(field)
            if field == "title" and one_line(value).lower() in {"", "blank"}:
                continue
            if value not in (None, "", [], {}):
                self.unused(CONFIG, reason, field)
        known = {*NAME_FIELDS, "email", "scholar", *CONFIG_FIELDS, *SOCIAL_URLS, *SOCIAL_OTHER}
        rest = [name for name in settings if name not in known]
        if rest:
            self.unused(
                CONFIG,
                "the theme's settings (layout, collections, plugins, analytics…): not content",
                f"{len(rest)} other settings",
            )

    # The profile -------------------------------------------------------------------

    def profile(self) -> None:
        values, files = self.profile_values, self.profile_files
        if self.repo.exists(ABOUT):
            page = self.load(ABOUT, self.repo.page)
            if page is not None:
                meta, body = page
                bio, unused = markdown_of(body, ABOUT)
                self.data.unused += unused
                if bio:
                    values["bio"] = bio
                subtitle = inline_text(_RELATIVE.sub(r"\2", str(meta.get("subtitle") or "")))
                if subtitle and fits(Profile, "headline", subtitle):
                    values["headline"] = subtitle
                elif subtitle:
                    self.unused(ABOUT, "longer than the 200 characters of a headline", "subtitle")
                about = meta.get("profile") if isinstance(meta.get("profile"), dict) else {}
                image = one_line(about.get("image"))
                if image:
                    photo = self.file(f"{IMAGES}/{image.lstrip('/')}", "profile: image", ABOUT)
                    if photo:
                        files["photo"] = photo
                self.fields_left(ABOUT, {f"profile: {k}": v for k, v in about.items()},
                                 {"profile: image"}, PROFILE_REASONS)  # fmt: skip
                self.fields_left(ABOUT, {k: v for k, v in meta.items() if k != "profile"},
                                 {"subtitle"}, ABOUT_REASONS)  # fmt: skip
        if values.get("email"):
            try:
                validate_email(values["email"])
            except ValidationError:
                self.unused(CONFIG, f"{values.pop('email')!r} is not an email address", "email")
        if values or files:
            self.data.entries.append(entry("profile", CONFIG, "Profile", values, files=files))

    # Social links -------------------------------------------------------------------

    def socials(self) -> None:
        if self.repo.exists(SOCIALS):
            path = SOCIALS
            socials = self.load(SOCIALS, self.repo.data)
            if socials is not None and not isinstance(socials, dict):
                self.data.errors.append(error(SOCIALS, f"{SOCIALS}: not a set of links"))
                socials = None
            # Versions with _data/socials.yml read no social link from _config.yml.
            for name in (*SOCIAL_URLS, *SOCIAL_OTHER):
                if name != "email" and self.settings.get(name) not in (None, "", False):
                    self.unused(CONFIG, f"al-folio reads its social links from {SOCIALS}", name)
        else:
            path = CONFIG
            socials = {
                name: value
                for name, value in self.settings.items()
                if name in SOCIAL_URLS or name in SOCIAL_OTHER
            }
        for name, value in (socials or {}).items():
            if value in (None, "", False):
                continue
            if name == "email":
                if path == SOCIALS:  # the email of _config.yml is the profile's already
                    self.social_email(one_line(value))
            elif name in SOCIAL_OTHER:
                self.unused(path, SOCIAL_OTHER[name], name)
            elif name in SOCIAL_URLS:
                pattern, title = SOCIAL_URLS[name]
                value = one_line(value)
                url = value if re.match(r"^https?://", value, re.I) else pattern.format(value)
                self.link(path, name, url, title)
            elif isinstance(value, dict) and value.get("url"):
                title = one_line(value.get("title")) or name
                self.link(path, name, one_line(value["url"]), title)
                if value.get("logo"):
                    self.unused(path, "the site draws the icons of links itself", f"{name}: logo")
            else:
                self.unused(path, "not a social link al-folio knows", name)

    def social_email(self, email: str) -> None:
        try:
            validate_email(email)
        except ValidationError:
            self.unused(SOCIALS, f"{email!r} is not an email address", "email")
            return
        here = self.profile_entry_values()
        if here.get("email") not in (None, email):
            self.unused(CONFIG, f"the email of {SOCIALS} is used", "email")
        here["email"] = email

    def profile_entry_values(self) -> dict:
        profile = next((e for e in self.data.entries if e.model == "profile"), None)
        if profile is None:
            profile = entry("profile", CONFIG, "Profile", {})
            self.data.entries.append(profile)
        return profile.values

    def link(self, path: str, name: str, url: str, title: str) -> None:
        kind = profile_link_kind(url)
        label = title if kind == ProfileLink.Kind.OTHER else ""
        values = {"kind": kind, "label": label[:100], "url": url}
        self.data.entries.append(entry("link", path, "Profile link", values, suffix=name))

    # Publications ------------------------------------------------------------------

    def bibliography_path(self) -> str:
        scholar = self.settings.get("scholar")
        scholar = scholar if isinstance(scholar, dict) else {}
        folder = one_line(scholar.get("source") or "_bibliography").strip("/") or "_bibliography"
        name = one_line(scholar.get("bibliography") or "papers.bib")
        return f"{folder}/{name if name.endswith('.bib') else name + '.bib'}"

    def publications(self) -> None:
        path = self.bibliography_path()
        for other in self.repo.glob(path.rsplit("/", 1)[0], (".bib",)):
            if other != path:
                self.skip(
                    other,
                    f"not the site's bibliography ({CONFIG} names {path}): import it with "
                    "manage.py import_bibtex if it holds publications",
                )
        if not self.repo.exists(path):
            return
        text = self.load(path, self.repo.text)
        if text is None:
            return
        dialect = Dialect(self, path)
        records, errors = bibtex.parse(text, dialect=dialect)
        for outcome in errors:
            outcome.message = f"line {outcome.line} of {path}: {outcome.message}"
        owner = self.owner_forms()
        for record in records:
            record.source = SOURCE
            record.source_key = f"{SOURCE}:{path}#{record.key}"
            if owner:
                record.authors = [owner(given, family) for given, family in record.authors]
        self.data.records += records
        self.data.errors += errors

    def owner_forms(self):
        """How al-folio knows the owner among authors (scholar: last_name and
        first_name, each one name or a list), as a function that writes each of
        those forms as the profile's name: the import knows the owner by it."""
        scholar = self.settings.get("scholar")
        scholar = scholar if isinstance(scholar, dict) else {}
        lasts = {normalise_name(str(n)) for n in as_list(scholar.get("last_name"))} - {""}
        firsts = {normalise_name(str(n)) for n in as_list(scholar.get("first_name"))} - {""}
        given, family = self.owner_name
        if not lasts or not firsts:
            return None  # al-folio marks an author only by both
        if not family or normalise_name(family) not in lasts:
            written = ", ".join(str(n) for n in as_list(scholar.get("last_name")))
            self.unused(
                CONFIG,
                f"names the owner among authors as {written}, not as the site's name "
                f"({self.profile_values.get('name') or 'none'}): those authors are not "
                "marked as you; write the same name in first_name and last_name",
                "scholar: last_name",
            )
            return None

        def owner(author_given: str, author_family: str) -> tuple[str, str]:
            if normalise_name(author_family) in lasts and normalise_name(author_given) in firsts:
                return given, family
            return author_given, author_family

        return owner

    # News --------------------------------------------------------------------------

    def news(self) -> None:
        for path in self.repo.glob("_news", (".md", ".markdown", ".html")):
            page = self.load(path, self.repo.page)
            if page is None:
                continue
            meta, body = page
            if not meta:
                self.skip(path, "no front matter: the old site did not show it as news")
                continue
            date = as_date(meta.get("date")) or as_date(PurePosixPath(path).name)
            if date is None:
                self.data.errors.append(error(path, "no date: a news item needs one"))
                continue
            text, unused = markdown_of(body, path)
            inline = truthy(meta.get("inline"))
            title = "" if inline else plain(str(meta.get("title") or ""))
            limit = NewsItem._meta.get_field("title").max_length
            if not title:
                title = first_sentence(text, limit)
            elif len(title) > limit:
                self.unused(path, f"cut to the {limit} characters of a news title", "title")
                title = shorten(title, limit)
            if not title:
                self.data.errors.append(error(path, "no text: a news item needs one"))
                continue
            self.data.unused += unused
            # An item that is one plain sentence is all title; any more, or a link or
            # emphasis in it, and the text keeps it all.
            text = "" if text == title else text
            values = {"title": title, "date": date.isoformat(), "text": text}
            self.data.entries.append(entry("news", path, "News", values))
            self.fields_left(path, meta, {"title", "date", "inline"}, NEWS_REASONS)

    # Projects ----------------------------------------------------------------------

    def projects(self) -> None:
        for path in self.repo.glob("_projects", (".md", ".markdown", ".html")):
            page = self.load(path, self.repo.page)
            if page is None:
                continue
            meta, body = page
            if not meta:
                self.skip(path, "no front matter: the old site did not show it as a project")
                continue
            title = plain(str(meta.get("title") or ""))
            if not title:
                self.data.errors.append(error(path, "no title: a project needs one"))
                continue
            values, links, files = {"title": title}, [], {}
            used = {"title", "description", "img", "github", "redirect"}
            if not fits(Project, "title", title):
                self.data.errors.append(error(path, "its title is longer than a project's 200"))
                continue
            summary = inline_text(str(meta.get("description") or ""))
            if summary and fits(Project, "summary", summary):
                values["summary"] = summary
            elif summary:
                self.unused(path, "longer than the 300 characters of a summary", "description")
            description, unused = markdown_of(body, path)
            self.data.unused += unused
            if description:
                values["description"] = description
            image = one_line(meta.get("img"))
            if re.match(r"^https?://", image, re.I):
                self.unused(path, "an image elsewhere: not downloaded; add it here", "img")
            elif image:
                image = image.lstrip("/")
                found = self.file(image if "/" in image else f"{IMAGES}/{image}", "img", path)
                if found:
                    files["image"] = found
            github = one_line(meta.get("github"))
            if github:
                links.append((ProjectLink.Kind.CODE, f"https://github.com/{github.strip('/')}"))
            redirect = one_line(meta.get("redirect"))
            if re.match(r"^https?://", redirect, re.I):
                links.append((ProjectLink.Kind.WEBSITE, redirect))
            elif redirect:
                self.unused(path, "a page of the old site: not an address here", "redirect")
            self.data.entries.append(
                entry("project", path, "Project", values, links=links, files=files)
            )
            self.fields_left(path, meta, used, PROJECT_REASONS)

    # Free pages --------------------------------------------------------------------

    def pages(self) -> None:
        for path in self.repo.glob("_pages", (".md", ".markdown", ".html")):
            if path == ABOUT:
                continue
            page = self.load(path, self.repo.page)
            if page is None:
                continue
            meta, body = page
            address = one_line(meta.get("permalink")).strip("/")
            name = address or PurePosixPath(path).stem
            if not meta:
                self.skip(path, "no front matter: the old site did not show it as a page")
                continue
            if name in SECTION_PAGES:
                self.skip(path, SECTION_PAGES[name])
                continue
            if meta.get("dropdown"):
                self.skip(path, "a menu of the old site's navigation: the site makes its own")
                continue
            text, unused = markdown_of(body, path)
            if not plain(html_to_markdown(text, path)[0]):
                self.skip(path, "nothing but the old theme's template code: no text to keep")
                continue
            title = plain(str(meta.get("title") or "")) or PurePosixPath(path).stem
            if not fits(Page, "title", title):
                self.data.errors.append(error(path, "its title is longer than a page's 200"))
                continue
            self.data.unused += unused
            values = {"title": title, "body": text, "in_navigation": truthy(meta.get("nav"))}
            order = meta.get("nav_order")
            if isinstance(order, int) and 0 <= order <= 32767:
                values["menu_order"] = order
            self.data.entries.append(entry("page", path, "Page", values))
            self.fields_left(path, meta, {"title", "nav", "nav_order"}, PAGE_REASONS)

    # The CV ------------------------------------------------------------------------

    def cv(self) -> None:
        if self.repo.exists(RESUME):
            # al-folio shows the JSON Resume when there is one.
            jsonresume.read_into(self.data, self.repo, RESUME)
            if self.repo.exists(CV):
                self.unused(CV, f"al-folio shows {RESUME} instead: the CV comes from it")
            return
        if not self.repo.exists(CV):
            return
        sections = self.load(CV, self.repo.data)
        if sections is None:
            return
        if isinstance(sections, dict) and "cv" in sections:
            self.unused(
                CV,
                "a CV in RenderCV's format: not brought in; add its positions and awards here",
            )
            return
        if not isinstance(sections, list):
            self.data.errors.append(error(CV, f"{CV}: not a list of CV sections"))
            return
        for s, section in enumerate(sections, start=1):
            if not isinstance(section, dict):
                self.unused(CV, "not a CV section (title, type, contents)", f"section {s}")
                continue
            title = one_line(section.get("title")) or f"section {s}"
            kind = section_kind(title)
            if kind is None or section.get("type") != "time_table":
                what = section.get("type") or "no type"
                self.unused(CV, f"a section ({what}) the site has no place for", title)
                continue
            for i, item in enumerate(as_list(section.get("contents")), start=1):
                where = f"{title}: {i}"
                if not isinstance(item, dict):
                    self.unused(CV, "not an entry of a time table", where)
                elif kind == "award":
                    self.awards(item, f"{s}.{i}", where)
                else:
                    self.position(kind, item, f"{s}.{i}", where)

    def dates_of(self, item: dict, where: str) -> dict:
        dates = year_range(item.get("year"))
        if dates is None:
            if item.get("year") not in (None, ""):
                self.unused(CV, "not a year or a range of years", f"{where}: year")
            return {"start_year": None}
        start, end, ongoing = dates
        values = {"start_year": start, "end_year": end}
        return {**values, "is_current": True} if ongoing else values

    def position(self, kind: str, item: dict, suffix: str, where: str) -> None:
        title = inline_text(str(item.get("title") or ""))
        values = {
            "kind": kind,
            "organisation": inline_text(str(item.get("institution") or "")),
            **self.dates_of(item, where),
        }
        role = "degree" if kind == Position.Kind.EDUCATION else "role"
        if title and fits(Position, role, title):
            values[role] = title
        elif title:
            self.unused(CV, f"longer than the {role} of a position holds", f"{where}: title")
        location = inline_text(str(item.get("location") or ""))
        if location and fits(Position, "location", location):
            values["location"] = location
        description = markdown_list(item.get("description") or [])
        if description:
            values["description"] = description
        label = Position.Kind(kind).label
        self.data.entries.append(entry("position", CV, label, values, suffix=suffix))
        used = {"title", "institution", "year", "description", "location"}
        self.fields_left(CV, {f"{where}: {k}": v for k, v in item.items() if k not in used})

    def awards(self, item: dict, suffix: str, where: str) -> None:
        titles = as_list(item.get("items")) if "items" in item else [item.get("title")]
        dates = self.dates_of(item, where)
        for j, title in enumerate(titles, start=1):
            title = inline_text(str(title or ""))
            if not title:
                continue
            if not fits(Award, "title", title):
                self.unused(CV, "longer than the 300 characters of an award", f"{where}: {j}")
                continue
            values = {"title": title, **{k: v for k, v in dates.items() if k != "is_current"}}
            self.data.entries.append(entry("award", CV, "Award", values, suffix=f"{suffix}.{j}"))
        used = {"year", "items", "title"}
        self.fields_left(CV, {f"{where}: {k}": v for k, v in item.items() if k not in used})

    # Everything else ---------------------------------------------------------------

    def others(self) -> None:
        for path in self.repo.files():
            if path in self.repo.used:
                continue
            folder = path.split("/", 1)[0]
            if folder in FOLDERS and "/" in path:
                self.skip(path, FOLDERS[folder])
            elif path in DATA_FILES:
                self.skip(path, DATA_FILES[path])


NAME_FIELDS = ("first_name", "middle_name", "last_name")

# The settings of _config.yml that say something of the person or the site.
CONFIG_FIELDS = {
    "title": "the old site's title: the site's title is the profile's name",
    "description": "the old site's description for search engines and feeds",
    "footer_text": "the old site's footer: the site writes its own",
    "keywords": "the old site's keywords for search engines",
    "contact_note": "a note beside the old site's social links: the site has no place for it",
    "url": "the old site's address: the site has its own",
    "baseurl": "the old site's address: the site has its own",
    "blog_name": "the old site's blog: the site has no blog",
    "blog_description": "the old site's blog: the site has no blog",
}

# al-folio's social links (its _includes/social.liquid and assets/js/search-data.js):
# the address each makes of its value, and the name it shows.
SOCIAL_URLS = {
    "acm_id": ("https://dl.acm.org/profile/{}/", "ACM DL"),
    "arxiv_id": ("https://arxiv.org/a/{}.html", "arXiv"),
    "blogger_url": ("{}", "Blogger"),
    "bluesky_url": ("https://bsky.app/profile/{}", "Bluesky"),
    "dblp_url": ("{}", "DBLP"),
    "discord_id": ("https://discord.com/users/{}", "Discord"),
    "facebook_id": ("https://facebook.com/{}", "Facebook"),
    "flickr_id": ("https://www.flickr.com/{}", "Flickr"),
    "github_username": ("https://github.com/{}", "GitHub"),
    "gitlab_username": ("https://gitlab.com/{}", "GitLab"),
    "hal_id": ("https://cv.hal.science/{}", "HAL"),
    "ieee_id": ("https://ieeexplore.ieee.org/author/{}/", "IEEE Xplore"),
    "inspirehep_id": ("https://inspirehep.net/authors/{}", "Inspire HEP"),
    "instagram_id": ("https://instagram.com/{}", "Instagram"),
    "kaggle_id": ("https://www.kaggle.com/{}", "Kaggle"),
    "keybase_username": ("https://keybase.io/{}", "Keybase"),
    "lastfm_id": ("https://www.last.fm/user/{}", "Last FM"),
    "lattes_id": ("https://lattes.cnpq.br/{}", "Lattes"),
    "leetcode_id": ("https://leetcode.com/u/{}/", "LeetCode"),
    "linkedin_username": ("https://www.linkedin.com/in/{}", "LinkedIn"),
    "mastodon_username": ("https://{}", "Mastodon"),
    "medium_username": ("https://medium.com/@{}", "Medium"),
    "orcid_id": ("https://orcid.org/{}", "ORCID"),
    "osf_id": ("https://osf.io/{}/", "Open Science Framework"),
    "pinterest_id": ("https://www.pinterest.com/{}", "Pinterest"),
    "publons_id": ("https://publons.com/a/{}/", "Publons"),
    "quora_username": ("https://www.quora.com/profile/{}", "Quora"),
    "research_gate_profile": ("https://www.researchgate.net/profile/{}/", "ResearchGate"),
    "scholar_userid": ("https://scholar.google.com/citations?user={}", "Google Scholar"),
    "scopus_id": ("https://www.scopus.com/authid/detail.uri?authorId={}", "Scopus"),
    "semanticscholar_id": ("https://www.semanticscholar.org/author/{}", "Semantic Scholar"),
    "spotify_id": ("https://open.spotify.com/user/{}", "Spotify"),
    "stackoverflow_id": ("https://stackoverflow.com/users/{}", "Stack Overflow"),
    "strava_userid": ("https://www.strava.com/athletes/{}", "Strava"),
    "telegram_username": ("https://telegram.me/{}", "Telegram"),
    "twitter_username": ("https://twitter.com/{}", "Twitter"),
    "unsplash_id": ("https://unsplash.com/@{}", "Unsplash"),
    "whatsapp_number": ("https://wa.me/{}", "WhatsApp"),
    "wikidata_id": ("https://www.wikidata.org/wiki/{}", "Wikidata"),
    "wikipedia_id": ("https://wikipedia.org/wiki/User:{}", "Wikipedia"),
    "work_url": ("{}", "Work"),
    "x_username": ("https://twitter.com/{}", "X"),
    "youtube_id": ("https://youtube.com/@{}", "YouTube"),
    "zotero_username": ("https://www.zotero.org/{}", "Zotero"),
}
# The other entries of al-folio's social links, and why they are not links here.
SOCIAL_OTHER = {
    "email": "",
    "rss_icon": "the old site's feed: the site has its own feeds",
    "cv_pdf": "the old site's CV file: the site makes its own CV and its PDF",
    "wechat_qr": "a QR code image: the site has no place for it",
}

ABOUT_REASONS = {
    "layout": LAYOUT,
    "permalink": PERMALINK,
    "title": "the old home page's title: the site's home page is the profile's name",
    "selected_papers": "the home page shows the featured publications (selected={true})",
    "social": "the home page shows the profile's links",
    "announcements": "the home page shows the latest news",
    "news": "the home page shows the latest news",
    "latest_posts": "the old site's blog: the site has no blog",
}
PROFILE_REASONS = {
    "profile: align": "where the old theme put the photo",
    "profile: image_circular": "how the old theme cut the photo",
    "profile: more_info": "the text under the old photo (an address): the profile has no "
    "field for it; add it to the bio if it should stay",
    "profile: address": "the address under the old photo: the profile has no field for it",
}
NEWS_REASONS = {
    "layout": LAYOUT,
    "permalink": PERMALINK,
    "related_posts": "the old site's list of related posts",
}
PROJECT_REASONS = {
    "layout": LAYOUT,
    "permalink": PERMALINK,
    "importance": "the place on the old projects page: projects here are in order of date",
    "category": "a group of the old projects page: the site has none; give it topics here",
    "related_publications": "the old page's list of the papers it cites: link the project's "
    "publications here",
    "giscus_comments": "comments on the old site: the site has none",
}
PAGE_REASONS = {
    "layout": LAYOUT,
    "permalink": PERMALINK,
    "description": "the line under the old page's title: a page here has none",
}
# Pages of _pages/ that al-folio fills itself, by their address (or file name).
SECTION_PAGES = {
    "publications": "the old site's list of publications: the site makes its own",
    "projects": "the old site's list of projects: the site makes its own",
    "news": "the old site's list of news: the site makes its own",
    "blog": "the old site's blog: the site has no blog",
    "cv": "the old site's CV page: the site makes its own from the positions and awards",
    "repositories": "the old site's list of GitHub repositories: not brought in",
    "books": "the old site's bookshelf: not brought in",
    "404.html": "the old site's page for an address it does not have: the site has its own",
    "404": "the old site's page for an address it does not have: the site has its own",
}
# Folders and data files al-folio reads that hold nothing the site keeps.
FOLDERS = {
    "_posts": "a blog post: the site has no blog",
    "_drafts": "a draft blog post: the site has no blog",
    "_books": "a book of the old site's bookshelf: not brought in",
}
DATA_FILES = {
    "_data/coauthors.yml": "the old site's links of co-authors' names: not brought in",
    "_data/venues.yml": "the old site's colours and links of venue abbreviations",
    "_data/repositories.yml": "the GitHub repositories the old site showed: not brought in",
    "_data/citations.yml": "citation counts the old site kept: the site counts its own",
}


def section_kind(title: str) -> str | None:
    """What a CV section holds, by its title ("Education", "Academic appointments",
    "Honors and Awards")."""
    words = title.casefold()
    if re.search(r"award|honou?r|prize|fellowship|scholarship", words):
        return "award"
    if re.search(r"education|degree", words):
        return Position.Kind.EDUCATION
    if re.search(r"experience|employment|appointment|position|work", words):
        return Position.Kind.EMPLOYMENT
    return None


class Dialect:
    """al-folio's own fields of a BibTeX entry (its _layouts/bib.liquid), read
    into the record the BibTeX source decoded: every field it does not bring in
    is named with why."""

    def __init__(self, site: Site, path: str):
        self.site = site
        self.path = path
        self.record: Record | None = None
        self.fields: dict = {}

    def __call__(self, record: Record, fields: dict, left_out: dict[str, str]) -> None:
        self.record, self.fields = record, fields
        done = set()
        for name, reader in READERS.items():
            value = fields.get(name)
            if isinstance(value, str) and value.strip():
                reader(self, value, name in left_out)
                done.add(name)
        for name, why in left_out.items():
            if name not in done:
                self.unused(name, DIALECT_REASONS.get(name, why))

    def unused(self, name: str, reason: str) -> None:
        self.site.unused(self.path, reason, f"{self.record.key}: {name}")

    def add_link(self, name: str, kind: str, url: str) -> None:
        if not re.match(r"^https?://\S+$", url, re.I):
            self.unused(name, f"{shorten(url, 60)!r} is not an http(s) address")
            return
        if any(u == url or (k == kind and kind in IDENTIFIERS) for k, u in self.record.links):
            return  # already there, or its identifier is: one of each
        self.record.links.append((kind, url))

    def file(self, name: str, path: str, field: str) -> None:
        found = self.site.file(path, f"{self.record.key}: {name}", self.path)
        if found:
            self.record.files[field] = found

    # The fields ------------------------------------------------------------------

    def abbr(self, value: str, left_out: bool) -> None:
        abbr = to_text(value)
        if self.record.kind == Publication.Kind.PREPRINT and self.record.venue_short:
            self.unused("abbr", f"a preprint is named by its server, {self.record.venue_short}")
        elif fits(Publication, "venue_short", abbr):
            self.record.venue_short = abbr
        else:
            self.unused("abbr", "longer than the 100 characters of a venue's short name")

    def selected(self, value: str, left_out: bool) -> None:
        self.record.featured = truthy(to_text(value))

    def pdf(self, value: str, left_out: bool) -> None:
        # An address is a link already; anything else names a file of the old site.
        if left_out:
            self.file("pdf", f"{PDFS}/{verbatim_text(value).lstrip('/')}", "pdf")

    def preview(self, value: str, left_out: bool) -> None:
        preview = verbatim_text(value)
        if "://" in preview:
            self.unused("preview", "an image elsewhere: not downloaded; add it here")
        else:
            self.file("preview", f"{PREVIEWS}/{preview.lstrip('/')}", "image")

    def html(self, value: str, left_out: bool) -> None:
        url = verbatim_text(value)
        if "://" not in url:
            self.unused("html", f"a page of the old site (assets/html/{url}): not brought in")
            return
        # al-folio's HTML button is the paper at its publisher.
        kind = link_kind_of(url)
        self.add_link("html", PublicationLink.Kind.PROCEEDINGS if kind == "other" else kind, url)

    def arxiv(self, value: str, left_out: bool) -> None:
        found = arxiv_id_in(verbatim_text(value))
        if found:
            self.add_link("arxiv", PublicationLink.Kind.ARXIV, arxiv_url(found))
        else:
            self.unused("arxiv", f"{shorten(value, 40)!r} is not an arXiv id")

    def hal(self, value: str, left_out: bool) -> None:
        url = f"https://hal.science/{verbatim_text(value)}"
        self.add_link("hal", PublicationLink.Kind.HAL, url)

    def award(self, value: str, left_out: bool) -> None:
        # The button shows award_name ("Best Paper"); the text it opens is the award.
        award = to_text(value)
        name = to_text(str(self.fields.get("award_name") or ""))
        note = "; ".join(part for part in (self.record.note, name or award) if part)
        if not fits(Publication, "note", note):
            self.unused("award", "longer than the 100 characters of a presentation note")
        else:
            self.record.note = note
            if name and award != name:
                self.unused("award", "the award's text: the note keeps its name (award_name)")

    def award_name(self, value: str, left_out: bool) -> None:
        if not str(self.fields.get("award") or "").strip():
            self.unused("award_name", "al-folio shows it only with an award")


def linked(name: str, kind: str, files_in: str = ""):
    """A reader of a field that is an address (al-folio's code, video...), or, for
    the fields al-folio also takes as a file of the site, a file's name."""

    def read(dialect: Dialect, value: str, left_out: bool) -> None:
        url = verbatim_text(value)
        if "://" in url or not files_in:
            dialect.add_link(name, kind, url)
        else:
            dialect.unused(
                name,
                f"a file of the old site ({files_in}/{url}): a publication here keeps one "
                "PDF; put this one online and add its address as a link",
            )

    return read


LinkKind = PublicationLink.Kind
IDENTIFIERS = {LinkKind.ARXIV, LinkKind.DOI, LinkKind.PUBMED, LinkKind.PMC}
READERS = {
    "abbr": Dialect.abbr,
    "selected": Dialect.selected,
    "pdf": Dialect.pdf,
    "preview": Dialect.preview,
    "html": Dialect.html,
    "arxiv": Dialect.arxiv,
    "hal": Dialect.hal,
    "code": linked("code", LinkKind.CODE),
    "slides": linked("slides", LinkKind.SLIDES, PDFS),
    "poster": linked("poster", LinkKind.POSTER, PDFS),
    "video": linked("video", LinkKind.VIDEO),
    "website": linked("website", LinkKind.PROJECT),
    "blog": linked("blog", LinkKind.OTHER),
    "supp": linked("supp", LinkKind.OTHER, PDFS),
    "award": Dialect.award,
    "award_name": Dialect.award_name,
}
BADGE = "a badge of the old site: the site shows the citations it counts itself"
DIALECT_REASONS = {
    "bibtex_show": "every publication here shows its BibTeX (Cite, and its .bib address)",
    "altmetric": BADGE,
    "dimensions": BADGE,
    "google_scholar_id": BADGE,
    "inspirehep_id": BADGE,
    "annotation": "a note on the authors' marks: the site writes the marks' legend itself",
    "additional_info": "text the old site wrote after the venue: the site has no field for it",
    "location": "the site keeps no place for a publication",
}
