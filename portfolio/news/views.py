from portfolio.core.views import PublishedDetailView, PublishedListView

from .models import NewsItem


class NewsListView(PublishedListView):
    model = NewsItem
    context_object_name = "news"

    def get_queryset(self):
        return super().get_queryset().pinned_first()


class NewsDetailView(PublishedDetailView):
    model = NewsItem
    context_object_name = "item"
