"""The sitemap section of talks."""

from portfolio.core.sitemaps import PublishedSitemap

from .models import Talk


class TalkSitemap(PublishedSitemap):
    model = Talk
