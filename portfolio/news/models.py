"""News: short dated items ("Our paper was accepted at NeurIPS")."""

import datetime

import reversion
from django.db import models
from django.urls import reverse
from django.utils import timezone

from portfolio.core.fields import MarkdownField
from portfolio.core.models import NaturalKeyMixin, PublishedQuerySet, TaggedModel


class NewsQuerySet(PublishedQuerySet):
    def pinned_first(self):
        """Pinned items, then the others, each newest first."""
        return self.order_by("-pinned", *NewsItem._meta.ordering)


@reversion.register(follow=("tagged_items",))
class NewsItem(NaturalKeyMixin, TaggedModel):
    title = models.CharField(
        "news",
        max_length=300,
        help_text="The news in a line, e.g. “Our paper on sparse routing was accepted at ICML.”",
    )
    slug = models.SlugField(max_length=200, unique=True)
    date = models.DateField(default=timezone.localdate)
    text = MarkdownField(
        "more",
        help_text="Optional. Link to a page of this site from its root, e.g. "
        "[the paper](/publications/its-slug/).",
    )
    pinned = models.BooleanField(
        default=False, help_text="Shown above newer items, on the home page and on /news/."
    )

    keeps_former_slugs = True
    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").desc(), models.F("created_at").desc()]
        verbose_name = "news item"
        verbose_name_plural = "news"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.slug])

    @property
    def pubdate(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, datetime.time(), tzinfo=datetime.UTC)
