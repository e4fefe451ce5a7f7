"""RSS and Atom feeds of publications."""

from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from portfolio.core.feeds import FEED_LENGTH, PortfolioFeed
from portfolio.richtext.markdown import markdown_text
from portfolio.richtext.mathtext import math_text

from .models import Publication


class PublicationFeed(PortfolioFeed):
    section = "publications"

    def link(self):
        return reverse("publications:list")

    def items(self):
        return Publication.objects.published().with_related()[:FEED_LENGTH]

    def item_title(self, item):
        return math_text(item.title)

    def item_description(self, item):
        authors = ", ".join(author.name for author in item.ordered_authors())
        venue = " ".join(part for part in (item.venue_display, item.note) if part)
        parts = [authors, venue, markdown_text(item.abstract)]
        return escape("\n\n".join(part for part in parts if part))

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.ordered_authors())


class PublicationAtomFeed(PublicationFeed):
    feed_type = Atom1Feed
