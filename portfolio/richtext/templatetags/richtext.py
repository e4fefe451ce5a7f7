"""Template filters for text written in the admin: Markdown and math, rendered
and sanitised, or as plain text."""

from django import template
from django.utils.safestring import mark_safe

from portfolio.richtext.markdown import markdown_text, render_markdown
from portfolio.richtext.mathtext import math_html, math_text

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, heading_level=None) -> str:
    """Markdown written in the admin, rendered and sanitised (see richtext/markdown.py).

    ``{{ page.body|markdown:2 }}``: its headings start at h2, below the page's own
    heading; without a level, a heading is a paragraph in bold (a list, a summary)."""
    level = None if heading_level is None else int(heading_level)
    html = render_markdown(str(text), heading_level=level)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3


@register.filter(name="markdown_text")
def markdown_text_filter(text) -> str:
    """The words of Markdown, math as plain text: for meta descriptions."""
    return markdown_text(str(text))


@register.filter(name="math")
def math_filter(text) -> str:
    """A title with its math (``$...$``, ``\\(...\\)``) as MathML, the rest escaped."""
    return math_html(text)


@register.filter(name="math_text")
def math_text_filter(text) -> str:
    """A title as plain text, its math as Unicode: for <title>, meta tags and labels."""
    return math_text(text)
