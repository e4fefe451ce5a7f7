"""RSS and Atom feeds of talks."""

from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from portfolio.core.feeds import FEED_LENGTH, PortfolioFeed
from portfolio.richtext.markdown import markdown_text
from portfolio.richtext.mathtext import math_text

from .models import Talk


class TalkFeed(PortfolioFeed):
    section = "talks"

    def link(self):
        return reverse("talks:list")

    def items(self):
        return Talk.objects.published().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{math_text(item.title)} ({item.event})" if item.title else item.event

    def item_description(self, item):
        parts = [item.event, item.location, item.date_display, markdown_text(item.abstract)]
        return escape("\n\n".join(part for part in parts if part))


class TalkAtomFeed(TalkFeed):
    feed_type = Atom1Feed
