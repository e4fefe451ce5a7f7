"""Teaching: the courses the researcher taught, and in what role."""

import reversion
from django.db import models
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


class CourseQuerySet(PublishedQuerySet):
    def with_related(self):
        return self.prefetch_related("links", "tags")


@reversion.register(follow=("links", "tagged_items"))
class Course(NaturalKeyMixin, DateRangeModel, TaggedModel):
    class Role(models.TextChoices):
        LECTURER = "lecturer", "Lecturer"
        CO_LECTURER = "co-lecturer", "Co-lecturer"
        GUEST = "guest", "Guest lecturer"
        TEACHING_ASSISTANT = "assistant", "Teaching assistant"
        TUTOR = "tutor", "Tutor"
        SUPERVISOR = "supervisor", "Supervisor"
        OTHER = "other", "Other"

    class Level(models.TextChoices):
        UNDERGRADUATE = "undergraduate", "Undergraduate"
        GRADUATE = "graduate", "Graduate"
        DOCTORAL = "doctoral", "Doctoral"
        PROFESSIONAL = "professional", "Professional"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    code = models.CharField("course code", max_length=40, blank=True, help_text="e.g. CS 229.")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LECTURER)
    institution = models.CharField(max_length=200, blank=True)
    terms = models.CharField(
        max_length=200,
        blank=True,
        help_text="e.g. “Fall 2021, Fall 2022”; shown instead of the years when given.",
    )
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    description = MarkdownField()

    keeps_former_slugs = True
    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = [*DateRangeModel.DATE_ORDERING, "title"]

    def __str__(self):
        return f"{self.code}: {self.title}" if self.code else self.title

    def get_absolute_url(self):
        return reverse("teaching:detail", args=[self.slug])

    @property
    def when(self) -> str:
        return self.terms or self.date_range_display

    @property
    def meta_line(self) -> str:
        """'Lecturer · Northfield University · Graduate · Fall 2021'."""
        parts = [self.get_role_display(), self.institution, self.get_level_display(), self.when]
        return " · ".join(part for part in parts if part)


@reversion.register()
class CourseLink(TypedLink):
    class Kind(models.TextChoices):
        WEBSITE = "website", "Course website"
        SYLLABUS = "syllabus", "Syllabus"
        MATERIALS = "materials", "Materials"
        VIDEO = "video", "Lectures (video)"
        CODE = "code", "Code"
        OTHER = "other", "Other"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    url, label, order = link_fields()
