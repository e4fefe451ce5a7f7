from django.utils.functional import SimpleLazyObject

from .models import Profile


def site_profile(request):
    """The profile for every template, fetched only if a template uses it."""
    return {"site_profile": SimpleLazyObject(Profile.get_solo)}
