"""The sitemap sections of the pages that span content types: the home page, the
list pages and the topic pages. Each content app has its own sections; the
sitemap combines them (see site_config/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from portfolio.core import registry
from portfolio.profile.models import Profile

from .navigation import sections_with_content
from .topics import topic_index


class TopicSitemap(Sitemap):
    def items(self):
        return topic_index()

    def location(self, item):
        return reverse("website:topic", args=[item.slug])

    def lastmod(self, item):
        return item.lastmod


class SectionSitemap(Sitemap):
    """The home page and the list pages; each changes when anything on it does."""

    def items(self):
        """The pages the main navigation links: sections with a public entry."""
        shown = sections_with_content()
        lists = [ct.list_url for ct in registry.navigable_types() if shown[ct.name]]
        return [
            "website:home",
            *lists,
            "website:cv",
            *(["website:topics"] if shown["topics"] else []),
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_lastmod"):
            stamps = [
                ct.model_class.objects.published().aggregate(latest=Max("updated_at"))["latest"]
                for ct in registry.content_types()
                if hasattr(ct.model_class.objects, "published")
            ]
            stamps.append(Profile.objects.aggregate(latest=Max("updated_at"))["latest"])
            self._lastmod = max(filter(None, stamps), default=None)
        return self._lastmod


def all_sitemaps() -> dict:
    """Every section of /sitemap.xml: these pages', then each content type's."""
    return {"sections": SectionSitemap, **registry.sitemaps(), "topics": TopicSitemap}
