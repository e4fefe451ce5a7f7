"""The topic index: every topic with public entries, its counts and last change."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from portfolio.core import registry
from portfolio.core.topics import by_name


@dataclass
class Topic:
    name: str
    slug: str
    counts: dict[str, int] = field(default_factory=dict)
    lastmod: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def summary(self) -> str:
        """'3 publications, 1 talk, 1 news item', in the registry's order."""
        parts = []
        for content_type in registry.tagged_types():
            n = self.counts.get(content_type.name)
            if n:
                meta = content_type.model_class._meta
                parts.append(f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}")
        return ", ".join(parts)


def topic_index() -> list[Topic]:
    """Topics with at least one public entry, by name, in a fixed number of queries."""
    counts: dict[int, dict[str, int]] = {}
    lastmods: dict[int, datetime] = {}
    for content_type in registry.tagged_types():
        label, model = content_type.name, content_type.model_class
        updated = dict(model.objects.published().values_list("pk", "updated_at"))
        pairs = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(updated)
        ).values_list("tag_id", "object_id")
        for tag_id, object_id in pairs:
            tag_counts = counts.setdefault(tag_id, {})
            tag_counts[label] = tag_counts.get(label, 0) + 1
            if tag_id not in lastmods or updated[object_id] > lastmods[tag_id]:
                lastmods[tag_id] = updated[object_id]
    topics = [
        Topic(tag.name, tag.slug, counts[tag.pk], lastmods[tag.pk])
        for tag in Tag.objects.filter(pk__in=list(counts)).exclude(slug="")
    ]
    return by_name(topics)
