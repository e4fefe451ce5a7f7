"""Research projects: what they are, when, their links, and the publications,
talks and people that belong to them."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from portfolio.core import media
from portfolio.core.fields import MarkdownField
from portfolio.core.models import (
    DateRangeModel,
    NaturalKeyMixin,
    PublishedQuerySet,
    TaggedModel,
    TypedLink,
    link_fields,
)
from portfolio.core.uploads import IMAGE_HELP, SafeImageField


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
class Project(NaturalKeyMixin, DateRangeModel, TaggedModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One line, shown in lists and search results."
    )
    description = MarkdownField()
    image = SafeImageField(
        upload_to="projects/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        widths=(320, 640, 960),
        help_text=IMAGE_HELP,
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "image description",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Needed with an image.",
    )
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

    def save(self, *args, **kwargs):
        media.fill_dimensions(self, "image")
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the image, for readers who cannot see it."}
            )

    @property
    def status(self) -> str:
        if self.is_current:
            return "Ongoing"
        return "Past" if self.start_year or self.end_year else ""

    @property
    def image_available(self) -> bool:
        return media.is_available(self.image)

    @property
    def image_srcset(self) -> str:
        return media.srcset_attribute(self, "image")


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
