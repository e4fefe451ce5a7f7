from django.contrib import admin
from django.utils.html import format_html

from portfolio.core.admin import HistoryAdmin

from . import media
from .models import LibraryImage


@admin.register(LibraryImage)
class LibraryImageAdmin(HistoryAdmin):
    """Images to show in Markdown texts: each with the line to paste into one."""

    list_display = ("thumbnail", "description", "snippet", "created_at")
    list_display_links = ("thumbnail", "description")
    search_fields = ("description", "image")
    fields = ("image", "description", "snippet", "created_at")
    readonly_fields = ("snippet", "created_at")

    @admin.display(description="Markdown")
    def snippet(self, obj):
        if obj is None or obj.pk is None or not obj.image:
            return "Shown once the image is saved: paste it into a page's text."
        return format_html("<code>{}</code>", obj.markdown)

    @admin.display(description="image")
    def thumbnail(self, obj):
        if not media.is_available(obj.image):
            return obj.image.name or "–"
        return format_html(
            '<img src="{}" alt="" width="80" height="{}" loading="lazy">',
            obj.image.url,
            round(80 * obj.height / obj.width) if obj.width and obj.height else "",
        )
