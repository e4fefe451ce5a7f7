"""The profile and the site owner's author record are one person: the profile's
name is the owner's name in every author list.

Saving the profile renames the owner's author record; on a site without an owner,
the one author named as the profile is (accents and case aside) becomes the
owner. This module sits above both apps, which never import each other.

A fixture or a backup is loaded raw, row by row, the profile before the authors:
the signal leaves those saves alone, and the CV load follows the profile once
every row is in (see FixtureLoader.load); a restore gives back the site as it was.
"""

from django.db.models.signals import post_save

from portfolio.profile.models import Profile
from portfolio.publications.models import Author
from portfolio.publications.names import name_key, split_name


def follow_profile(profile: Profile) -> str:
    """Make the owner's author record carry the profile's name, or make the author of
    that name the owner where there is none; what was done, in a sentence, or ''."""
    given, family = split_name(profile.name)
    if not family:
        return ""
    owner = Author.objects.owner()
    if owner is not None:
        if (owner.given_name, owner.family_name) == (given, family):
            return ""
        former = owner.name
        owner.given_name, owner.family_name = given, family
        owner.save(update_fields=["given_name", "family_name"])
        return f"The site owner's author record was renamed from {former} to {owner.name}."
    wanted = name_key(profile.name)
    # Compared in Python: the database's own comparison of accents depends on its
    # collation, and a site has hundreds of authors, not millions.
    named = [
        a for a in Author.objects.only("given_name", "family_name") if name_key(a.name) == wanted
    ]
    if len(named) != 1:
        return ""
    author = named[0]
    author.make_owner()
    return f"{author.name} is now the site owner, as the profile is theirs."


def profile_saved(sender, instance: Profile, raw: bool = False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "name" not in update_fields):
        return
    follow_profile(instance)


def connect() -> None:
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="cvdata.identity")
