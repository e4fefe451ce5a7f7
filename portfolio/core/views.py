"""The list and detail pages of one content type."""

from django.views.generic import DetailView, ListView

from .models import FollowsFormerSlugs


class PublishedViewMixin:
    """What the public may see of ``model``, with what its pages show
    (``with_related()``). Templates: ``<app>/<model>_list.html`` and ``_detail.html``."""

    model = None

    def get_queryset(self):
        return self.model.objects.published().with_related()


class PublishedListView(PublishedViewMixin, ListView):
    pass


class PublishedDetailView(FollowsFormerSlugs, PublishedViewMixin, DetailView):
    """A former slug of the entry redirects to its page."""
