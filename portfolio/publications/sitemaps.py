"""Sitemap sections of publications and their authors."""

from django.contrib.sitemaps import Sitemap

from portfolio.core.sitemaps import PublishedSitemap

from .models import Author, Publication


class PublicationSitemap(PublishedSitemap):
    model = Publication


class AuthorSitemap(Sitemap):
    def items(self):
        # Authors of public publications only; their page changes with their papers.
        return Author.objects.with_public_publications().order_by("pk")

    def lastmod(self, item):
        return item.lastmod
