from django.views.generic import DetailView

from portfolio.core.models import FollowsFormerSlugs

from .models import Page


class PageDetailView(FollowsFormerSlugs, DetailView):
    template_name = "freepages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published().prefetch_related("tags")
