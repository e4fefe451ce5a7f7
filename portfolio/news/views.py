from django.views.generic import DetailView, ListView

from portfolio.core.models import FollowsFormerSlugs

from .models import NewsItem


class NewsListView(ListView):
    template_name = "news/newsitem_list.html"
    context_object_name = "news"

    def get_queryset(self):
        return NewsItem.objects.published().pinned_first().prefetch_related("tags")


class NewsDetailView(FollowsFormerSlugs, DetailView):
    template_name = "news/newsitem_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return NewsItem.objects.published().prefetch_related("tags")
