"""Markdown in text written in the admin (bio, abstracts, descriptions), made safe.

markdown-it renders CommonMark with raw HTML turned off; nh3 then keeps only a
small set of tags and http(s)/mailto links, whatever the renderer produced.
Headings and images are not rendered: a page's heading outline and its
no-third-party-content rule are the site's, not the text's.
"""

import nh3
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False}).disable(["heading", "lheading", "image"])

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render_markdown(text: str) -> str:
    html = _renderer.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
