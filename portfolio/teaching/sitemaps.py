"""The sitemap section of teaching."""

from portfolio.core.sitemaps import PublishedSitemap

from .models import Course


class CourseSitemap(PublishedSitemap):
    model = Course
