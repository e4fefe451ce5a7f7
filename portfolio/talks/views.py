from django.views.generic import DetailView, ListView

from portfolio.core.models import FollowsFormerSlugs

from .models import Talk


class TalkListView(ListView):
    template_name = "talks/talk_list.html"
    context_object_name = "talks"

    def get_queryset(self):
        return Talk.objects.published().prefetch_related("tags")


class TalkDetailView(FollowsFormerSlugs, DetailView):
    template_name = "talks/talk_detail.html"
    context_object_name = "talk"

    def get_queryset(self):
        return Talk.objects.published().prefetch_related("tags")
