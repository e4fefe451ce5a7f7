"""The sitemap section of free pages."""

from portfolio.core.sitemaps import PublishedSitemap

from .models import Page


class PageSitemap(PublishedSitemap):
    model = Page
