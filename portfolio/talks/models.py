"""Talks and invited presentations."""

import reversion
from django.db import models
from django.urls import reverse

from portfolio.core.dates import YEAR_VALIDATORS, format_partial_date, month_field
from portfolio.core.fields import HttpURLField, MarkdownField
from portfolio.core.models import NaturalKeyMixin, TaggedModel


@reversion.register(follow=("tagged_items",))
class Talk(NaturalKeyMixin, TaggedModel):
    class Kind(models.TextChoices):
        INVITED = "invited", "Invited talk"
        KEYNOTE = "keynote", "Keynote"
        CONTRIBUTED = "contributed", "Contributed talk"
        SEMINAR = "seminar", "Seminar"
        TUTORIAL = "tutorial", "Tutorial"
        PANEL = "panel", "Panel"
        POSTER = "poster", "Poster"
        OTHER = "other", "Other"

    title = models.CharField(
        max_length=300, blank=True, help_text="Optional: some talks are known by their event."
    )
    slug = models.SlugField(max_length=200, unique=True)
    event = models.CharField(max_length=300)
    location = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    month = month_field("month")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INVITED)
    slides_url = HttpURLField("slides", blank=True)
    video_url = HttpURLField("video", blank=True)
    abstract = MarkdownField()

    keeps_former_slugs = True

    class Meta:
        ordering = [models.F("year").desc(), models.F("month").desc(nulls_last=True), "event"]

    def __str__(self):
        return self.title or self.event

    def get_absolute_url(self):
        return reverse("talks:detail", args=[self.slug])

    @property
    def date_display(self) -> str:
        return format_partial_date(self.year, self.month)
