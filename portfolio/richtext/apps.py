from django.apps import AppConfig


class RichTextConfig(AppConfig):
    """Text as written in the admin and shown on every page: Markdown, math, and
    text cleaned of what no format can carry."""

    name = "portfolio.richtext"
    label = "richtext"
    verbose_name = "Rich text"

    def ready(self):
        from django.contrib import admin

        from . import text
        from .views import markdown_preview

        # Every text field of a portfolio row is cleaned before it is saved.
        text.connect()
        admin.site.add_view("markdown-preview/", markdown_preview, name="markdown_preview")
