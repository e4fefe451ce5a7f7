"""Free pages in Markdown, under /pages/<slug>/ so that no slug can take the
address of another page of the site."""

import reversion
from django.db import models
from django.urls import reverse

from portfolio.core.fields import MarkdownField
from portfolio.core.models import NaturalKeyMixin, PublishedQuerySet, TaggedModel


class PageQuerySet(PublishedQuerySet):
    def in_navigation(self):
        return self.published().filter(in_navigation=True).order_by("menu_order", "title")


@reversion.register(follow=("tagged_items",))
class Page(NaturalKeyMixin, TaggedModel):
    title = models.CharField(max_length=200, help_text="Also its name in the navigation.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Its address: /pages/<slug>/.")
    body = MarkdownField("text")
    in_navigation = models.BooleanField(
        "in the navigation", default=True, help_text="Listed in the site's main navigation."
    )
    menu_order = models.PositiveSmallIntegerField(
        "place in the navigation",
        default=0,
        help_text="Pages are listed after the site's sections, lowest number first.",
    )

    keeps_former_slugs = True
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("freepages:detail", args=[self.slug])
