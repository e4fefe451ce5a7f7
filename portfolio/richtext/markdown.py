"""Markdown in text written in the admin (bio, abstracts, descriptions), made safe.

markdown-it renders CommonMark with raw HTML turned off; nh3 then keeps only a
small set of tags and http(s)/mailto links, whatever the renderer produced.
Headings are not rendered (the page's heading outline is the site's), and an
image becomes a link to it (the site shows no third-party content).

A link to another page of the site is written from the site's root
("[our paper](/publications/sparse-routing/)"); it is rendered under the
address the site is served at, so that it also works in a static copy published
under a path (https://user.github.io/portfolio/).

Math (``$x_i$``, ``\\(x_i\\)``, ``$$\\sum_i x_i$$``) is read before any other
mark, so that ``_`` and ``*`` inside it stay LaTeX, and is rendered as MathML
(see richtext/mathtext.py).
"""

import re
from html import unescape

import nh3
from django.urls import get_script_prefix
from django.utils.html import strip_tags
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

from .mathtext import MATHML_ATTRIBUTES, MATHML_TAGS, MathFinder, math_as_text, mathml

_renderer = MarkdownIt("commonmark", {"html": False}).disable(["heading", "lheading"])


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


def _image_as_link(self, tokens, idx, options, env):
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or token.attrGet("src")
    return f'<a href="{escapeHtml(token.attrGet("src") or "")}">{escapeHtml(alt or "")}</a>'


_renderer.add_render_rule("image", _image_as_link)

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
}  # fmt: skip
ALLOWED_TAGS |= MATHML_TAGS
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, **MATHML_ATTRIBUTES}


# Built once: a cleaner converts its rules on creation, which costs more than
# cleaning an abstract.
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
)


# nh3 writes every attribute in double quotes; "//host" is another site.
_ROOT_LINK = re.compile(r'(<a href=")/(?!/)')


def render_markdown(text: str, plain_math: bool = False) -> str:
    """The Markdown as sanitised HTML; with ``plain_math``, its math as plain text."""
    html = _cleaner.clean(_renderer.render(text or "", {"plain": plain_math}))
    prefix = get_script_prefix()
    if prefix != "/":
        html = _ROOT_LINK.sub(lambda match: match.group(1) + prefix, html)
    return html


def markdown_text(text: str) -> str:
    """The words of the Markdown, without its marks: for feeds and other places
    that show plain text ("**sparse** [code](https://x)" -> "sparse code")."""
    html = (
        render_markdown(text, plain_math=True)
        .replace("</p>", "</p>\n")
        .replace("</li>", "</li>\n")
    )
    plain = unescape(strip_tags(html))
    return re.sub(r"\n{3,}", "\n\n", plain).strip()
