from django.conf import settings


def static_build(request):
    """``static_build`` is true while `build_site` renders the site as plain files:
    templates leave out what only a running server can do."""
    return {"static_build": settings.STATIC_BUILD}
