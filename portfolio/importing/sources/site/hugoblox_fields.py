"""What a Hugo Blox page holds, read into plain values: one line of text from
Markdown ("In *ICW*" is "ICW"), dates as Hugo writes them, bodies without the
theme's shortcodes, and the front matter as it is taken, field by field, so
that each field left out is named with why (``Fields``)."""

import html
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .repository import Unused, as_date, without_template_tags

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")

# Why a field is not brought in, for the fields pages of every kind have.
LAYOUT = "how the old theme laid out the page"
LAYOUT_FIELDS = (
    "type", "layout", "weight", "design", "view", "math", "diagram", "highlight", "markup", "toc",
    "reading_time", "share", "commentable", "editable", "pager", "show_related", "show_date",
    "hide_date", "header", "banner", "cover", "sidebar", "cms_exclude", "content_meta",
    "headless", "active", "show_breadcrumb", "hide_page_title", "outputs", "build", "_build",
    "cascade", "profile",
)  # fmt: skip
ADDRESS = "addresses here are the site's own"
SHOWN = "when the old site began to show the page; here an entry shows once it is published"
OWNERS = "an entry of this kind is the owner's: its authors are not kept"
REASONS = {
    **dict.fromkeys(LAYOUT_FIELDS, LAYOUT),
    **dict.fromkeys(("url", "aliases", "slug", "permalink"), ADDRESS),
    "publishDate": SHOWN,
    "publishdate": SHOWN,
    "expiryDate": "when the old site stopped showing the page; here an entry shows until "
    "it is unpublished",
    "lastmod": "when the page last changed: the site keeps its own",
    "subtitle": "the site shows no subtitle",
    "projects": "an entry is linked to its projects in the admin (a project's publications "
    "and talks)",
    "featured": "only publications are featured on the home page here",
    "authors": OWNERS,
    "author": OWNERS,
    "event_url": "a talk here has no link to its event",
    "date_end": "a talk here has a year and a month, not an end",
    "event_end": "a talk here has a year and a month, not an end",
    "all_day": "a talk here has no time of day",
    "event_all_day": "a talk here has no time of day",
}


class Refused(ValueError):
    """The page cannot come in at all (no title, no date): its error outcome."""


# Values ----------------------------------------------------------------------


def text(value) -> str:
    """A value written as one line of text ("" for a list, a table or nothing)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return " ".join(str(value).split())


def markdown(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def empty(value) -> bool:
    """A value that holds nothing: left out without a word."""
    if isinstance(value, dict):
        return all(empty(v) for v in value.values())
    if isinstance(value, list):
        return all(empty(v) for v in value)
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def items(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def table(value) -> dict:
    return value if isinstance(value, dict) else {}


def strings(value) -> list[str]:
    """A list of strings, or one string as a list of one."""
    if isinstance(value, list):
        return [text(v) for v in value if text(v)]
    return [text(value)] if text(value) else []


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def plain(value) -> str:
    """One line of Markdown as text: "In *ICW*" is "In ICW", [a](b) is "a"."""
    out = _MD_LINK.sub(r"\1", text(value))
    for _ in range(2):  # emphasis inside emphasis
        out = _EMPHASIS.sub(r"\2", out)
    return html.unescape(out).replace("\xad", "").strip()


def venue_of(value) -> str:
    """A venue as the theme writes it ("In *ICMEW*, IEEE."), without its "In"."""
    return re.sub(r"^In\s+", "", plain(value)).rstrip(".").strip()


def year_month(value) -> tuple[int | None, int | None]:
    """A front matter date ("2015-09-01T00:00:00Z", a date, "2019-06", 2012)."""
    date = as_date(value)
    if date:
        return date.year, date.month
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?\s*", text(value))
    if not match:
        return None, None
    month = int(match.group(2)) if match.group(2) else None
    return int(match.group(1)), month if month and 1 <= month <= 12 else None


def is_web(url: str) -> bool:
    """An address a link here takes (the checks of the site's URL fields)."""
    return bool(re.match(r"^https?://[^\s{}\\\"<>^`|]+$", url, re.I)) and len(url) <= 500


def valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


_ALERT = re.compile(r"^(>\s*)\[!(\w+)\][+-]?[ \t]*(.*)$", re.M)
_ATTRIBUTES = re.compile(r"^[ \t]*\{[.#]?[\w-]+(?:=[^}\n]*)?\}[ \t]*(?:\n|\Z)", re.M)


def body_of(body: str, path: str, unused: list[Unused]) -> str:
    """A Markdown body as this site's Markdown: the theme's shortcodes and block
    attributes ({style="…"}) taken out, each named; its callouts ("> [!NOTE]")
    written as a bold word."""
    body, tags = without_template_tags(body, path)
    unused += tags
    if _ATTRIBUTES.search(body):
        body = _ATTRIBUTES.sub("", body)
        unused.append(Unused(path, 'Markdown attributes ({style="…"}): the old layout'))

    def alert(match: re.Match) -> str:
        rest = f" {match.group(3)}" if match.group(3) else ""
        return f"{match.group(1)}**{match.group(2).capitalize()}**{rest}"

    return re.sub(r"\n{3,}", "\n\n", _ALERT.sub(alert, body)).strip()


def is_credit(caption: str) -> bool:
    """A caption that credits the image ("Image credit: Unsplash", "Photo by …")
    rather than describing it."""
    return bool(
        re.match(
            r"^(?:(?:image|photo|picture)\s+(?:credit|by|from)|credit|source|©)", caption, re.I
        )
    )


class Fields:
    """A page's front matter while it is read: each field taken is marked, and
    ``rest()`` names the others that hold something, with why they stay out."""

    def __init__(self, meta: dict, path: str):
        self.meta, self.path = meta, path
        self.taken: set[str] = set()
        self.unused: list[Unused] = []

    def get(self, *names: str):
        """The first of ``names`` that holds something (each is marked taken)."""
        self.taken.update(names)
        return next((self.meta[n] for n in names if not empty(self.meta.get(n))), None)

    def leave(self, name: str, reason: str, value=None) -> None:
        """``name`` (or a part of one: "image.caption", "links[2]") left out, with
        why, when it holds something."""
        self.taken.add(re.split(r"[.\[]", name)[0])
        shown = self.meta.get(name) if value is None else value
        if not empty(shown):
            self.unused.append(Unused(self.path, reason, name))

    def rest(self, reasons: dict | None = None) -> list[Unused]:
        reasons = {**REASONS, **(reasons or {})}
        for name, value in self.meta.items():
            if name not in self.taken and not empty(value):
                reason = reasons.get(name, "not a field the site has")
                self.unused.append(Unused(self.path, reason, name))
        return self.unused
