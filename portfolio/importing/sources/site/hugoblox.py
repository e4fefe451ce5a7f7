"""A site made with Hugo Blox (before it, Wowchemy and the Hugo Academic theme;
its academic CV template is the one researchers start from).

Content lives in page bundles under ``content/``: ``publication(s)/<name>/index.md``
with a ``cite.bib``, the paper's PDF and a ``featured`` image beside it;
``event(s)/`` or ``talk/`` for talks; ``post/`` or ``blog/`` for news;
``project(s)/``; other pages of ``content/`` as pages. The owner's profile is
``content/authors/admin/_index.md`` (``content/author/`` until 2019;
``data/authors/<slug>.yaml`` since 2025), whose education, work or experience
and awards become positions and awards, as do the experience and
accomplishments of the home page (``content/_index.md``, or the widgets of
``content/home/`` until 2020). Front matter is YAML or, in sites begun before
2020, TOML. Each version of the theme named things its own way; every spelling
its templates read is read here.

Every field not brought in is named with why; a page that cannot be read is
that page's error only.
"""

import posixpath
import re

from portfolio.core.tags import clean_topics
from portfolio.positions.models import Position
from portfolio.projects.models import ProjectLink
from portfolio.publications.identifiers import arxiv_id_in, arxiv_url, doi_in, doi_url
from portfolio.publications.links import link_kind_of
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record
from portfolio.talks.models import Talk

from .. import bibtex
from .hugoblox_fields import (
    IMAGE_SUFFIXES,
    REASONS,
    Fields,
    Refused,
    body_of,
    empty,
    is_credit,
    is_web,
    items,
    markdown,
    plain,
    strings,
    table,
    text,
    venue_of,
    year_month,
)
from .hugoblox_people import AUTHOR_FOLDERS, SOURCE, People
from .repository import Repository, SiteData, UnsafePath, Unused, as_date, cut, shorten

NAME = "hugo-blox"
LABEL = "Hugo Blox"
# Hugo serves static/ at the site's root: "/uploads/cv.pdf" is static/uploads/cv.pdf.
ROOTS = ("static",)
SETTINGS = "the site's settings"
BUILD = "the build tools"
EDITOR = "the editor's settings"
MACHINERY = {
    "assets": "the theme's styles, scripts and media",
    "layouts": "the site's own page layouts and partials",
    "static": "files the old site served as they are (those its pages link to come with them)",
    "config": "the site's settings (theme, menus, languages, analytics)",
    **dict.fromkeys(("config.toml", "config.yaml", "hugo.toml", "hugo.yaml"), SETTINGS),
    "data": "the theme's data (fonts, colour themes, sharing buttons)",
    "i18n": "the theme's translations",
    "archetypes": "the templates of new pages",
    "themes": "the theme itself",
    "_vendor": "the theme's modules",
    "go.mod": "the Hugo modules the site is built with",
    "go.sum": "the Hugo modules the site is built with",
    "hugoblox.yaml": "the Hugo Blox build settings",
    "theme.toml": "the theme's description",
    "netlify.toml": "the hosting settings",
    **dict.fromkeys(("package.json", "package-lock.json", "pnpm-lock.yaml"), BUILD),
    ".github": "the repository's workflows",
    **dict.fromkeys((".devcontainer", ".vscode", ".editorconfig"), EDITOR),
    ".gitignore": "the repository's settings",
    ".gitmodules": "the repository's settings",
    "images": "the template's screenshots",
    "preview.png": "the template's screenshot",
    "README.md": "the repository's own description",
    "LICENSE.md": "the template's licence",
}

Kind = Publication.Kind
LinkKind = PublicationLink.Kind

# The folders of each kind of content, as each version of the theme named them.
FOLDERS = {
    "publication": ("content/publication", "content/publications"),
    "talk": ("content/event", "content/events", "content/talk", "content/talks"),
    "news": ("content/post", "content/posts", "content/blog"),
    "project": ("content/project", "content/projects"),
}
DOCS = "a course of documentation pages (the theme's docs layout) has no place here"
# Content folders of the theme that have no place here.
ELSEWHERE = {
    "content/slides": "Markdown slides (reveal.js) have no place here: link the deck from "
    "its talk instead",
    "content/courses": DOCS,
    "content/docs": DOCS,
    "content/tutorial": DOCS,
    "content/teaching": f"{DOCS}: add the courses you teach under Teaching",
}

# The publication types: Academic's numbered codes, then the CSL names that
# replaced them in 2021, read as the theme's own labels read them ("article" is
# its Preprint).
KINDS = {
    "0": Kind.OTHER,
    "1": Kind.CONFERENCE,
    "2": Kind.JOURNAL,
    "3": Kind.PREPRINT,
    "4": Kind.OTHER,
    "5": Kind.BOOK,
    "6": Kind.CHAPTER,
    "7": Kind.THESIS,
    "8": Kind.OTHER,
    "paper-conference": Kind.CONFERENCE,
    "article-journal": Kind.JOURNAL,
    "article-magazine": Kind.JOURNAL,
    "article": Kind.PREPRINT,
    "manuscript": Kind.PREPRINT,
    "book": Kind.BOOK,
    "chapter": Kind.CHAPTER,
    "thesis": Kind.THESIS,
    "report": Kind.OTHER,
    "patent": Kind.OTHER,
}
# The types listed under another kind, named in the preview.
KIND_NOTES = {
    "0": "uncategorised: listed under Other",
    "4": "a report: the site has no such kind; listed under Other",
    "report": "a report: the site has no such kind; listed under Other",
    "8": "a patent: the site has no such kind; listed under Other",
    "patent": "a patent: the site has no such kind; listed under Other",
}

# The links of a page (url_<type> until 2025, then links: [{type, url}]), by type:
# the kind of publication or project link, or None where the address says.
URL_TYPES = ("pdf", "preprint", "code", "dataset", "poster", "project", "slides", "source")
URL_TYPES += ("video",)
PUBLICATION_LINKS = {
    "pdf": LinkKind.PDF,
    "code": LinkKind.CODE,
    "dataset": LinkKind.DATA,
    "poster": LinkKind.POSTER,
    "project": LinkKind.PROJECT,
    "site": LinkKind.PROJECT,
    "slides": LinkKind.SLIDES,
    "video": LinkKind.VIDEO,
    "doi": LinkKind.DOI,
}
PROJECT_LINKS = {
    "code": ProjectLink.Kind.CODE,
    "dataset": ProjectLink.Kind.DATA,
    "video": ProjectLink.Kind.VIDEO,
    "site": ProjectLink.Kind.WEBSITE,
    "project": ProjectLink.Kind.WEBSITE,
    "demo": ProjectLink.Kind.DEMO,
    "pdf": ProjectLink.Kind.PAPER,
    "preprint": ProjectLink.Kind.PAPER,
    "doi": ProjectLink.Kind.PAPER,
}
# A project link's kind from what its address is.
PROJECT_KIND_OF = {
    LinkKind.CODE: ProjectLink.Kind.CODE,
    LinkKind.SOFTWARE: ProjectLink.Kind.CODE,
    LinkKind.VIDEO: ProjectLink.Kind.VIDEO,
    LinkKind.DATA: ProjectLink.Kind.DATA,
    **dict.fromkeys(
        (LinkKind.PDF, LinkKind.DOI, LinkKind.ARXIV, LinkKind.PUBMED, LinkKind.PMC),
        ProjectLink.Kind.PAPER,
    ),
}
# The identifiers under ``hugoblox.ids`` (2025), and the links the theme makes of them.
IDS = {
    "doi": (LinkKind.DOI, "https://doi.org/{}"),
    "arxiv": (LinkKind.ARXIV, "https://arxiv.org/abs/{}"),
    "openreview": (LinkKind.OPENREVIEW, "https://openreview.net/forum?id={}"),
    "hal": (LinkKind.HAL, "https://hal.science/{}"),
    "osf": (LinkKind.OSF, "https://osf.io/{}"),
    "zenodo": (LinkKind.DATA, "https://zenodo.org/records/{}"),
    "acl_id": (LinkKind.PROCEEDINGS, "https://aclanthology.org/{}"),
    "dblp": (LinkKind.OTHER, "https://dblp.org/rec/{}.html"),
    "semanticscholar": (LinkKind.OTHER, "https://www.semanticscholar.org/paper/{}"),
    "openalex": (LinkKind.OTHER, "https://openalex.org/{}"),
    "isbn": (LinkKind.OTHER, "https://openlibrary.org/isbn/{}"),
    "pwc": (LinkKind.OTHER, "https://paperswithcode.com/paper/{}"),
    "huggingface_model": (LinkKind.OTHER, "https://huggingface.co/{}"),
    "huggingface_dataset": (LinkKind.DATA, "https://huggingface.co/datasets/{}"),
    "huggingface_space": (LinkKind.OTHER, "https://huggingface.co/spaces/{}"),
    "kaggle_dataset": (LinkKind.DATA, "https://www.kaggle.com/datasets/{}"),
    "kaggle_competition": (LinkKind.OTHER, "https://www.kaggle.com/competitions/{}"),
}
IDENTIFIER_KINDS = {LinkKind.DOI, LinkKind.ARXIV, LinkKind.PUBMED, LinkKind.PMC}

# Blocks (and widgets) of a landing page that show the author's profile.
PROFILE_BLOCKS = ("resume-", "about", "skills", "experience", "accomplishments", "languages")
LIST_BLOCKS = ("collection", "portfolio", "featured", "pages", "tag_cloud", "tags", "posts")
LIST_BLOCKS += ("publications", "talks", "projects")


def talk_kind(title: str, event: str) -> str:
    """The kind of talk where its title or event says it; else Other, since the
    theme does not say."""
    words = f"{title} {event}".casefold()
    for word, kind in (
        ("keynote", Talk.Kind.KEYNOTE),
        ("tutorial", Talk.Kind.TUTORIAL),
        ("panel", Talk.Kind.PANEL),
        ("poster", Talk.Kind.POSTER),
        ("seminar", Talk.Kind.SEMINAR),
        ("colloquium", Talk.Kind.SEMINAR),
        ("invited", Talk.Kind.INVITED),
    ):
        if re.search(rf"\b{word}", words):
            return kind
    return Talk.Kind.OTHER


# The checkout ------------------------------------------------------------------


def _mentions(repo: Repository, path: str, words: tuple[str, ...]) -> bool:
    """Whether a small file names one of ``words``: looked at, not read as
    content (it stays listed with the theme's machinery)."""
    try:
        full = repo.path(path)
        if not full.is_file() or full.stat().st_size > 65536:
            return False
        found = full.read_bytes().decode("utf-8", "replace").lower()
    except (UnsafePath, OSError):
        return False
    return any(word in found for word in words)


def detect(repo: Repository) -> int:
    if not repo.is_dir("content"):
        return 0
    score = 1
    if repo.exists("hugoblox.yaml"):
        score += 5
    if _mentions(repo, "go.mod", ("hugoblox", "hugo-blox", "wowchemy")):
        score += 5
    if _mentions(repo, "theme.toml", ('"academic"', "wowchemy", "hugoblox")):
        score += 3
    if repo.glob("data/authors", (".yaml", ".yml")):
        score += 2
    if any(repo.glob(folder, ("/_index.md",)) for folder in AUTHOR_FOLDERS):
        score += 2
    score += sum(1 for folders in FOLDERS.values() if any(repo.is_dir(f) for f in folders))
    return score + repo.is_dir("content/home")


def pages_in(repo: Repository, folder: str) -> list[str]:
    """The pages of a section: each bundle's index.md and each page that is a file
    of its own (not a section's _index.md, nor another file of a bundle)."""
    files = repo.glob(folder)
    bundles = {posixpath.dirname(f) for f in files if posixpath.basename(f) == "index.md"}
    pages = []
    for name in files:
        base, parent = posixpath.basename(name), posixpath.dirname(name)
        in_bundle = any(parent == b or parent.startswith(b + "/") for b in bundles)
        if base == "index.md" or (base != "_index.md" and not in_bundle):
            pages.append(name)
    return pages


def bundle_of(path: str) -> str:
    """The folder of a page bundle ("" for a page that is a file of its own)."""
    return posixpath.dirname(path) if posixpath.basename(path) == "index.md" else ""


def read(repo: Repository) -> SiteData:
    return Site(repo).read()


class Site(People):
    """The reading of one checkout (see the module docstring)."""

    def __init__(self, repo: Repository):
        super().__init__(repo, NAME)
        self.menu: set[str] | None = None  # the addresses of the old site's menu

    def read(self) -> SiteData:
        self.read_authors()
        if self.profile is None:
            self.name_from_settings()
        self.read_menu()
        for path in self.repo.glob("content"):
            if path.count("/") == 1:  # content/_index.md (the home page) and the others
                self.guarded(path, self.page)
        for path in self.repo.glob("content/home"):
            self.guarded(path, self.widget)
        readers = {
            "publication": self.publication,
            "talk": self.talk,
            "news": self.news,
            "project": self.project,
        }
        for kind, folders in FOLDERS.items():
            for folder in folders:
                if self.repo.exists(f"{folder}/_index.md"):
                    self.leave_file(
                        f"{folder}/_index.md",
                        "the list page of the section: the site makes its own lists",
                    )
                for path in pages_in(self.repo, folder):
                    self.guarded(path, readers[kind])
        for folder, reason in ELSEWHERE.items():
            for path in self.repo.glob(folder, ("",)):
                if path not in self.repo.used:
                    self.leave_file(path, reason)
        return self.data

    # Files ---------------------------------------------------------------------

    def featured_image(self, bundle: str) -> str:
        """The bundle's featured image, as the theme finds it (a file named *featured*)."""
        if not bundle:
            return ""
        return next(
            (
                name
                for name in self.repo.glob(bundle, IMAGE_SUFFIXES)
                if posixpath.dirname(name) == bundle and "featured" in posixpath.basename(name)
            ),
            "",
        )

    def site_file(self, url: str, bundle: str, suffixes: tuple[str, ...]) -> str:
        """The file of the old site a relative address names: in the page's bundle,
        or under static/ (served at the root); "" for none."""
        clean = url.split("?")[0].split("#")[0].strip()
        if not clean or re.match(r"^[a-z][a-z0-9+.-]*:|^//", clean, re.I):
            return ""
        candidates = [posixpath.join("static", clean.lstrip("/"))]
        if bundle and not clean.startswith("/"):
            candidates.insert(0, posixpath.join(bundle, clean))
        for candidate in map(posixpath.normpath, candidates):
            if candidate.lower().endswith(suffixes) and self.repo.exists(candidate):
                return candidate
        return ""

    def image_of(self, fields: Fields, bundle: str):
        """(the featured image, its description) of a page: the description is the
        image's alt_text, else its caption unless that only credits the image."""
        image = table(fields.meta.get("image"))
        fields.taken.add("image")
        path = self.featured_image(bundle)
        filename = text(image.get("filename"))
        if not path and filename:
            places = [f"assets/media/{filename}", *([f"{bundle}/{filename}"] if bundle else [])]
            path = next((p for p in places if self.repo.exists(p)), "")
        for name in ("focal_point", "preview_only", "placement"):
            fields.leave(
                f"image.{name}", "how the old theme cropped and placed the image", image.get(name)
            )
        alt, caption = plain(image.get("alt_text")), plain(image.get("caption"))
        if not path:
            fields.leave("image.caption", "no featured image in the page's folder", caption)
            return None, ""
        if not alt and caption and not is_credit(caption):
            alt = caption
        elif caption and caption != alt:
            fields.leave("image.caption", "credits the image, and does not describe it", caption)
        return self.repo.file(path), alt

    def read_menu(self) -> None:
        """The addresses of the old site's main menu: a page there is in the
        navigation here."""
        for path in ("config/_default/menus.yaml", "config/_default/menus.toml"):
            if not self.repo.exists(path):
                continue
            try:
                menus = self.repo.data(path)
            except UnsafePath as problem:
                self.data.unused.append(Unused(path, str(problem).removeprefix(f"{path}: ")))
                return
            main = items(table(menus).get("main"))
            self.menu = {text(item.get("url")).strip("/").lower() for item in main}
            self.data.unused.append(
                Unused(
                    path,
                    "the old site's menus: read only to know which pages were in its navigation",
                )
            )
            return

    # Pages -------------------------------------------------------------------------

    def page(self, path: str) -> None:
        """The home page (``content/_index.md``: its experience and accomplishments)
        or another page of content/ (a page here, if it has text)."""
        meta, body = self.repo.page(path)
        fields = Fields(meta, path)
        home = path == "content/_index.md"
        texts = [
            self.block(path, number, block, home)
            for number, block in enumerate(items(fields.get("sections", "blocks")), start=1)
        ]
        body = body_of(body, path, fields.unused)
        title = plain(fields.get("title"))
        if home:
            fields.leave(
                "body",
                "text on the old home page: the home page here shows the profile's bio",
                body,
            )
            fields.rest(
                {
                    "title": "the home page's title",
                    "date": "the home page's date",
                    "summary": "the home page's description",
                }
            )
            self.data.unused += fields.unused
            return
        body = "\n\n".join(filter(None, [*texts, body]))
        if not body:
            fields.rest({"title": "the page's title", "date": "the page's date"})
            self.data.unused += fields.unused
            self.data.unused.append(
                Unused(path, "a page of the old theme's layout only, with no text of its own")
            )
            return
        if not title:
            raise Refused("a page needs a title")
        name = text(meta.get("url")).strip("/") or posixpath.splitext(path)[0].split("/")[-1]
        values = {
            "title": cut(title, 200, path, "title", fields.unused),
            "body": body,
            "in_navigation": self.menu is None or name.lower() in self.menu,
        }
        if fields.get("draft"):
            values["is_published"] = False
        self.entry("page", "Page", path, values, topics=self.topics(fields))
        fields.rest({"date": "a page here has no date"})
        self.data.unused += fields.unused

    def block(self, path: str, number: int, block: dict, home: bool) -> str:
        """A block of a landing page. Its experience and accomplishments come in as
        positions and awards, the text of a markdown block as the page's text (the
        home page's is named instead); the others only laid out the page."""
        name = text(block.get("block") or block.get("widget"))
        content = table(block.get("content"))
        where = f"sections[{number}] {name}".strip()
        entries = items(content.get("items"))
        if name in ("experience", "accomplishments") and entries:
            for i, item in enumerate(entries, start=1):
                key = f"sections/{number}/{name}/{i}"
                if name == "experience":
                    self.position(path, key, item, Position.Kind.EMPLOYMENT)
                else:
                    self.award(path, key, item)
            return ""
        if name == "markdown" and markdown(content.get("text")):
            unused: list[Unused] = []
            block_text = body_of(content["text"], path, unused)
            self.data.unused += unused
            if block_text and home:
                self.data.unused.append(
                    Unused(
                        path,
                        "text on the old home page: the home page here shows the "
                        f"profile's bio ({shorten(block_text, 60)})",
                        where,
                    )
                )
            elif block_text:
                heading = plain(content.get("title"))
                return f"## {heading}\n\n{block_text}" if heading else block_text
            return ""
        if name == "contact":
            if text(content.get("email")):
                self.email(text(content["email"]), path, f"{where}.email")
            if text(content.get("phone")):
                self.data.unused.append(
                    Unused(
                        path,
                        "the phone number is private: enter it in the admin if wanted",
                        f"{where}.phone",
                    )
                )
            reason = "a contact form, address and hours: the site shows the profile's email"
        elif name.startswith(PROFILE_BLOCKS):
            who = text(content.get("username")) or "admin"
            reason = f"shows the author profile {who!r}, brought in from its own file"
        elif name in LIST_BLOCKS:
            reason = "lists pages of the old site: the site makes its own lists"
        else:
            reason = "the old theme's layout"
        self.data.unused.append(Unused(path, reason, where))
        return ""

    def widget(self, path: str) -> None:
        """A section of the home page until 2020 (content/home/*.md, TOML at first)."""
        meta, body = self.repo.page(path)
        name = text(meta.get("widget"))
        lists = {"experience": "experience", "accomplishments": "item"}
        field = lists.get(name) or next((f for f in lists.values() if items(meta.get(f))), "")
        if not field:
            if name in ("about", "skills"):
                why = "shows the author profile, brought in from its own file"
            else:
                why = "a section of the old home page: the home page here is made from the "
                why += "profile and the entries"
            self.data.unused.append(Unused(path, f"{why} (widget {name or 'none'})"))
            return
        for i, item in enumerate(items(meta.get(field)), start=1):
            if field == "experience":
                self.position(path, f"experience/{i}", item, Position.Kind.EMPLOYMENT)
            else:
                self.award(path, f"item/{i}", item)
        rest = [k for k, v in meta.items() if k != field and not empty(v)]
        if rest:
            why = f"how the old home page showed the section ({', '.join(rest)})"
            self.data.unused.append(Unused(path, why))
        if body.strip():
            why = "the section's text: the home page here is made from the profile"
            self.data.unused.append(Unused(path, why, "body"))

    # What the kinds of entry share -------------------------------------------------

    def topics(self, fields: Fields) -> list[str]:
        """Tags and categories: the site has one kind of topic."""
        return clean_topics([*strings(fields.get("tags")), *strings(fields.get("categories"))])

    def text_of(self, fields: Fields, body: str, name: str) -> str:
        """``name`` (the abstract), else the summary, else the body. An entry here
        has one such text; a page's body is its extra text, named when left out."""
        own, summary = markdown(fields.get(name)), markdown(fields.get("summary"))
        if own and summary:
            fields.leave("summary", f"a shortened form of the {name}, which is kept whole")
        own = own or summary
        if own and body:
            fields.leave(
                "body",
                f"the page's text beside its {name}: an entry here has one; copy it into the "
                f"{name} in the admin if wanted ({shorten(' '.join(body.split()), 60)})",
                body,
            )
        return own or body

    def links(self, fields: Fields, bundle: str, add, files: dict | None) -> None:
        """The links of a page: its url_* fields (until 2025) and its ``links``
        ({type, url} or {name, url}; an arXiv or DOI {provider, id}). Each
        web address goes to ``add(type, url, label, where)``; a relative PDF is
        the paper's own file where ``files`` takes one."""
        for kind in URL_TYPES:
            url = text(fields.get(f"url_{kind}"))
            if url:
                self.one_link(fields, f"url_{kind}", kind, url, bundle, add, files)
        for number, item in enumerate(items(fields.get("links")), start=1):
            kind = text(item.get("type")).lower()
            url = text(item.get("url"))
            if not url and text(item.get("id")):
                provider = text(item.get("provider")).lower() or kind
                template = IDS.get(provider) or IDS.get(kind)
                url = template[1].format(text(item["id"])) if template else ""
            label = text(item.get("label") or item.get("name"))
            if url:
                where = f"links[{number}]"
                self.one_link(fields, where, kind, url, bundle, add, files, label)

    def one_link(self, fields, where, kind, url, bundle, add, files, label=""):
        if is_web(url):
            add(kind, url, label, where)
            return
        found = self.site_file(url, bundle, ("",)) if url != "#" else ""
        if found and files is not None and kind == "pdf" and found.lower().endswith(".pdf"):
            if "pdf" not in files:
                files["pdf"] = self.repo.file(found)
            elif posixpath.basename(found) != files["pdf"].name:
                why = f"a second PDF ({found}): the publication has one here ({files['pdf'].name})"
                fields.leave(where, why, url)
                self.repo.mark_used(found)
        elif found:
            why = f"a file of the old site ({found}): a link here is a web address"
            fields.leave(where, f"{why}; upload the file and link to it", url)
            self.repo.mark_used(found)
        else:
            fields.leave(where, "not a web address, nor a file of the old site", url)

    def cite_bib(self, bundle: str) -> tuple[Record | None, str]:
        """The bundle's cite.bib, read by the BibTeX source."""
        path = f"{bundle}/cite.bib" if bundle else ""
        if not path or not self.repo.exists(path):
            return None, path
        try:
            records, errors = bibtex.parse(self.repo.text(path))
        except UnsafePath as problem:
            self.data.unused.append(Unused(path, str(problem).removeprefix(f"{path}: ")))
            return None, path
        for error in errors:
            self.data.unused.append(Unused(path, f"cannot be read: {error.message}", error.key))
        for extra in records[1:]:
            self.data.unused.append(
                Unused(path, "a second entry: a page's cite.bib describes that page", extra.key)
            )
        return (records[0] if records else None), path

    # Publications --------------------------------------------------------------

    def publication(self, path: str) -> None:
        """A publication. The page says; its cite.bib fills what the page lacks."""
        meta, body = self.repo.page(path)
        fields = Fields(meta, path)
        if fields.get("draft"):
            why = "a draft on the old site (draft: true), which it did not show: not brought in"
            self.data.unused.append(Unused(path, why))
            return
        bundle = bundle_of(path)
        bib, bib_path = self.cite_bib(bundle)
        notes: list[str] = []
        title = plain(fields.get("title"))
        if not title and bib:
            title = bib.title
            notes.append("title from cite.bib")
        if not title:
            raise Refused("a publication needs a title")
        year, month = year_month(fields.get("date"))
        if not year and bib:
            year, month = bib.year, bib.month
        if not year:
            raise Refused("a publication needs its date (date: 2015-09-01)")
        authors, marks = self.author_list(fields)
        if bib and bib.authors and not authors:
            authors, marks = bib.authors, bib.author_marks
            notes.append("authors from cite.bib")
        elif bib and [a[1] for a in bib.authors] != [a[1] for a in authors]:
            names = ", ".join(" ".join(a).strip() for a in bib.authors)
            why = f"its authors ({names}) differ from the page's, which are kept"
            self.data.unused.append(Unused(bib_path, why, "author"))
        kind = self.kind_of(fields, bib, notes)
        venue = venue_of(fields.get("publication")) or (bib.venue if bib else "")
        venue_short = venue_of(fields.get("publication_short")) or (bib.venue_short if bib else "")
        if kind == Kind.CONFERENCE and "workshop" in venue.casefold():
            kind = Kind.WORKSHOP
        body = body_of(body, path, fields.unused)
        abstract = self.text_of(fields, body, "abstract") or (bib.abstract if bib else "")
        links, files = self.publication_links(fields, bundle, bib)
        image, alt = self.image_of(fields, bundle)
        if image:
            files["image"] = image
        deck = text(meta.get("slides"))
        fields.leave("slides", f"Markdown slides (the deck {deck!r}) have no place here")
        self.data.records.append(
            Record(
                # The cite.bib's key is the owner's citation key; a path is no key,
                # and one is made.
                key=bib.key if bib else path,
                line=0,
                title=cut(title, 500, path, "title", fields.unused),
                kind=kind,
                year=year,
                month=month,
                venue=cut(venue, 300, path, "publication", fields.unused),
                venue_short=cut(venue_short, 100, path, "publication_short", fields.unused),
                abstract=abstract,
                authors=authors,
                author_marks=marks,
                links=links,
                topics=self.topics(fields) or (bib.topics if bib else []),
                featured=bool(fields.get("featured", "selected")),  # Academic 3: selected
                source=SOURCE,
                source_key=f"site:{path}",
                notes=notes,
                files=files,
                image_alt=alt[:300],
            )
        )
        fields.rest()
        self.data.unused += fields.unused

    def kind_of(self, fields: Fields, bib: Record | None, notes: list[str]) -> str:
        types = strings(fields.get("publication_types"))
        if not types:
            return bib.kind if bib else Kind.OTHER
        code = types[0].lower()
        if len(types) > 1:
            fields.leave("publication_types", f"one kind is kept here ({code})", types[1:])
        if code in KIND_NOTES:
            notes.append(KIND_NOTES[code])
        elif code not in KINDS:
            notes.append(f"publication type {code!r}: listed under Other")
        return KINDS.get(code, Kind.OTHER)

    def publication_links(self, fields: Fields, bundle: str, bib: Record | None):
        """(links, files) of a publication: its identifiers (doi, hugoblox.ids), its
        links, the cite.bib's, and its own PDF (a relative url_pdf, or the
        bundle's <name>.pdf, which the theme links by itself)."""
        links: list[tuple[str, str]] = []
        files: dict = {}

        def add(kind, url, label="", where=""):
            said = link_kind_of(url)
            kind = PUBLICATION_LINKS.get(kind, kind) if isinstance(kind, str) else kind
            if kind not in LinkKind.values or said in IDENTIFIER_KINDS:
                kind = said  # a preprint's, a source's, or an identifier's address
            if kind in IDENTIFIER_KINDS and said != kind:
                fields.leave(where, f"not a {LinkKind(kind).label} address", url)
                return
            # An identifier once; an address twice only as two kinds (code and data).
            if (kind, url) in links or (kind in IDENTIFIER_KINDS and kind in dict(links)):
                return
            if label and kind == LinkKind.OTHER and where:
                fields.leave(f"{where}.label", "a link here is named by its kind", label)
            links.append((kind, url))

        ids = {"doi": fields.get("doi")}
        settings = table(fields.meta.get("hugoblox"))
        fields.leave("hugoblox", "the theme's own settings", {**settings, "ids": None})
        ids.update({f"hugoblox.ids.{k}": v for k, v in table(settings.get("ids")).items()})
        for where, value in ids.items():
            key, value = where.rsplit(".", 1)[-1], text(value)
            if not value:
                continue
            if key == "doi" and doi_in(value):
                add(LinkKind.DOI, doi_url(doi_in(value)))
            elif key == "arxiv" and arxiv_id_in(value):
                add(LinkKind.ARXIV, arxiv_url(arxiv_id_in(value)))
            elif key in IDS and key not in ("doi", "arxiv") and is_web(IDS[key][1].format(value)):
                add(IDS[key][0], IDS[key][1].format(value))
            elif key in ("doi", "arxiv"):
                fields.leave(where, "not a DOI" if key == "doi" else "not an arXiv id", value)
            else:
                fields.leave(where, "an identifier the site has no link for", value)
        self.links(fields, bundle, add, files)
        for kind, url in bib.links if bib else []:
            add(kind, url)
        own = f"{bundle}/{posixpath.basename(bundle)}.pdf"
        if bundle and "pdf" not in files and self.repo.exists(own):
            files["pdf"] = self.repo.file(own)
        fields.leave("projects", REASONS["projects"])
        return links, files

    # Talks, news, projects -------------------------------------------------------

    def talk(self, path: str) -> None:
        meta, body = self.repo.page(path)
        fields = Fields(meta, path)
        title = plain(fields.get("title"))
        event = plain(fields.get("event", "event_name"))
        if not event:
            raise Refused("a talk here needs the event it was given at (event: …)")
        start = fields.get("event_start")
        year, month = year_month(start or fields.get("date"))
        if not year:
            raise Refused("a talk needs its date (date: 2030-06-01)")
        if start:
            fields.leave("date", "the page's date: the talk's is its event_start")
        address = table(fields.get("address"))
        place = [plain(fields.get("location"))]
        for part in ("city", "region", "country"):
            value = plain(address.get(part))
            if value and all(value.casefold() not in p.casefold() for p in place):
                place.append(value)
        for part in ("street", "postcode", "country_code"):
            fields.leave(
                f"address.{part}", "a talk here has its place, not its address", address.get(part)
            )
        unused = fields.unused
        values = {
            "title": cut(title, 300, path, "title", unused),
            "event": cut(event, 300, path, "event", unused),
            "location": cut(", ".join(filter(None, place)), 200, path, "location", unused),
            "year": year,
            "month": month,
            "kind": talk_kind(title, event),
            "abstract": self.text_of(fields, body_of(body, path, unused), "abstract"),
        }

        def add(kind, url, label="", where=""):
            said = link_kind_of(url)
            name = {"slides": "slides_url", "video": "video_url"}.get(
                kind or ("video" if said == LinkKind.VIDEO else "")
            )
            if name and name not in values:
                values[name] = url
            else:
                fields.leave(where, "a talk here links to its slides and video only", url)

        self.links(fields, bundle_of(path), add, None)
        if fields.get("draft"):
            values["is_published"] = False
        featured = self.featured_image(bundle_of(path))
        if featured:
            self.leave_file(featured, "the featured image of a talk: a talk here has no image")
        fields.taken.add("image")
        deck = text(meta.get("slides"))
        fields.leave("slides", f"Markdown slides (the deck {deck!r}) have no place here")
        self.entry("talk", "Talk", path, values, topics=self.topics(fields))
        fields.rest()
        self.data.unused += fields.unused

    def news(self, path: str) -> None:
        meta, body = self.repo.page(path)
        fields = Fields(meta, path)
        title = plain(fields.get("title"))
        if not title:
            raise Refused("a post needs a title")
        date = as_date(fields.get("date"))
        if not date:
            raise Refused("a post needs its date (date: 2024-05-01)")
        body = body_of(body, path, fields.unused)
        summary = markdown(fields.get("summary"))
        if body and summary:
            fields.leave("summary", "a shortened form of the text, which is kept whole")
        values = {
            "title": cut(title, 300, path, "title", fields.unused),
            "date": date.isoformat(),  # as the row's origin keeps it (JSON)
            "text": body or summary,
        }
        if fields.get("draft"):
            values["is_published"] = False
        featured = self.featured_image(bundle_of(path))
        if featured:
            self.leave_file(featured, "the featured image of a post: news here has no image")
        fields.taken.add("image")
        self.entry("news", "News", path, values, topics=self.topics(fields))
        fields.rest()
        self.data.unused += fields.unused

    def project(self, path: str) -> None:
        meta, body = self.repo.page(path)
        fields = Fields(meta, path)
        bundle = bundle_of(path)
        title = plain(fields.get("title"))
        if not title:
            raise Refused("a project needs a title")
        links: list[tuple[str, str]] = []

        def add(kind, url, label="", where=""):
            kind = PROJECT_LINKS.get(kind) or PROJECT_KIND_OF.get(
                link_kind_of(url), ProjectLink.Kind.OTHER
            )
            if label and kind == ProjectLink.Kind.OTHER and where:
                fields.leave(f"{where}.label", "a link here is named by its kind", label)
            if all(u != url for _, u in links):
                links.append((kind, url))

        external = text(fields.get("external_link"))
        if is_web(external):
            add("site", external)
        else:
            fields.leave("external_link", "not a web address", external)
        self.links(fields, bundle, add, None)
        # Without a summary, the theme shows the text before <!--more--> in lists.
        summary = plain(fields.get("summary"))
        if not summary and "<!--more-->" in body:
            summary = plain(body_of(body.split("<!--more-->")[0], path, []))
        values = {
            "title": cut(title, 200, path, "title", fields.unused),
            "summary": cut(summary, 300, path, "summary", fields.unused),
            "description": body_of(body, path, fields.unused),
        }
        image, alt = self.image_of(fields, bundle)
        if image:
            values["image_alt"] = alt[:300] or f"Image of the project “{values['title']}”"
        if fields.get("draft"):
            values["is_published"] = False
        fields.leave("date", "the page's date, not the project's: set its years in the admin")
        deck = text(meta.get("slides"))
        fields.leave("slides", f"Markdown slides (the deck {deck!r}) have no place here")
        files = {"image": image} if image else {}
        self.entry(
            "project",
            "Project",
            path,
            values,
            topics=self.topics(fields),
            links=links,
            files=files,
        )
        fields.rest()
        self.data.unused += fields.unused
