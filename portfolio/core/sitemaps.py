"""Sitemap sections that every content type can use."""

from django.contrib.sitemaps import Sitemap


class PublishedSitemap(Sitemap):
    """Every public entry of ``model``, with the time it last changed."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at
