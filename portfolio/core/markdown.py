"""Markdown in text written in the admin (bio, abstracts, descriptions), made safe.

markdown-it renders CommonMark with raw HTML turned off; nh3 then keeps only a
small set of tags and http(s)/mailto links, whatever the renderer produced.
Headings are not rendered (the page's heading outline is the site's), and an
image becomes a link to it (the site shows no third-party content).
"""

import nh3
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
