"""The search page."""

from django import forms
from django.views.generic import TemplateView

from . import engine


class QueryField(forms.CharField):
    """The query's normal form (``engine.normal_text``), kept to one character
    over the longest query: the page cache stores one page for its every spelling."""

    def __init__(self):
        super().__init__(required=False, strip=False)

    def clean(self, value):
        return engine.normal_text(value)[: engine.MAX_QUERY_LENGTH + 1]


PARAMS = {"q": QueryField()}


class SearchView(TemplateView):
    """/search/?q=: every searchable type's public entries that match, grouped by
    type, best first. A public page: cached like any other (one page for each
    query's normal form), and fresh after any change, like the search index. Not
    part of a static copy of the site, which has no search box."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q")
        query = engine.read_query(text or "")
        groups = engine.search(query)
        context.update(
            asked=text is not None,
            query=query,
            search_text=query.text,
            groups=groups,
            total=sum(len(group.results) for group in groups),
        )
        return context
