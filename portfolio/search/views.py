"""The search page."""

from django.views.generic import TemplateView

from . import engine


class SearchView(TemplateView):
    """/search/?q=: every searchable type's public entries that match, grouped by
    type, best first. Not cached, and not part of a static copy of the site."""

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
