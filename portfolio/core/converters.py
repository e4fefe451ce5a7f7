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


class YearConverter:
    """A four-digit year: "0002017" is not another address of 2017."""

    regex = r"[1-9][0-9]{3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(TopicSlugConverter, "topic")
register_converter(YearConverter, "year")
