"""Request guards shared by every page."""

from django.http import HttpResponseBadRequest


class RejectNullCharactersMiddleware:
    """A NUL character in the path, the query string or a cookie is never part of
    a real request; passed on, it would reach the database (a session key, a
    search), which PostgreSQL refuses with an error. Such requests get a 400 Bad
    Request before any view runs. (Form fields refuse NUL themselves, with a form
    error.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
            or any("\x00" in key + value for key, value in request.COOKIES.items())
        ):
            return HttpResponseBadRequest(
                "Bad request: the request holds a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)
