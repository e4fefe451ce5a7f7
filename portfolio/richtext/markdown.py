"""Markdown in text written in the admin (bio, abstracts, page bodies), made safe.

markdown-it renders CommonMark, with GitHub's pipe tables and raw HTML turned
off; nh3 then keeps only a small set of tags and http(s)/mailto links, whatever
the renderer produced.

Headings follow the page's outline: a page that shows the text under its own
heading says which level a ``#`` heading takes (``render_markdown(text,
heading_level=2)``: ``#`` is an h2, ``##`` an h3, ... down to h6), and no heading
is ever more than one level below the one before it, so a text written with
``##`` only still follows the page's h1. Where the text has no place in the
outline (a list, an abstract folded in ``<details>``), a heading is a paragraph
in bold.

An image is shown only from the site's own uploads ("![Lab photo](/media/library/lab.jpg)",
an address under the media folder with the extension of an image the site
accepts); any other image is a link to it (http and https) or its description.

A link to another page of the site, or an image, is written from the site's root
("[our paper](/publications/sparse-routing/)"); it is rendered under the address
the site is served at, so that it also works in a static copy published under a
path (https://user.github.io/portfolio/).

Math (``$x_i$``, ``\\(x_i\\)``, ``$$\\sum_i x_i$$``) is read before any other
mark, so that ``_`` and ``*`` inside it stay LaTeX, and is rendered as MathML
(see richtext/mathtext.py). In a table a ``|`` inside math is written ``\\|``, as
any ``|`` in a cell is.
"""

import re
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import nh3
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.html import strip_tags
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from .mathtext import MATHML_ATTRIBUTES, MATHML_TAGS, MathFinder, math_as_text, mathml

# The kinds of image an upload may be (portfolio/media/uploads.py, which this app
# does not import: tests/test_markdown.py checks that the two agree).
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# A table's column alignment, as a class rather than a free style attribute.
ALIGN_CLASSES = {f"align-{side}" for side in ("left", "center", "right")}

_renderer = MarkdownIt("commonmark", {"html": False}).enable("table")


def _math_rule(state: StateInline, silent: bool) -> bool:
    # Runs before the backslash escapes, so that a backslash and a parenthesis open
    # math; an escaped dollar sign is read by the escape rule before its "$" is reached.
    if state.src[state.pos] not in "$\\":
        return False
    # One finder for each text the renderer reads, kept for the whole rendering, so
    # that what it learnt of the text serves every later opener in it.
    finders = state.env.setdefault("math_finders", {})
    finder = finders.get(state.src)
    if finder is None:
        finder = finders[state.src] = MathFinder(state.src)
    # Inside a link's text, math must close before the text does.
    found = finder.match(state.pos, state.posMax)
    if found is None:
        return False
    end, latex, display = found
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content, token.meta = latex, {"display": display}
    state.pos = end
    return True


def _render_math(self, tokens, idx, options, env):
    token = tokens[idx]
    if env.get("plain"):
        return escapeHtml(math_as_text(token.content, token.meta["display"]))
    return mathml(token.content, token.meta["display"])


_renderer.inline.ruler.before("escape", "math_inline", _math_rule)
_renderer.add_render_rule("math_inline", _render_math)


def _outline(state: StateCore) -> None:
    """Each heading at its level in the page (see the module), or in bold where
    the text has no place in the outline; a table column's alignment as a class."""
    base = state.env.get("heading_level")
    previous = base - 1 if base else 0
    level = 0
    for token in state.tokens:
        if token.type == "heading_open":
            if base is None:
                token.meta["in_bold"] = True
            else:
                level = min(6, base + int(token.tag[1]) - 1, previous + 1)
                previous = level
                token.tag = f"h{level}"
        elif token.type == "heading_close":
            if base is None:
                token.meta["in_bold"] = True
            else:
                token.tag = f"h{level}"
        elif token.type in ("th_open", "td_open"):
            style = token.attrs.pop("style", "")
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrSet("class", "align-" + style.removeprefix("text-align:"))


def _render_heading(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.meta.get("in_bold"):
        return "<p><strong>" if token.nesting == 1 else "</strong></p>\n"
    return self.renderToken(tokens, idx, options, env)


_renderer.core.ruler.after("block", "outline", _outline)
_renderer.add_render_rule("heading_open", _render_heading)
_renderer.add_render_rule("heading_close", _render_heading)


def media_path() -> str:
    """Where the media folder is, from the site's root ("/media/"), whatever the
    address the site is served at: the form in which Markdown names an upload."""
    url, prefix = settings.MEDIA_URL, get_script_prefix()
    return "/" + url[len(prefix) :] if url.startswith(prefix) else urlsplit(url).path


def site_image(src: str) -> str | None:
    """The name in the media folder of the image ``src`` names ("library/lab.jpg"
    for "/media/library/lab.jpg"), or None unless it is an image of the site's own
    uploads: no other host, no query, no "..", an image's extension."""
    parts = urlsplit(src)
    root = media_path()
    if parts.scheme or parts.netloc or parts.query or parts.fragment or "?" in src:
        return None
    path = unquote(parts.path)
    if not path.startswith(root) or "\\" in path or "\x00" in path:
        return None
    name = path[len(root) :]
    segments = name.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return None
    if PurePosixPath(name).suffix.lower() not in IMAGE_EXTENSIONS:
        return None
    return name


def _alt_text(tokens) -> str:
    """An image's description as text, its math as plain text."""
    out = []
    for token in tokens or []:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type == "math_inline":
            out.append(math_as_text(token.content, token.meta["display"]))
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "image":
            out.append(_alt_text(token.children))
    return "".join(out)


def _render_image(self, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = _alt_text(token.children)
    name = site_image(src)
    if env.get("plain"):
        return escapeHtml(alt)
    if name is not None:
        address = settings.MEDIA_URL + quote(name)
        return f'<img src="{escapeHtml(address)}" alt="{escapeHtml(alt)}" loading="lazy">'
    if urlsplit(src).scheme in ("http", "https"):
        return f'<a href="{escapeHtml(src)}">{escapeHtml(alt or src)}</a>'
    # Another kind of address (data:, a relative path, another site's "//host"):
    # what the image shows, in words.
    return escapeHtml(alt)


_renderer.add_render_rule("image", _render_image)

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_TAGS |= MATHML_TAGS
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "img": {"src", "alt", "width", "height"},
    **MATHML_ATTRIBUTES,
}


def _only_site_images(tag: str, attribute: str, value: str) -> str | None:
    # The renderer writes an image only for the site's own uploads; nothing else
    # may load one, whatever reached the sanitiser.
    if tag == "img" and attribute == "src":
        media_url = settings.MEDIA_URL
        if (
            not value.startswith(media_url)
            or site_image(media_path() + value[len(media_url) :]) is None
        ):
            return None
    return value


# Built once: a cleaner converts its rules on creation, which costs more than
# cleaning an abstract.
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes={"th": ALIGN_CLASSES, "td": ALIGN_CLASSES},
    set_tag_attribute_values={"img": {"loading": "lazy"}},
    attribute_filter=_only_site_images,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
)


# nh3 writes every attribute in double quotes; "//host" is another site.
_ROOT_LINK = re.compile(r'(<a href=")/(?!/)')


def sanitise(html: str) -> str:
    """``html`` with only what rendered Markdown may hold (see ALLOWED_TAGS)."""
    return _cleaner.clean(html)


def render_markdown(text: str, plain_math: bool = False, heading_level: int | None = None) -> str:
    """The Markdown as sanitised HTML; with ``plain_math``, its math as plain text
    and its images as their descriptions (what markdown_text() reads).

    ``heading_level``: the level a ``#`` heading takes on the page (2 below the
    page's h1, 3 below one of its h2); without it, a heading is a paragraph in bold
    (see the module)."""
    if heading_level is not None and not 1 <= heading_level <= 6:
        raise ValueError(f"A heading level is 1 to 6, not {heading_level!r}.")
    env = {"plain": plain_math, "heading_level": heading_level}
    html = sanitise(_renderer.render(text or "", env))
    prefix = get_script_prefix()
    if prefix != "/":
        html = _ROOT_LINK.sub(lambda match: match.group(1) + prefix, html)
    return html


def markdown_text(text: str) -> str:
    """The words of the Markdown, without its marks: for feeds and other places
    that show plain text ("**sparse** [code](https://x)" -> "sparse code")."""
    html = render_markdown(text, plain_math=True)
    # A table's rows one a line, a row's cells apart.
    html = re.sub(r"\s*</t[hd]>\s*", " ", html)
    html = re.sub(r"\s*</tr>\s*", "\n", html)
    html = re.sub(r"</?(thead|tbody)>\s*|<(table|tr)>\s*", "", html)
    html = re.sub(r"</(p|li|table)>", r"</\1>\n", html)
    plain = unescape(strip_tags(html))
    return re.sub(r"\n{3,}", "\n\n", plain).strip()
