"""The list and detail pages of one content type, and how every public view
answers ``OPTIONS``."""

from functools import wraps

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from .models import FollowsFormerSlugs

READ_ONLY_METHODS = ["GET", "HEAD", "OPTIONS"]


def _missing(view, request, *args, **kwargs):
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


class OptionsLikeGetMixin:
    """``OPTIONS`` answered as ``GET`` would be for whether the page exists: a 404
    (or a redirect) where GET gives one, otherwise 200 naming the methods the view
    allows. Django's own answer is 200 for any address the URL patterns match,
    /pages/no-such-page/ included."""

    def options(self, request, *args, **kwargs):
        missing = _missing(self.get, request, *args, **kwargs)
        return super().options(request, *args, **kwargs) if missing is None else missing


def read_only(view):
    """For a view that serves a document (a feed, an export, robots.txt): GET and
    HEAD, ``OPTIONS`` answered as for the pages (see OptionsLikeGetMixin), and 405
    for any other method."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method != "OPTIONS":
            return view(request, *args, **kwargs)
        missing = _missing(view, request, *args, **kwargs)
        if missing is not None:
            return missing
        return HttpResponse(headers={"Allow": ", ".join(READ_ONLY_METHODS), "Content-Length": "0"})

    return require_http_methods(READ_ONLY_METHODS)(answer)


class PublishedViewMixin(OptionsLikeGetMixin):
    """What the public may see of ``model``, with what its pages show
    (``with_related()``). Templates: ``<app>/<model>_list.html`` and ``_detail.html``."""

    model = None

    def get_queryset(self):
        return self.model.objects.published().with_related()


class PublishedListView(PublishedViewMixin, ListView):
    pass


class PublishedDetailView(FollowsFormerSlugs, PublishedViewMixin, DetailView):
    """A former slug of the entry redirects to its page."""
