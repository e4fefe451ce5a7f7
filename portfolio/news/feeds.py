"""RSS and Atom feeds of news."""

from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from portfolio.core.feeds import FEED_LENGTH, PortfolioFeed
from portfolio.richtext.markdown import markdown_text

from .models import NewsItem


class NewsFeed(PortfolioFeed):
    section = "news"

    def link(self):
        return reverse("news:list")

    def items(self):
        return NewsItem.objects.published().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(markdown_text(item.text) or item.title)

    def item_pubdate(self, item):
        return item.pubdate


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
