from portfolio.core.views import PublishedDetailView

from .models import Page


class PageDetailView(PublishedDetailView):
    model = Page
    context_object_name = "page"
