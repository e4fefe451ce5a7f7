"""The admin's preview of a Markdown box."""

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from .markdown import render_markdown

MAX_PREVIEW_CHARACTERS = 100_000


@require_POST
def markdown_preview(request):
    """The text of a Markdown box as the public pages will show it: rendered and
    sanitised by the same code (portfolio.richtext.markdown), its headings as an
    entry's own page has them (below the page's title, from h2)."""
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_CHARACTERS:
        return HttpResponse("Too long to preview.", status=413, content_type="text/plain")
    response = HttpResponse(
        render_markdown(text, heading_level=2), content_type="text/html; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
