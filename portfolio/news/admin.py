from django.contrib import admin

from portfolio.core.admin import TAG_FILTER, SlugFromTextForm, TaggedAdmin

from .models import NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(TaggedAdmin):
    form = SlugFromTextForm
    list_display = ("title", "date", "pinned", "topic_list", "is_published")
    list_filter = ("pinned", "is_published", ("date", admin.DateFieldListFilter), TAG_FILTER)
    search_fields = ("title", "text", "slug")
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = [
        (None, {"fields": ("title", "slug", "date", "text", "pinned", "tags", "is_published")}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]
