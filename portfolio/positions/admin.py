import reversion
from django.contrib import admin

from portfolio.core.admin import TAG_FILTER, TaggedAdmin

from .models import Position

reversion.register(Position, follow=("tagged_items",))


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
    list_filter = ("kind", "is_current", "is_published", TAG_FILTER)
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
