"""A site made with academicpages (github.com/academicpages/academicpages.github.io,
a Jekyll theme forked from Minimal Mistakes).

What comes in: ``_config.yml``'s ``author:`` block (the profile and its links,
built as the theme's ``_includes/author-profile.html`` builds them) with
``_pages/about.md`` as the bio; ``_publications/`` (the authors read from the
``citation`` line, or from a BibTeX file of the old site that names the same
work; the paper's PDF when ``paperurl`` is a file of the old site);
``_talks/``, ``_teaching/`` (courses), ``_portfolio/`` (projects, with their
teaser images), ``_posts/`` (news) and the other ``_pages/`` with text of their
own (free pages; in the navigation when ``_data/navigation.yml`` lists them).
Pages that only list the old site's entries (its archive pages) are left out:
the site makes its own. The CV page in Markdown comes in as a hidden page, to
copy from: the site's CV is built from its positions and publications.
"""

import datetime
import re
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.html import strip_tags

from portfolio.core.tags import clean_topics
from portfolio.profile.models import ProfileLink
from portfolio.projects.models import ProjectLink
from portfolio.publications.links import link_kind_of, preprint_server
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record
from portfolio.talks.models import Talk
from portfolio.teaching.models import Course

from ...matching import normalise_title
from ...outcomes import Action, Outcome
from ...records import EntryRecord
from .. import bibtex
from ..orcid import profile_link_kind
from . import jsonresume
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

NAME = "academicpages"
LABEL = "academicpages"
MACHINERY = {
    "_layouts": "the theme's page layouts",
    "_includes": "the theme's page parts",
    "_sass": "the theme's styles",
    "assets": "the theme's styles, scripts and fonts",
    "markdown_generator": "the theme's scripts that write Markdown from spreadsheets",
    "scripts": "the theme's scripts",
    "talkmap": "the theme's map of the places of talks",
    "talkmap.py": "the theme's script for the map of talks",
    "talkmap.ipynb": "the theme's script for the map of talks",
    "talkmap_out.ipynb": "the theme's script for the map of talks",
    "_data/navigation.yml": "the old site's menu",
    "_data/ui-text.yml": "the theme's interface text",
    "_data/comments": "comments left on the old site: the site has none",
    "Gemfile": "the theme's build dependencies",
    "Gemfile.lock": "the theme's build dependencies",
    "package.json": "the theme's build dependencies",
    "package-lock.json": "the theme's build dependencies",
    ".github": "the repository's GitHub settings and workflows",
    ".devcontainer": "the theme's development setup",
    "Dockerfile": "the theme's development setup",
    "docker-compose.yaml": "the theme's development setup",
    "_config_docker.yml": "the theme's development setup",
    "_config.dev.yml": "the theme's development setup",
    "README.md": "the theme's own documents",
    "CONTRIBUTING.md": "the theme's own documents",
    "LICENSE": "the theme's own documents",
    "CHANGELOG.md": "the theme's own documents",
    ".gitignore": "version control settings",
    "images/favicon.ico": "the theme's icons",
    "images/favicon.svg": "the theme's icons",
    "images/favicon-32x32.png": "the theme's icons",
    "images/favicon-192x192.png": "the theme's icons",
    "images/favicon-512x512.png": "the theme's icons",
    "images/apple-touch-icon-180x180.png": "the theme's icons",
    "images/manifest.json": "the theme's icons",
    "images/themes": "pictures of the theme's colour schemes",
    ".gitattributes": "version control settings",
}

Kind = Publication.Kind
LinkKind = PublicationLink.Kind
LinkKindP = ProfileLink.Kind

PAGE_SUFFIXES = (".md", ".markdown", ".html")
# The template's own address: a fork keeps its example links to it, and its files.
TEMPLATE_HOST = "academicpages.github.io"

# Front matter every collection may carry that only the old theme reads.
THEME_FIELDS = {
    "layout": "the old theme's page layout",
    "permalink": "addresses here are the site's own",
    "redirect_from": "addresses here are the site's own",
    "redirect_to": "the old page only sent its readers to this address",
    "author_profile": "the old theme's page setting",
    "share": "the old theme's page setting",
    "comments": "the site has no comments",
    "read_time": "the old theme's page setting",
    "related": "the old theme's page setting",
    "toc": "the old theme's page setting",
    "toc_label": "the old theme's page setting",
    "classes": "the old theme's page setting",
    "sidebar": "the old theme's page setting",
    "sitemap": "the site makes its own sitemap",
    "modified": "the site keeps its own dates of change",
    "last_modified_at": "the site keeps its own dates of change",
    "author": "the site has one author, its owner",
    "header": "the old theme's page header",
}

# Words in a publication's category (or, without one, its venue) and the kind
# they say.
CATEGORY_KINDS = (
    (r"workshop", Kind.WORKSHOP),
    (r"preprint|arxiv|working|submitted|under review|in review|in prep", Kind.PREPRINT),
    (r"thes[ie]s|dissertation", Kind.THESIS),
    (r"chapter", Kind.CHAPTER),
    (r"journal|manuscript|article", Kind.JOURNAL),
    (r"conference|proceeding|symposium|congress|meeting", Kind.CONFERENCE),
)
TALK_KINDS = (
    (r"keynote|plenary", Talk.Kind.KEYNOTE),
    (r"invited", Talk.Kind.INVITED),
    (r"poster", Talk.Kind.POSTER),
    (r"panel", Talk.Kind.PANEL),
    (r"tutorial|workshop|lecture|course|class", Talk.Kind.TUTORIAL),
    (r"seminar|colloquium", Talk.Kind.SEMINAR),
    (r"contributed|conference|proceeding|oral|symposium|congress|meeting", Talk.Kind.CONTRIBUTED),
)
COURSE_LEVELS = (
    (r"undergrad|bachelor", Course.Level.UNDERGRADUATE),
    (r"doctora|ph\.?d", Course.Level.DOCTORAL),
    (r"graduate|master|postgrad", Course.Level.GRADUATE),
    (r"professional|executive", Course.Level.PROFESSIONAL),
)
COURSE_ROLES = (
    (r"teaching assistant|\bta\b|assistant", Course.Role.TEACHING_ASSISTANT),
    (r"guest", Course.Role.GUEST),
    (r"co-?(?:lecturer|instructor|teacher)", Course.Role.CO_LECTURER),
    (r"tutor", Course.Role.TUTOR),
    (r"supervis|mentor", Course.Role.SUPERVISOR),
    (r"lecturer|instructor|teacher|professor", Course.Role.LECTURER),
)

# The author block, as the theme's _includes/author-profile.html links it: a field
# holding an address, or a user name put into the service's address.
PROFILE_ADDRESSES = {
    "academia": "Academia",
    "arxiv": "arXiv",
    "googlescholar": "Google Scholar",
    "inspire-hep": "INSPIRE-HEP",
    "impactstory": "Impactstory",
    "orcid": "ORCID",
    "pubmed": "PubMed",
    "researchgate": "ResearchGate",
    "scopus": "Scopus",
    "semantic": "Semantic Scholar",
    "ssrn": "SSRN",
    "zotero": "Zotero",
    "mastodon": "Mastodon",
    "medium": "Medium",
    "telegram": "Telegram",
}
PROFILE_USERS = {
    "bitbucket": ("https://bitbucket.org/{}", "Bitbucket"),
    "codepen": ("https://codepen.io/{}", "CodePen"),
    "dribbble": ("https://dribbble.com/{}", "Dribbble"),
    "github": ("https://github.com/{}", "GitHub"),
    "kaggle": ("https://kaggle.com/{}", "Kaggle"),
    "stackoverflow": ("https://www.stackoverflow.com/users/{}", "Stack Overflow"),
    "artstation": ("https://www.artstation.com/{}", "ArtStation"),
    "bluesky": ("https://bsky.app/profile/{}", "Bluesky"),
    "facebook": ("https://www.facebook.com/{}", "Facebook"),
    "flickr": ("https://www.flickr.com/{}", "Flickr"),
    "foursquare": ("https://foursquare.com/{}", "Foursquare"),
    "goodreads": ("https://www.goodreads.com/{}", "Goodreads"),
    "google_plus": ("https://plus.google.com/+{}", "Google+"),
    "keybase": ("https://keybase.io/{}", "Keybase"),
    "instagram": ("https://instagram.com/{}", "Instagram"),
    "lastfm": ("https://last.fm/user/{}", "Last.fm"),
    "linkedin": ("https://www.linkedin.com/in/{}", "LinkedIn"),
    "pinterest": ("https://www.pinterest.com/{}", "Pinterest"),
    "soundcloud": ("https://soundcloud.com/{}", "SoundCloud"),
    "steam": ("https://steamcommunity.com/id/{}", "Steam"),
    "tumblr": ("https://{}.tumblr.com", "Tumblr"),
    "twitter": ("https://twitter.com/{}", "X (Twitter)"),
    "vine": ("https://vine.co/u/{}", "Vine"),
    "weibo": ("https://www.weibo.com/{}", "Weibo"),
    "wikipedia": ("https://en.wikipedia.org/wiki/User:{}", "Wikipedia"),
    "xing": ("https://www.xing.com/profile/{}", "XING"),
    "youtube": ("https://www.youtube.com/@{}", "YouTube"),
    "zhihu": ("https://www.zhihu.com/people/{}", "Zhihu"),
}
# The kinds the site knows a profile by, where the field says it.
PROFILE_KINDS = {
    "googlescholar": LinkKindP.GOOGLE_SCHOLAR,
    "orcid": LinkKindP.ORCID,
    "github": LinkKindP.GITHUB,
    "linkedin": LinkKindP.LINKEDIN,
    "researchgate": LinkKindP.RESEARCHGATE,
    "semantic": LinkKindP.SEMANTIC_SCHOLAR,
    "bluesky": LinkKindP.BLUESKY,
    "twitter": LinkKindP.X,
    "mastodon": LinkKindP.MASTODON,
}
# _config.yml's own keys that are read; its other keys are the theme's settings.
CONFIG_READ = {"author", "name", "title", "description", "url", "baseurl", "publication_category"}


def detect(repo: Repository) -> int:
    """academicpages keeps publications, talks and teaching as Jekyll collections,
    and ships its Markdown generator and talk map."""
    if not repo.is_dir("_publications"):
        return 0
    score = 3
    for place in ("_talks", "_teaching", "_portfolio", "markdown_generator", "talkmap"):
        score += repo.is_dir(place)
    return score + repo.exists("talkmap.py")


def read(repo: Repository) -> SiteData:
    return Reader(repo).read()


# Text --------------------------------------------------------------------------


def plain(value) -> str:
    """A front matter value as one line of text: HTML tags and entities read, white
    space folded (titles, venues and citations are written with <i> and &quot;)."""
    if value is None:
        return ""
    return " ".join(unescape(strip_tags(str(value))).split())


# $$...$$, or code (which keeps its dollars as written).
_DISPLAY_MATH = re.compile(r"(`+)[\s\S]*?\1|\$\$(.+?)\$\$")


def inline_math(text: str) -> str:
    """MathJax on the old site reads $$...$$ inside a line as inline math, as
    kramdown writes it; here inline math is $...$ and $$ is a display."""
    return _DISPLAY_MATH.sub(lambda m: m.group(0) if m.group(1) else f"${m.group(2)}$", text)


def body_math(text: str) -> str:
    """``inline_math`` for each paragraph that is not itself one display."""
    paragraphs = re.split(r"(\n\s*\n)", text)
    return "".join(
        p if re.fullmatch(r"\s*\$\$.+\$\$\s*", p, re.S) else inline_math(p) for p in paragraphs
    )


_KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")


def year_month(value) -> tuple[int | None, int | None]:
    """A Jekyll date as (year, month). Jekyll needs a full date, so a year alone
    is written as 1 January: that date gives the year only."""
    if isinstance(value, bool):
        return None, None
    if isinstance(value, int):
        return (value, None) if 1000 <= value <= 2999 else (None, None)
    date = as_date(value)
    if date is None and isinstance(value, str):
        text = " ".join(value.replace(",", " ").split())
        for pattern in ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"):
            try:
                date = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            for pattern in ("%B %Y", "%b %Y", "%Y-%m", "%Y"):
                try:
                    parsed = datetime.datetime.strptime(text, pattern)
                    return parsed.year, None if pattern == "%Y" else parsed.month
                except ValueError:
                    continue
    if date is None:
        return None, None
    return date.year, None if (date.month, date.day) == (1, 1) else date.month


_FILE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")


def file_date(path: str) -> datetime.date | None:
    """The date a Jekyll file name starts with (2012-08-14-blog-post-1.md)."""
    match = _FILE_DATE.match(PurePosixPath(path).name)
    return as_date("-".join(match.groups())) if match else None


def when(meta: dict, path: str) -> tuple[int | None, int | None]:
    """(year, month) of an entry: its date, else the date its file name starts with."""
    year, month = year_month(meta.get("date"))
    if year is None and file_date(path):
        year, month = year_month(file_date(path))
    return year, month


# Authors -------------------------------------------------------------------------

# "(2009)", "(2009a)", "(2009, May)", "(n.d.)": where an author-date citation's
# authors end.
_CITATION_YEAR = re.compile(r"\(\s*(?:\d{4}[a-z]?|n\.\s?d\.)(?:[,\s][^()]{0,40})?\)")
_QUOTE = re.compile(r"[\"“”]")
_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la",
    "le", "ten", "ter", "bin", "ibn", "al", "el", "y", "e", "zu", "af", "av",
}  # fmt: skip
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_INITIALS = re.compile(r"(?:[^\W\d_][a-z]?\.-?)+|[A-Z]{1,3}")
_ET_AL = re.compile(r",?\s*(?:et\.?\s*al\.?|and others)\s*$", re.I)
# Chinese, Japanese and Korean names are written without a space between the parts.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _name_like(part: str, most: int = 6) -> bool:
    words = part.split()
    return 0 < len(words) <= most and all(
        _NAME_WORD.fullmatch(w) and (not w[0].islower() or w.lower() in _PARTICLES) for w in words
    )


def _given_like(part: str) -> bool:
    """An APA given part: initials ("J.", "H.-J.") or one given name ("You")."""
    words = part.split()
    return bool(words) and (
        all(_INITIALS.fullmatch(w) for w in words) or (len(words) == 1 and _name_like(part))
    )


def _split(name: str) -> tuple[str, str]:
    """(given, family) of "Ludwig van Beethoven": the family name starts at its
    first particle, or is the last word."""
    words = name.split()
    for i, word in enumerate(words[1:-1], start=1):
        if word.lower() in _PARTICLES:
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words[:-1]), words[-1]


def names_in(text: str) -> tuple[list, list, bool] | None:
    """(authors, marks, truncated) of a list of names ("A. Vesely, L. Finos and J. J.
    Goeman", "Vesely, A., & Finos, L.", "Vesely A, Finos L", "Vesely, Anna; Finos,
    Livio"), or None when the text does not read as names alone."""
    text = " ".join(text.split()).strip(" ,;")
    truncated = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text).strip(" ,;")
    # The full stop that ends the list, after a name rather than an initial.
    if re.search(r"[^\W\d_]{3,}\.$", text):
        text = text[:-1]
    by_semicolon = ";" in text
    text = re.sub(r"\s*,?\s*(?:&|\band\b)\s*", "; " if by_semicolon else ", ", text)
    people: list[tuple[tuple[str, str], tuple[bool, bool]]] = []
    if by_semicolon:
        for person in filter(None, (p.strip() for p in text.split(";"))):
            bare, equal, corresponding = bibtex.marks_of(person)
            if "," in bare:
                family, given = (s.strip() for s in bare.split(",", 1))
            else:
                given, family = _split(bare) if " " in bare else ("", bare)
            if not _name_like(family) or (given and not _name_like(given)):
                return None
            people.append(((given, family), (equal, corresponding)))
    else:
        parts = [bibtex.marks_of(p.strip()) for p in text.split(",") if p.strip()]
        bare = [name for name, _, _ in parts]
        if not bare or not all(_name_like(name) for name in bare):
            return None
        if all(_CJK.search(name) and " " not in name for name in bare):
            people = [(("", name), (equal, corresponding)) for name, equal, corresponding in parts]
        elif all(len(name.split()) >= 2 for name in bare):
            # "Vesely A, Finos L": the initials come after the family name.
            vancouver = all(re.fullmatch(r"[A-Z]{1,3}", name.split()[-1]) for name in bare)
            for name, equal, corresponding in parts:
                words = name.split()
                pair = (words[-1], " ".join(words[:-1])) if vancouver else _split(name)
                people.append((pair, (equal, corresponding)))
        elif len(bare) % 2 == 0 and all(_given_like(name) for name in bare[1::2]):
            # "Vesely, A., Finos, L.": family and given names in turn.
            for family, given in zip(parts[0::2], parts[1::2], strict=True):
                marks = (family[1] or given[1], family[2] or given[2])
                people.append(((given[0], family[0]), marks))
        else:
            return None
    if not people:
        return None
    return [pair for pair, _ in people], [marks for _, marks in people], truncated


def citation_authors(citation: str) -> tuple[list, list, bool] | None:
    """The authors of a citation as academicpages writes it: the names before its
    "(year)" ('Your Name, You. (2009). "Paper Title Number 1." <i>Journal 1</i>.'),
    or before its quoted title (as the theme's pubsFromBib.py writes it); None when
    its authors cannot be told apart from the rest."""
    text = plain(citation)
    year = _CITATION_YEAR.search(text)
    quote = _QUOTE.search(text)
    if year and not (quote and quote.start() < year.start()):
        head = text[: year.start()]
    elif quote:
        head = text[: quote.start()]
    else:
        return None
    if not head.strip() or len(head) > 2000:
        return None
    return names_in(head)


# Reading -------------------------------------------------------------------------


class Reader:
    def __init__(self, repo: Repository):
        self.repo = repo
        self.data = SiteData(NAME)
        self.config: dict = {}
        self.hosts = {TEMPLATE_HOST}
        self.baseurl = ""
        self.categories: dict = {}
        self.navigation: list[str] = []
        self.bibs: dict[str, tuple[list[Record], str]] = {}  # read once each
        self.bodies: dict[str, str] = {}  # the text of every entry, for the files it links

    def read(self) -> SiteData:
        self.read_config()
        self.read_navigation()
        self.read_profile()
        jsonresume.read_into(self.data, self.repo, "_data/cv.json")
        for folder, read in (
            ("_publications", self.publication),
            ("_talks", self.talk),
            ("_teaching", self.course),
            ("_portfolio", self.project),
            ("_posts", self.post),
            ("_pages", self.page),
        ):
            for path in self.repo.glob(folder, PAGE_SUFFIXES):
                if path in self.repo.used:
                    continue  # the home page, read with the profile
                if self.ignored_by_jekyll(path):
                    continue
                try:
                    meta, body = self.repo.page(path)
                except UnsafePath as error:
                    self.error(path, folder, str(error))
                    continue
                if not meta:
                    self.unused(path, "no front matter: Jekyll copies it as a file, not an entry")
                    continue
                if meta.get("published") is False and folder == "_publications":
                    self.unused(path, "published: false: the old site did not show it")
                    continue
                read(path, meta, body)
        self.read_leftovers()
        return self.data

    # Helpers --------------------------------------------------------------------

    def unused(self, path: str, reason: str, field: str = "") -> None:
        self.data.unused.append(Unused(path, reason, field))

    def error(self, path: str, folder: str, message: str, title: str = "") -> None:
        outcome = Outcome(path, 0, Action.ERROR, title=title, message=message)
        outcome.kind = FOLDER_LABELS.get(folder, "Profile")
        self.data.errors.append(outcome)

    def ignored_by_jekyll(self, path: str) -> bool:
        """Jekyll leaves out files whose names start with ".", "_" or "#" or end
        with "~"; so does the import."""
        name = PurePosixPath(path).name
        if name.startswith((".", "_", "#")) or name.endswith("~"):
            self.unused(path, "Jekyll leaves out files named so: the old site did not show it")
            self.repo.mark_used(path)
            return True
        return False

    def rest(self, path: str, meta: dict, used: set[str], collection: str = "") -> None:
        """Every field of ``meta`` not in ``used``, each an Unused with why."""
        for name, value in meta.items():
            if name in used or value is None or value == "" or value == []:
                continue
            if name == "collection" and str(value) == collection:
                continue  # the folder says it too
            if name == "published" and value is False:
                continue  # said by the entry being hidden
            reason = THEME_FIELDS.get(name, "not a field the site has")
            self.unused(path, reason, name)

    def fit(self, path: str, name: str, text: str, limit: int) -> str:
        """``text`` cut to ``limit`` characters, with a word when it is cut."""
        if len(text) <= limit:
            return text
        self.unused(path, f"cut to {limit} characters, the most the site keeps", name)
        return text[: limit - 1].rstrip() + "…"

    def body(self, path: str, text: str) -> tuple[str, list[str]]:
        """A Markdown body as the site keeps it, and notes on it for the preview."""
        text = self.without_lists(path, text)
        found = _KRAMDOWN_ATTRIBUTES.findall(text)
        if found:
            text = _KRAMDOWN_ATTRIBUTES.sub("", text)
            names = ", ".join(dict.fromkeys(found))
            self.unused(path, f"kramdown attributes {shorten(names)}: not Markdown here", "body")
        text, tags = without_template_tags(text, path)
        self.data.unused += tags
        text = body_math(text).strip()
        self.bodies[path] = text
        # Its HTML is made Markdown with every other site's bodies (bodies.finish).
        return text, []

    def main_text(self, path: str, meta: dict, body: str) -> tuple[str, list[str]]:
        """The entry's text: its body, else its ``excerpt`` (the line the old site's
        lists show, which is left out when there is a body)."""
        text, notes = self.body(path, body)
        excerpt = str(meta.get("excerpt") or "").strip()
        if not text:
            return body_math(excerpt), notes
        if excerpt and plain(excerpt) != plain(text):
            why = "the line the old site's lists show; the page's own text is kept"
            self.unused(path, why, "excerpt")
        return text, notes

    def local_file(self, url: str) -> str | None:
        """The file of the checkout that an address of the old site names
        ("https://academicpages.github.io/files/paper1.pdf", "/files/paper1.pdf"),
        or None for an address elsewhere."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme.lower() in {"http", "https"}:
            host = (parts.hostname or "").lower().removeprefix("www.")
            if host not in self.hosts:
                return None
        elif parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if self.baseurl and path.startswith(self.baseurl + "/"):
            path = path[len(self.baseurl) :]
        path = re.sub(r"^(?:\.{1,2}/)+|^/+", "", path)
        return path or None

    def file_of(self, path: str, field: str, url: str, suffixes: tuple[str, ...]):
        """The file ``url`` names, or None with why in an Unused."""
        local = self.local_file(url)
        if not local or not self.repo.exists(local):
            self.unused(path, f"{url}: an address of the old site with no file here", field)
            return None
        if not local.lower().endswith(suffixes):
            kinds = " or ".join(suffixes)
            self.unused(path, f"{local}: not {kinds}: the site keeps no such file here", field)
            self.repo.mark_used(local)
            return None
        try:
            return self.repo.file(local)
        except UnsafePath as error:
            self.unused(path, str(error), field)
            return None

    def image(self, path: str, field: str, value: str):
        """A teaser or avatar: a file under images/, as the theme finds it."""
        value = str(value).strip()
        if "://" in value and self.local_file(value) is None:
            self.unused(path, f"{value}: an image elsewhere, not downloaded", field)
            return None
        local = self.local_file(value) if "://" in value or value.startswith("/") else value
        if "/" not in local:
            local = f"images/{local}"
        return self.file_of(path, field, local, (".png", ".jpg", ".jpeg", ".gif", ".webp"))

    def url(self, path: str, field: str, value) -> str:
        """An http(s) address of ``value``, or "" with why."""
        text = str(value or "").strip()
        if re.match(r"https?://[^\s/]+\.[^\s]*$", text, re.I):
            return text
        if text:
            self.unused(path, f"{shorten(text)}: not a web address", field)
        return ""

    # _config.yml and the profile --------------------------------------------------

    def read_config(self) -> None:
        if not self.repo.exists("_config.yml"):
            return
        try:
            config = self.repo.data("_config.yml")
        except UnsafePath as error:
            self.error("_config.yml", "", str(error), "Site settings")
            return
        if not isinstance(config, dict):
            self.error("_config.yml", "", "not a set of settings", "Site settings")
            return
        self.config = config
        url = str(config.get("url") or "")
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        if host:
            self.hosts.add(host)
        self.baseurl = "/" + str(config.get("baseurl") or "").strip("/")
        self.baseurl = "" if self.baseurl == "/" else self.baseurl
        categories = config.get("publication_category")
        if isinstance(categories, dict):
            self.categories = {
                str(key): plain(value.get("title")) if isinstance(value, dict) else ""
                for key, value in categories.items()
            }
        settings = sorted(
            str(k) for k, v in config.items() if k not in CONFIG_READ and v not in (None, "")
        )
        if settings:
            self.unused(
                "_config.yml",
                "the theme's settings (look, build, comments, analytics): the site has its own",
                ", ".join(settings),
            )
        for name, reason in (
            ("title", "the site is headed by the profile's name"),
            ("description", "the old site's description for search engines"),
            ("url", "the old site's address, by which the links to its own files were found"),
        ):
            if config.get(name):
                self.unused("_config.yml", reason, name)

    def read_navigation(self) -> None:
        if not self.repo.exists("_data/navigation.yml"):
            return
        try:
            navigation = self.repo.data("_data/navigation.yml")
        except UnsafePath as error:
            # The error names the file, as the Unused line does already.
            self.unused("_data/navigation.yml", str(error).removeprefix("_data/navigation.yml: "))
            return
        items = navigation.get("main") if isinstance(navigation, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("url"):
                self.navigation.append(str(item["url"]).strip("/"))

    def read_profile(self) -> None:
        author = self.config.get("author")
        author = {"name": author} if isinstance(author, str) else author
        author = author if isinstance(author, dict) else {}
        path = "_config.yml"
        values, files = {}, {}
        name = plain(author.get("name")) or plain(self.config.get("name"))
        if name:
            values["name"] = self.fit(path, "author.name", name, 200)
            if author.get("name") and plain(self.config.get("name")) not in ("", name):
                self.unused(path, "the profile's name is the author's (author.name)", "name")
        bio = plain(author.get("bio"))
        employer = plain(author.get("employer"))
        # The sidebar's bio is the line under the name; without one, the employer is.
        # An employer is not made a position: the theme gives it no role and no dates.
        headline = bio or employer
        if headline:
            field = "author.bio" if bio else "author.employer"
            values["headline"] = self.fit(path, field, headline, 200)
        if bio and employer:
            why = "the headline is the sidebar's bio; add the position, with its dates, to the CV"
            self.unused(path, why, "author.employer")
        email = str(author.get("email") or "").strip()
        if email:
            try:
                validate_email(email)
                values["email"] = email
            except ValidationError:
                self.unused(path, f"{email}: not an email address", "author.email")
        website = self.url(path, "author.uri", author.get("uri"))
        if website:
            values["website"] = website
        if author.get("avatar"):
            photo = self.image(path, "author.avatar", author["avatar"])
            if photo:
                files["photo"] = photo
        for field in ("location", "pronouns"):
            if author.get(field):
                self.unused(path, "the profile has no such field", f"author.{field}")
        about_text = self.read_about()
        if about_text:
            values["bio"] = about_text
        if values.get("name") or values.get("bio"):
            if not values.get("name"):
                self.error(path, "", "no author.name or name: the profile needs a name", "Profile")
            else:
                key = f"site:{path}"
                profile = EntryRecord("profile", path, "Profile", "site", key, values, files=files)
                self.data.entries.append(profile)
        self.read_links(author)

    def read_about(self) -> str:
        """The home page's text (_pages/about.md, at the site's root): the profile's bio."""
        pages = self.repo.glob("_pages", (".md", ".markdown"))
        about = next((p for p in pages if PurePosixPath(p).stem == "about"), None)
        if about is None:
            return ""
        try:
            meta, body = self.repo.page(about)
        except UnsafePath as error:
            self.error(about, "_pages", str(error), "Profile")
            return ""
        text, _ = self.body(about, body)
        if meta.get("title"):
            self.unused(about, "the home page here is headed by the profile's name", "title")
        self.rest(about, meta, {"title"})
        return text

    def read_links(self, author: dict) -> None:
        path = "_config.yml"
        used = {"name", "bio", "employer", "email", "uri", "avatar", "location", "pronouns"}
        for field, value in author.items():
            if field in used or value in (None, ""):
                continue
            text = str(value).strip()
            if field in PROFILE_ADDRESSES:
                label = PROFILE_ADDRESSES[field]
                url = self.url(path, f"author.{field}", text)
            elif field in PROFILE_USERS:
                pattern, label = PROFILE_USERS[field]
                # A user name, as the theme wants; a whole address is taken as it is.
                url = text if re.match(r"https?://", text) else pattern.format(text.strip("@/"))
                url = self.url(path, f"author.{field}", url)
            else:
                self.unused(path, "not a field the theme shows", f"author.{field}")
                continue
            if not url:
                continue
            kind = PROFILE_KINDS.get(field) or profile_link_kind(url)
            values = {"kind": kind, "label": label if kind == LinkKindP.OTHER else "", "url": url}
            key = f"site:{path}#author.{field}"
            self.data.entries.append(
                EntryRecord("link", path, "Profile link", "site", key, values)
            )

    # Publications -------------------------------------------------------------------

    def kind(self, category: str, venue: str, notes: list[str]) -> str:
        """The kind a category says (by its name or its heading in _config.yml's
        publication_category); without a category, the kind the venue says."""
        texts = (category, self.categories.get(category, "")) if category else (venue,)
        for text in texts:
            for pattern, kind in CATEGORY_KINDS:
                if re.search(pattern, text, re.I):
                    return kind
        if not category:
            if preprint_server(venue):
                return Kind.PREPRINT
            notes.append("no category: filed as Other")
        elif any(re.search(r"\bbooks?\b", text, re.I) for text in texts):
            # A category's word only: a venue that says "book" ("Book of abstracts")
            # is seldom a book.
            return Kind.BOOK
        else:
            notes.append(f"category “{category}” is not a kind the site has: filed as Other")
        return Kind.OTHER

    def teaser(self, path: str, meta: dict, fallback: str = ""):
        """The image of the theme's grid (``header: teaser:``), else ``fallback``;
        the header's other fields are the old theme's."""
        header = meta.get("header")
        if header is None:
            header = {}
        if not isinstance(header, dict):
            self.unused(path, "the old theme's page header", "header")
            header = {}
        for name, value in header.items():
            if name != "teaser" and value not in (None, ""):
                self.unused(path, "the old theme's page header", f"header.{name}")
        if header.get("teaser"):
            return self.image(path, "header.teaser", header["teaser"])
        return self.image(path, "excerpt", fallback) if fallback else None

    def publication(self, path: str, meta: dict, body: str) -> None:
        folder = "_publications"
        title = inline_math(plain(meta.get("title")))
        year, month = when(meta, path)
        if not title or year is None:
            missing = "title" if not title else "date"
            self.error(
                path, folder, f"no {missing}: a publication needs its title and year", title
            )
            return
        notes: list[str] = []
        used = {"title", "date", "collection", "category", "venue", "excerpt", "citation"}
        venue = self.fit(path, "venue", plain(meta.get("venue")), 300)
        category = str(meta.get("category") or "").strip()
        record = Record(
            key=path,
            line=0,
            title=self.fit(path, "title", title, 500),
            kind=self.kind(category, venue, notes),
            year=year,
            month=month,
            venue=venue,
            source="site",
            source_key=f"site:{path}",
        )
        # Links and the paper's own files.
        for field, link_kind in (
            ("paperurl", None),
            ("slidesurl", LinkKind.SLIDES),
            ("link", None),
        ):
            value = meta.get(field)
            if not value:
                continue
            used.add(field)
            url = str(value).strip()
            if self.local_file(url) is not None:
                if field == "paperurl" and "pdf" not in record.files:
                    pdf = self.file_of(path, field, url, (".pdf",))
                    if pdf:
                        record.files["pdf"] = pdf
                else:
                    self.local_unused(path, field, url)
                continue
            url = self.url(path, field, url)
            if url:
                self.add_link(record, link_kind or link_kind_of(url), url)
        used.add("header")
        image = self.teaser(path, meta)
        if image:
            record.files["image"] = image
        self.read_authors(path, meta, record, notes)
        used.update({"bibtexurl", "authors"})
        record.topics = self.topics(meta, used, ("tags",))
        record.abstract, text_notes = self.main_text(
            path, meta, self.without_generated_lines(path, body)
        )
        record.notes = notes + text_notes
        record.author_marks = record.author_marks or [(False, False)] * len(record.authors)
        self.rest(path, meta, used, "publications")
        self.data.records.append(record)

    def read_authors(self, path: str, meta: dict, record: Record, notes: list[str]) -> None:
        """The authors from the old site's BibTeX file of the same work, else from an
        ``authors`` field (which many sites add), else from the citation line, the
        only place academicpages itself names them."""
        bib = self.bib_of(path, meta, record)
        listed = meta.get("authors")
        if isinstance(listed, list):
            listed = ", ".join(plain(name) for name in listed)
        listed = plain(listed)
        citation = str(meta.get("citation") or "")
        found, source = None, ""
        if bib is not None and bib.authors:
            found, source = (bib.authors, bib.author_marks, bib.truncated_authors), "BibTeX file"
        elif listed and names_in(listed):
            found, source = names_in(listed), "authors field"
        elif citation and citation_authors(citation):
            found, source = citation_authors(citation), "citation"
        if found:
            record.authors, record.author_marks, record.truncated_authors = found
        elif citation or listed:
            quoted = shorten(plain(citation) or listed, 60)
            notes.append(f"the authors could not be read from “{quoted}”: add them here")
        else:
            notes.append(
                "no authors: academicpages names them only in its citation, and it has none"
            )
        if listed and source != "authors field":
            why = f"the authors came from the {source}" if found else "not read as names"
            self.unused(path, why, "authors")
        if citation:
            why = "the site writes its own citations"
            if source == "citation":
                why += "; its authors were read from it"
            self.unused(path, why, "citation")

    def add_link(self, record: Record, kind: str, url: str) -> None:
        identifiers = {LinkKind.DOI, LinkKind.ARXIV, LinkKind.PUBMED, LinkKind.PMC}
        if kind in identifiers and any(k == kind for k, _ in record.links):
            return
        if (kind, url) not in record.links:
            record.links.append((kind, url))

    def local_unused(self, path: str, field: str, url: str) -> None:
        local = self.local_file(url)
        if self.repo.exists(local):
            self.repo.mark_used(local)
            self.unused(
                path,
                f"{local}: a file of the old site, and the site keeps no such file for it: "
                "put it online and add its link here",
                field,
            )
        else:
            self.unused(path, f"{url}: an address of the old site with no file here", field)

    _GENERATED = re.compile(
        r"^\s*(?:Recommended citation:.*"
        r"|\[(?:Download|Access) paper here\]\([^)]*\)"
        r"|<a href=['\"][^'\"]*['\"]>Download paper here</a>"
        r"|Use \[Google Scholar\]\([^)]*\)(?:\{:[^}]*\})? for full citation)"
        r"\s*(?:\{:[^}]*\})?\s*$",
        re.M,
    )

    def without_generated_lines(self, path: str, body: str) -> str:
        """The body without the lines the theme's generators write under a paper
        (its citation, "Download paper here"): the site shows those itself."""
        text, count = self._GENERATED.subn("", body)
        if count:
            self.unused(
                path,
                "the generator's lines under the paper (its citation, a download link): "
                "the site shows its own",
                "body",
            )
        return text

    def bib_of(self, path: str, meta: dict, record: Record) -> Record | None:
        """The entry of the old site's BibTeX file (``bibtexurl``) that is this
        publication, read for its authors, key and identifiers."""
        url = str(meta.get("bibtexurl") or "").strip()
        if not url:
            return None
        local = self.local_file(url)
        if local is None:
            self.unused(path, "the site writes each paper's BibTeX itself", "bibtexurl")
            return None
        if not self.repo.exists(local):
            self.unused(path, f"{url}: an address of the old site with no file here", "bibtexurl")
            return None
        if local not in self.bibs:
            try:
                entries, _ = bibtex.parse(self.repo.text(local))
                self.bibs[local] = (entries, "")
            except (UnsafePath, ValueError) as error:
                # Said after the file's name, for each paper that names it.
                self.bibs[local] = ([], str(error).removeprefix(f"{local}: "))
        entries, problem = self.bibs[local]
        if problem:
            self.unused(path, f"{local}: {problem}", "bibtexurl")
            return None
        same = [e for e in entries if normalise_title(e.title) == normalise_title(record.title)]
        if not same:
            others = ", ".join(f"“{e.title}”" for e in entries[:2]) or "no entry it can read"
            self.unused(
                path,
                f"{local} holds {shorten(others, 100)}, not this paper: not used",
                "bibtexurl",
            )
            return None
        entry = same[0]
        if re.fullmatch(r"[\w:.-]+", entry.key):
            record.key = entry.key
        for kind, link in entry.links:
            if kind in {LinkKind.DOI, LinkKind.ARXIV, LinkKind.PUBMED, LinkKind.PMC}:
                self.add_link(record, kind, link)
        return entry

    # Talks, courses, projects, news -------------------------------------------------

    def entry(self, model: str, path: str, label: str, values: dict, meta: dict, **extra):
        if meta.get("published") is False:
            values["is_published"] = False
        self.data.entries.append(
            EntryRecord(model, path, label, "site", f"site:{path}", values, **extra)
        )

    def topics(self, meta: dict, used: set[str], fields=("tags", "categories", "category")):
        """The entry's tags and categories, as topics. Jekyll reads a line of them
        as words ("tags: bayes inference"), or as items when they are a list."""
        used.update(fields)
        values = []
        for field in fields:
            value = meta.get(field)
            if isinstance(value, str) and "," not in value:
                value = value.split()
            values += as_list(value)
        return clean_topics(str(v) for v in values if isinstance(v, str | int | float))

    def talk(self, path: str, meta: dict, body: str) -> None:
        folder = "_talks"
        title = self.fit(path, "title", inline_math(plain(meta.get("title"))), 300)
        year, month = when(meta, path)
        venue = plain(meta.get("venue"))
        location = plain(meta.get("location"))
        used = {"title", "date", "collection", "venue", "location", "type", "talk_type"}
        if year is None:
            self.error(path, folder, "no date: a talk needs its year", title)
            return
        if not venue and not location:
            self.error(path, folder, "no venue: a talk needs its event", title)
            return
        notes = [] if venue else ["no venue: its location is its event"]
        values = {
            "title": title,
            "event": self.fit(path, "venue", venue or location, 300),
            "location": self.fit(path, "location", location, 200) if venue else "",
            "year": year,
            "month": month,
        }
        talk_type = plain(meta.get("type") or meta.get("talk_type"))
        kind = next((k for p, k in TALK_KINDS if re.search(p, talk_type, re.I)), None)
        if kind is None and talk_type.lower() in {"", "talk", "talks", "presentation"}:
            kind = Talk.Kind.INVITED
            notes.append(
                f"type “{talk_type or 'none'}”: shown as an invited talk, the site's "
                "default; change it if it was contributed"
            )
        elif kind is None:
            kind = Talk.Kind.OTHER
            notes.append(f"type “{talk_type}” is not a kind of talk here: filed as Other")
        values["kind"] = kind
        for field in ("slidesurl", "talk_url", "link", "video"):
            value = meta.get(field)
            if not value:
                continue
            used.add(field)
            if self.local_file(str(value)) is not None:
                self.local_unused(path, field, str(value))
                continue
            url = self.url(path, field, value)
            link_kind = link_kind_of(url) if url else None
            if field == "slidesurl" and url and "slides_url" not in values:
                values["slides_url"] = url
            elif link_kind == LinkKind.VIDEO and "video_url" not in values:
                values["video_url"] = url
            elif url:
                self.unused(path, f"{url}: a talk here has its slides and video only", field)
        values["abstract"], body_notes = self.main_text(path, meta, body)
        used.add("excerpt")
        topics = self.topics(meta, used)
        self.rest(path, meta, used, "talks")
        self.entry("talk", path, "Talk", values, meta, topics=topics, notes=notes + body_notes)

    def course(self, path: str, meta: dict, body: str) -> None:
        folder = "_teaching"
        title = self.fit(path, "title", inline_math(plain(meta.get("title"))), 200)
        if not title:
            self.error(path, folder, "no title: a course needs its title")
            return
        used = {"title", "date", "collection", "venue", "type"}
        values = {
            "title": title,
            "institution": self.fit(path, "venue", plain(meta.get("venue")), 200),
        }
        year, month = when(meta, path)
        if year is not None:
            values["start_year"], values["start_month"] = year, month
        course_type = plain(meta.get("type"))
        level = next((k for p, k in COURSE_LEVELS if re.search(p, course_type, re.I)), "")
        role = next((k for p, k in COURSE_ROLES if re.search(p, course_type, re.I)), None)
        values["level"] = level
        if role:
            values["role"] = role
        if course_type and not level and not role:
            self.unused(
                path, f"“{course_type}” is neither a level nor a role the site has", "type"
            )
        if meta.get("location"):
            used.add("location")
            self.unused(path, "a course here has its institution, not a place", "location")
        values["description"], notes = self.main_text(path, meta, body)
        used.add("excerpt")
        topics = self.topics(meta, used)
        self.rest(path, meta, used, "teaching")
        self.entry("course", path, "Course", values, meta, topics=topics, notes=notes)

    def project(self, path: str, meta: dict, body: str) -> None:
        folder = "_portfolio"
        title = self.fit(path, "title", inline_math(plain(meta.get("title"))), 200)
        if not title:
            self.error(path, folder, "no title: a project needs its title")
            return
        used = {"title", "collection", "excerpt", "header", "date", "link", "redirect_to"}
        excerpt = str(meta.get("excerpt") or "")
        values = {
            "title": title,
            "summary": self.fit(path, "excerpt", inline_math(plain(excerpt)), 300),
        }
        year, month = when(meta, path)
        if year is not None:
            values["start_year"], values["start_month"] = year, month
        files = {}
        # The teaser of the theme's grid, else an image the excerpt shows.
        shown = re.search(r"<img[^>]*\ssrc=['\"]([^'\"]+)['\"]", excerpt)
        image = self.teaser(path, meta, shown.group(1) if shown else "")
        if image:
            files["image"] = image
            values["image_alt"] = title
        # The theme's outside link, or the address the project's page sent readers to.
        links = []
        for field in ("link", "redirect_to"):
            url = self.url(path, field, meta.get(field)) if meta.get(field) else ""
            kind = PROJECT_LINKS.get(link_kind_of(url), ProjectLink.Kind.WEBSITE)
            if url and (kind, url) not in links:
                links.append((kind, url))
        text, notes = self.body(path, body)
        values["description"] = text
        topics = self.topics(meta, used)
        self.rest(path, meta, used, "portfolio")
        self.entry(
            "project",
            path,
            "Project",
            values,
            meta,
            topics=topics,
            links=links,
            files=files,
            notes=notes,
        )

    def post(self, path: str, meta: dict, body: str) -> None:
        folder = "_posts"
        date = as_date(meta.get("date")) or file_date(path)
        title = plain(meta.get("title"))
        if not title and _FILE_DATE.match(PurePosixPath(path).name):
            # Jekyll titles a post by its file name when it has no title.
            stem = _FILE_DATE.sub("", PurePosixPath(path).stem)
            title = stem.replace("-", " ").strip().capitalize()
        if date is None or not title:
            missing = "date" if date is None else "title"
            self.error(path, folder, f"no {missing}: a news item needs its date and title", title)
            return
        used = {"title", "date", "excerpt"}
        text, notes = self.main_text(path, meta, body)
        values = {
            "title": self.fit(path, "title", inline_math(title), 300),
            "date": date.isoformat(),
            "text": text,
        }
        topics = self.topics(meta, used)
        self.rest(path, meta, used, "posts")
        self.entry("news", path, "News", values, meta, topics=topics, notes=notes)

    # Pages --------------------------------------------------------------------------

    # Liquid that reads the site's entries or data.
    _LISTS = re.compile(
        r"\{[{%][^}]*?(?:\bsite\.(?:posts|pages|publications|talks|teaching|portfolio|"
        r"collections|documents|tags|categories|data|static_files)\b|\bpaginator\b|cv-template)"
    )
    # The most text a page that lists entries has of its own ("A list of all the
    # posts and pages found on the site."), headings and all.
    LIST_PAGE_TEXT = 300
    _LOOP = re.compile(r"\{%-?\s*for\b.*?\{%-?\s*endfor\s*-?%\}", re.S)

    def page(self, path: str, meta: dict, body: str) -> None:
        permalink = str(meta.get("permalink") or "").strip("/")
        title = self.fit(path, "title", inline_math(plain(meta.get("title"))), 200)
        name = PurePosixPath(path).stem
        if permalink in {"404.html", "404"} or name == "404":
            self.unused(path, "the old site's page for a missing address: the site has its own")
            return
        if permalink.startswith("talkmap") or name == "talkmap":
            self.unused(path, "the theme's map of the places of talks")
            return
        is_cv = permalink in {"cv", "resume"} or name in {"cv", "resume"}
        if self._LISTS.search(body) and not is_cv:
            own, _ = without_template_tags(self._LOOP.sub("", body), path)
            if len(plain(own)) < self.LIST_PAGE_TEXT:
                why = "a page that lists the old site's entries: the site makes its own"
                self.unused(path, why)
                return
        if not title:
            self.error(path, "_pages", "no title: a page needs its title")
            return
        used = {"title", "permalink"}
        notes = []
        if is_cv:
            notes.append(
                "the site's CV (/cv/) is built from its positions, publications, talks "
                "and teaching: this page keeps the old CV's own text, hidden, to copy from"
            )
        text, body_notes = self.body(path, body)
        if not text:
            self.unused(path, "a page with no text of its own")
            return
        listed = permalink in self.navigation and not is_cv
        values = {
            "title": title,
            "body": text,
            "in_navigation": listed,
            "menu_order": self.navigation.index(permalink) if listed else 0,
        }
        if is_cv:
            values["is_published"] = False
        if meta.get("permalink"):
            self.unused(
                path,
                "addresses here are the site's own (/pages/<slug>/)",
                "permalink",
            )
        self.rest(path, meta, used)
        self.entry("page", path, "Page", values, meta, notes=notes + body_notes)

    def without_lists(self, path: str, body: str) -> str:
        """The body without the lists the old site built from its entries (the CV's
        publications, a home page's latest posts), and without the headings left
        with nothing under them."""
        found = self._LOOP.findall(body)
        if not found:
            return body
        body = self._LOOP.sub("", body)
        self.unused(
            path,
            f"{len(found)} list{'s' if len(found) > 1 else ''} the old site built from its "
            "entries (Liquid loops): the site makes its own lists",
            "body",
        )
        # A heading (setext or #) followed only by white space and empty list tags.
        empty = re.compile(
            r"^(?:[^\n]+\n(?:=+|-+)|#{1,6} [^\n]+)\n(?:\s|</?ul>|</?ol>)*"
            r"(?=\n[^\n]+\n(?:=+|-+)\n|\n#{1,6} |\Z)",
            re.M,
        )
        return re.sub(r"\n{3,}", "\n\n", empty.sub("", body))

    # What is left -------------------------------------------------------------------

    def read_leftovers(self) -> None:
        for path in self.repo.glob("_drafts", PAGE_SUFFIXES):
            self.unused(path, "a draft the old site did not publish")
            self.repo.mark_used(path)
        if self.repo.exists("_data/authors.yml"):
            self.unused(
                "_data/authors.yml",
                "profiles of other authors of posts: the site has one person's profile",
            )
            self.repo.mark_used("_data/authors.yml")
        if self.repo.exists("CNAME"):
            self.unused(
                "CNAME", "the old site's domain: this site's address is set where it is served"
            )
            self.repo.mark_used("CNAME")
        text = "\n".join(self.bodies.values())
        for path in self.repo.glob("files", ("",)):
            if path in self.repo.used:
                continue
            if f"files/{PurePosixPath(path).name}" in text or path in text:
                reason = (
                    "linked from a page's text only: not brought in (the link still points "
                    "at the old site's address)"
                )
            else:
                reason = "a file of the old site that no entry names"
            self.unused(path, reason)
            self.repo.mark_used(path)


# The kind of a project's link, from the kind its address says.
PROJECT_LINKS = {LinkKind.CODE: ProjectLink.Kind.CODE, LinkKind.VIDEO: ProjectLink.Kind.VIDEO}
FOLDER_LABELS = {
    "_publications": "Publication",
    "_talks": "Talk",
    "_teaching": "Course",
    "_portfolio": "Project",
    "_posts": "News",
    "_pages": "Page",
}
