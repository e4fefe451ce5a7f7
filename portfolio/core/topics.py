"""Topic look-ups across content types, in a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from taggit.models import Tag


def topics_of(queryset):
    """The tags used by the rows of ``queryset``, each annotated with ``count``,
    the number of those rows it tags. Hidden rows left out of ``queryset``
    count for nothing."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=content_type,
            taggit_taggeditem_items__object_id__in=queryset.values("pk"),
        )
        .exclude(slug="")  # no page can be addressed by an empty slug
        .annotate(count=Count("taggit_taggeditem_items", distinct=True))
        .order_by("name")
    )
