from django.contrib import admin

from portfolio.core.admin import TAG_FILTER, SlugFromTextForm, TabularInline, TaggedAdmin

from .models import Course, CourseLink


class CourseLinkInline(TabularInline):
    model = CourseLink
    extra = 0
    fields = ("kind", "url", "label", "order")


@admin.register(Course)
class CourseAdmin(TaggedAdmin):
    form = SlugFromTextForm
    inlines = [CourseLinkInline]
    list_display = ("__str__", "role", "institution", "when", "level", "topic_list",
                    "is_published")  # fmt: skip
    list_filter = ("role", "level", "is_current", "is_published", TAG_FILTER)
    search_fields = ("title", "code", "institution", "terms", "description", "slug")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = [
        (None, {"fields": ("title", "slug", "code", "role", "level", "institution", "tags",
                           "is_published")}),
        ("When", {"fields": ("terms", ("start_year", "start_month"), ("end_year", "end_month"),
                             "is_current")}),
        ("Content", {"fields": ("description",)}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]  # fmt: skip
