"""Path converters shared by the apps' URLs; importing this module registers them."""

from django.urls import register_converter


class TopicSlugConverter:
    """Any text without slashes or control characters (a NUL would reach the
    database, which PostgreSQL refuses): topic slugs keep accents and other scripts
    ("méthodes-numériques")."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TopicSlugConverter, "topic")
