"""The profile and the site owner's author record are one person: a site with no
owner gets the author named as its profile is, a site with two keeps one."""

from django.db import migrations
from django.db.models import Count

from portfolio.publications.names import name_key


def settle_owner(apps, schema_editor):
    Author = apps.get_model("publications", "Author")
    Profile = apps.get_model("profile", "Profile")
    profile = Profile.objects.order_by("pk").first()
    wanted = name_key(profile.name) if profile else None
    # The one with most authorships first: the person whose site it is, more likely
    # than a co-author of the same name or a duplicate record.
    authors = Author.objects.annotate(papers=Count("authorships")).order_by("-papers", "pk")

    def named_as_profile(author):
        return wanted and name_key(f"{author.given_name} {author.family_name}") == wanted

    owners = list(authors.filter(is_owner=True))
    if len(owners) == 1:
        return
    if not owners:
        keep = next((a for a in authors if named_as_profile(a)), None)
        if keep is not None:
            Author.objects.filter(pk=keep.pk).update(is_owner=True)
        return
    keep = next((a for a in owners if named_as_profile(a)), owners[0])
    Author.objects.filter(is_owner=True).exclude(pk=keep.pk).update(is_owner=False)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0006_author_orcid"),
        ("profile", "0003_author_list_limit"),
    ]

    operations = [migrations.RunPython(settle_owner, migrations.RunPython.noop)]
