from django.contrib import admin

from portfolio.core.admin import TAG_FILTER, SlugFromTextForm, TabularInline, TaggedAdmin

from .models import Project, ProjectLink


class ProjectLinkInline(TabularInline):
    model = ProjectLink
    extra = 0
    fields = ("kind", "url", "label", "order")


@admin.register(Project)
class ProjectAdmin(TaggedAdmin):
    form = SlugFromTextForm
    inlines = [ProjectLinkInline]
    list_display = ("title", "date_range_display", "is_current", "topic_list", "is_published")
    list_filter = ("is_current", "is_published", TAG_FILTER)
    search_fields = ("title", "summary", "description", "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("publications", "talks", "people")
    fieldsets = [
        (None, {"fields": ("title", "slug", "summary", "tags", "is_published")}),
        (
            "When",
            {"fields": (("start_year", "start_month"), ("end_year", "end_month"), "is_current")},
        ),
        ("Content", {"fields": ("description", "image", "image_alt")}),
        ("What belongs to it", {"fields": ("publications", "talks", "people")}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]

    @admin.display(description="dates")
    def date_range_display(self, obj):
        return obj.date_range_display
