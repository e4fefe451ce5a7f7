"""Markdown in text written in the admin (bio, abstracts, descriptions), made safe.

markdown-it renders CommonMark with raw HTML turned off; nh3 then keeps only a
small set of tags and http(s)/mailto links, whatever the renderer produced.
Headings are not rendered (the page's heading outline is the site's), and an
image becomes a link to it (the site shows no third-party content).
"""

import re
from html import unescape

import nh3
from django.utils.html import strip_tags
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

_renderer = MarkdownIt("commonmark", {"html": False}).disable(["heading", "lheading"])


def _image_as_link(self, tokens, idx, options, env):
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or token.attrGet("src")
    return f'<a href="{escapeHtml(token.attrGet("src") or "")}">{escapeHtml(alt or "")}</a>'


_renderer.add_render_rule("image", _image_as_link)

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


# Built once: a cleaner converts its rules on creation, which costs more than
# cleaning an abstract.
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
)


def render_markdown(text: str) -> str:
    return _cleaner.clean(_renderer.render(text or ""))


def markdown_text(text: str) -> str:
    """The words of the Markdown, without its marks: for feeds and other places
    that show plain text ("**sparse** [code](https://x)" -> "sparse code")."""
    html = render_markdown(text).replace("</p>", "</p>\n").replace("</li>", "</li>\n")
    plain = unescape(strip_tags(html))
    return re.sub(r"\n{3,}", "\n\n", plain).strip()
