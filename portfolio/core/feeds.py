"""What every feed of the site shares: the owner's name in the title, dates,
topics as categories, and text that XML can always carry."""

import datetime

from django.contrib.syndication.views import Feed

from . import registry
from .xml import xml_safe

FEED_LENGTH = 50
EMPTY_FEED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def first_of_month(year: int, month: int | None) -> datetime.datetime:
    return datetime.datetime(year, month or 1, 1, tzinfo=datetime.UTC)


class PortfolioFeed(Feed):
    """Titles are plain text; descriptions are HTML-escaped text, so feed readers
    that render them as HTML show the words, never markup. ``section`` names what
    the feed lists; the owner comes from the registry."""

    section = ""

    def _get_dynamic_attr(self, attname, obj, default=None):
        # Every title, description and category is written through here: text stored
        # before control characters were cleaned on save must not break the XML.
        value = super()._get_dynamic_attr(attname, obj, default)
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, list | tuple):
            return [xml_safe(v) if isinstance(v, str) else v for v in value]
        return value

    def get_object(self, request, *args, **kwargs):
        return registry.owner()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        if not feed.items:
            # An empty feed would give the time of the request as its last change:
            # every request, and every static build, a different document.
            changed = getattr(obj, "updated_at", None) or EMPTY_FEED_DATE
            feed.latest_post_date = lambda: changed
        return feed

    def title(self, owner):
        return f"{owner.name if owner else 'Portfolio'}: {self.section}"

    def description(self, owner):
        return f"New {self.section} of {owner.name if owner else 'this portfolio'}."

    def subtitle(self, owner):
        return self.description(owner)

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return first_of_month(item.year, item.month)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
