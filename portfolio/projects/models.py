"""Research projects: what they are, when, their links, and the publications,
talks and people that belong to them."""

import reversion
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from portfolio.core.fields import MarkdownField
from portfolio.core.models import (
    DateRangeModel,
    NaturalKeyMixin,
    PublishedQuerySet,
    TaggedModel,
    TypedLink,
    link_fields,
)
from portfolio.media.images import WithImage, image_fields


class ProjectQuerySet(PublishedQuerySet):
    def with_related(self):
        """What a list of projects shows: links and topics."""
        return self.prefetch_related("links", "tags")

    def with_members(self):
        """A project's page: its public publications, talks and people too."""
        from django.apps import apps

        publication = apps.get_model("publications", "Publication")
        talk = apps.get_model("talks", "Talk")
        return self.with_related().prefetch_related(
            Prefetch("publications", queryset=publication.objects.published().with_related()),
            Prefetch("talks", queryset=talk.objects.published()),
            "people",
        )


@reversion.register(follow=("links", "tagged_items"))
class Project(WithImage, NaturalKeyMixin, DateRangeModel, TaggedModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One line, shown in lists and search results."
    )
    description = MarkdownField()
    image, image_width, image_height, image_alt = image_fields("projects/")
    publications = models.ManyToManyField(
        "publications.Publication", blank=True, related_name="projects"
    )
    talks = models.ManyToManyField("talks.Talk", blank=True, related_name="projects")
    people = models.ManyToManyField(
        "publications.Author",
        blank=True,
        related_name="projects",
        help_text="The people who work on it (the authors of publications).",
    )

    keeps_former_slugs = True
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = [*DateRangeModel.DATE_ORDERING, "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.slug])

    @property
    def status(self) -> str:
        if self.is_current:
            return "Ongoing"
        return "Past" if self.start_year or self.end_year else ""


@reversion.register()
class ProjectLink(TypedLink):
    class Kind(models.TextChoices):
        CODE = "code", "Code"
        WEBSITE = "website", "Website"
        DATA = "data", "Data"
        DEMO = "demo", "Demo"
        PAPER = "paper", "Paper"
        VIDEO = "video", "Video"
        OTHER = "other", "Other"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    url, label, order = link_fields()
