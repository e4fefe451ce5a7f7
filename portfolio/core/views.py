"""The list and detail pages of one content type, and how public views answer
``OPTIONS``."""

from functools import wraps

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from .models import FollowsFormerSlugs

READ_ONLY_METHODS = ["GET", "HEAD", "OPTIONS"]


def answer_if_missing(view, request, *args, **kwargs):
    """The answer ``view`` gives a GET of the address if it is no page (its 404,
    raised as Http404, or its redirect), or None if there is a page there."""
    method, request.method = request.method, "GET"
    try:
        response = view(request, *args, **kwargs)
    finally:
        request.method = method
    # A page found is not sent: its template is never rendered and a streamed body
    # never read. (Closing it would send request_finished in the middle of the request.)
    return None if 200 <= response.status_code < 300 else response


def read_only(view):
    """For a view that serves a document (a feed, an export, robots.txt): GET and
    HEAD, ``OPTIONS`` naming them (whether the document exists is answered by
    ``public()``, as for every public page), and 405 for any other method."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method == "OPTIONS":
            allow = ", ".join(READ_ONLY_METHODS)
            return HttpResponse(headers={"Allow": allow, "Content-Length": "0"})
        return view(request, *args, **kwargs)

    return require_http_methods(READ_ONLY_METHODS)(answer)


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
