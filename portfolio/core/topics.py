"""Topic look-ups across content types, in a fixed number of queries."""

import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from taggit.models import Tag


def by_name(topics) -> list:
    """Topics in the order a reader expects: "optimization" before "Sparsity",
    "écologie" beside "ecology" (case and accents aside)."""
    return sorted(topics, key=lambda topic: (sort_key(topic.name), topic.name))


def sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def topics_of(queryset) -> list:
    """The tags used by the rows of ``queryset``, each annotated with ``count``,
    the number of those rows it tags, by name. Hidden rows left out of
    ``queryset`` count for nothing."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    return by_name(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=content_type,
            taggit_taggeditem_items__object_id__in=queryset.values("pk"),
        )
        .exclude(slug="")  # no page can be addressed by an empty slug
        .annotate(count=Count("taggit_taggeditem_items", distinct=True))
    )
