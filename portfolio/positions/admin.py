import datetime

from django.contrib import admin
from django.db.models import Q
from django.db.models.functions import Coalesce

from portfolio.core.admin import TAG_FILTER, TaggedAdmin

from .models import Position


class ActiveInYearFilter(admin.SimpleListFilter):
    """Positions held during a year: started by then, and not ended before it."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = datetime.date.today().year
        spans = model_admin.get_queryset(request).filter(start_year__isnull=False)
        years = set()
        for start, end, current in spans.values_list(
            "start_year", Coalesce("end_year", "start_year"), "is_current"
        ):
            years.update(range(start, (this_year if current else end) + 1))
        return [(str(year), str(year)) for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not (value.isascii() and value.isdigit() and len(value) <= 4):
            return queryset
        year = int(value)
        return queryset.filter(start_year__lte=year).filter(
            Q(is_current=True) | Q(end_year__gte=year) | Q(end_year__isnull=True, start_year=year)
        )


@admin.register(Position)
class PositionAdmin(TaggedAdmin):
    list_display = (
        "heading",
        "organisation",
        "kind",
        "date_range_display",
        "topic_list",
        "is_published",
    )
    list_filter = ("kind", ActiveInYearFilter, "is_current", "is_published", TAG_FILTER)
    search_fields = (
        "role",
        "organisation",
        "unit",
        "location",
        "description",
        "degree",
        "field",
        "advisor",
        "thesis",
    )
    fieldsets = [
        (None, {"fields": ("kind", "role", "organisation", "unit", "location", "tags")}),
        (
            "Dates",
            {
                "fields": (("start_year", "start_month"), ("end_year", "end_month"), "is_current"),
                "description": "All optional: a single year, a range, or an ongoing entry.",
            },
        ),
        ("Description", {"fields": ("description", "is_published")}),
        (
            "Education",
            {
                "fields": (
                    ("degree", "field"),
                    "specialisation",
                    "research_topic",
                    "advisor",
                    ("grade", "honours"),
                    "thesis",
                ),
                "description": "For education entries.",
            },
        ),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]

    @admin.display(description="role or degree", ordering="role")
    def heading(self, obj):
        return obj.title or "—"

    @admin.display(description="dates")
    def date_range_display(self, obj):
        return obj.date_range_display
