"""RSS and Atom feeds of publications and talks."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from portfolio.core.text import xml_safe
from portfolio.profile.models import Profile
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk

FEED_LENGTH = 50


def first_of_month(year: int, month: int | None) -> datetime.datetime:
    return datetime.datetime(year, month or 1, 1, tzinfo=datetime.UTC)


class PortfolioFeed(Feed):
    """Titles are plain text; descriptions are HTML-escaped text, so feed readers
    that render them as HTML show the words, never markup."""

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
        return Profile.get_solo()

    def title(self, profile):
        owner = profile.name if profile else "Portfolio"
        return f"{owner}: {self.section}"

    def description(self, profile):
        return f"New {self.section} of {profile.name if profile else 'this portfolio'}."

    def subtitle(self, profile):
        return self.description(profile)

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return first_of_month(item.year, item.month)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class PublicationFeed(PortfolioFeed):
    section = "publications"

    def link(self):
        return reverse("publications:list")

    def items(self):
        return Publication.objects.published().with_related()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        authors = ", ".join(author.name for author in item.ordered_authors())
        venue = " ".join(part for part in (item.venue_display, item.note) if part)
        parts = [authors, venue, item.abstract]
        return escape("\n\n".join(part for part in parts if part))

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.ordered_authors())


class TalkFeed(PortfolioFeed):
    section = "talks"

    def link(self):
        return reverse("talks:list")

    def items(self):
        return Talk.objects.published().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.event})" if item.title else item.event

    def item_description(self, item):
        parts = [item.event, item.location, item.date_display, item.abstract]
        return escape("\n\n".join(part for part in parts if part))


class PublicationAtomFeed(PublicationFeed):
    feed_type = Atom1Feed


class TalkAtomFeed(TalkFeed):
    feed_type = Atom1Feed
