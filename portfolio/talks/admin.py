from django.contrib import admin

from portfolio.core.admin import TAG_FILTER, SlugFromTextForm, TaggedAdmin

from .models import Talk


class TalkForm(SlugFromTextForm):
    """The slug may be left empty: it is then made from the title, or from the
    event for a talk known by its event."""

    slug_help = "The talk's address. Left empty, it is made from the title (or the event)."

    def slug_text(self, data) -> str:
        return data.get("title") or data.get("event") or ""


@admin.register(Talk)
class TalkAdmin(TaggedAdmin):
    form = TalkForm
    list_display = ("__str__", "event", "date_display", "kind", "topic_list", "is_published")
    list_filter = ("kind", "year", "is_published", TAG_FILTER)
    search_fields = ("title", "event", "location", "abstract", "slug")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = [
        (None, {"fields": ("title", "slug", "event", "kind", "tags", "is_published")}),
        ("Where and when", {"fields": ("location", ("year", "month"))}),
        ("Content", {"fields": ("abstract", "slides_url", "video_url")}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]

    @admin.display(description="date", ordering="year")
    def date_display(self, obj):
        return obj.date_display
