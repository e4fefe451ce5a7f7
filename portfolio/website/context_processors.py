from django.utils.functional import SimpleLazyObject

from .navigation import site_navigation


def navigation(request):
    """The main navigation and the footer's feeds, worked out if a template uses them."""
    return {"navigation": SimpleLazyObject(site_navigation)}
