from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse

from portfolio.core.views import read_only
from portfolio.pagecache.public import public

from . import theme
from .models import Profile

# The address changes with the content: a browser may keep the file for good.
FOREVER = "public, max-age=31536000, immutable"


@public
@read_only
def theme_stylesheet(request, digest):
    """The stylesheet of the profile's appearance. An older address (a page cached
    before the appearance changed) leads to the current one."""
    profile = Profile.get_solo()
    accent, font = (
        (profile.accent_colour, profile.font)
        if profile
        else (theme.DEFAULT_ACCENT, theme.DEFAULT_FONT)
    )
    css = theme.stylesheet(accent, font)
    current = theme.digest(css)
    if digest != current:
        return HttpResponsePermanentRedirect(reverse("profile:theme", args=[current]))
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = FOREVER
    return response
