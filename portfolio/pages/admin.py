from django.contrib import admin

from portfolio.core.admin import TAG_FILTER, SlugFromTextForm, TaggedAdmin

from .models import Page


class PageForm(SlugFromTextForm):
    slug_help = "Its address: /pages/<slug>/. Left empty, it is made from the title."


@admin.register(Page)
class PageAdmin(TaggedAdmin):
    form = PageForm
    list_display = ("title", "slug", "in_navigation", "menu_order", "is_published")
    list_editable = ("in_navigation", "menu_order")
    list_filter = ("in_navigation", "is_published", TAG_FILTER)
    search_fields = ("title", "body", "slug")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = [
        (None, {"fields": ("title", "slug", "body", "tags", "is_published")}),
        ("Navigation", {"fields": ("in_navigation", "menu_order")}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]
