"""Employment, research, education, military and other service."""

import reversion
from django.db import models

from portfolio.core.fields import MarkdownField
from portfolio.core.models import DateRangeModel, TaggedModel


@reversion.register(follow=("tagged_items",))
class Position(DateRangeModel, TaggedModel):
    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", "Employment"
        RESEARCH = "research", "Research"
        EDUCATION = "education", "Education"
        MILITARY = "military", "Military service"
        SERVICE = "service", "Academic service"
        VISITING = "visiting", "Visiting"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EMPLOYMENT)
    role = models.CharField(
        "role or title",
        max_length=200,
        blank=True,
        help_text="E.g. Research scientist; for education, the degree is shown instead.",
    )
    organisation = models.CharField(max_length=200)
    unit = models.CharField(
        "unit", max_length=200, blank=True, help_text="Department, lab, group or corps."
    )
    location = models.CharField(max_length=200, blank=True)
    description = MarkdownField()

    # Education only.
    degree = models.CharField(max_length=100, blank=True, help_text="E.g. PhD, BSc.")
    field = models.CharField("field of study", max_length=200, blank=True)
    specialisation = models.CharField(max_length=200, blank=True)
    advisor = models.CharField(max_length=200, blank=True)
    grade = models.CharField(max_length=50, blank=True, help_text="E.g. GPA: 90.")
    honours = models.CharField(max_length=200, blank=True, help_text="E.g. Cum Laude.")
    research_topic = models.CharField(max_length=300, blank=True)
    thesis = models.CharField(
        "thesis or final project", max_length=500, blank=True, help_text="Its title."
    )

    class Meta:
        ordering = [*DateRangeModel.DATE_ORDERING, "organisation"]

    @property
    def is_education(self) -> bool:
        return self.kind == self.Kind.EDUCATION

    def __str__(self):
        return ", ".join(part for part in (self.title, self.organisation) if part)

    @property
    def subtitle(self) -> str:
        """Where and when: 'Intel, ICRI-CI · 2015–2016' (the organisation is left out
        when it already heads the entry)."""
        place = ", ".join(p for p in (self.organisation if self.title else "", self.unit) if p)
        return " · ".join(p for p in (place, self.location, self.date_range_display) if p)

    @property
    def title(self) -> str:
        """What the entry is headed by: the degree and field for education, else the role."""
        if self.kind == self.Kind.EDUCATION and self.degree:
            return " ".join(part for part in (self.degree, self.field) if part)
        return self.role
