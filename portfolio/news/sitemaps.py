"""The sitemap section of news."""

from portfolio.core.sitemaps import PublishedSitemap

from .models import NewsItem


class NewsSitemap(PublishedSitemap):
    model = NewsItem
