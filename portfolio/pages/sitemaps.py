"""/sitemap.xml: every public page, with the time it last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from portfolio.positions.models import Position
from portfolio.profile.models import Profile
from portfolio.publications.models import Author, Publication
from portfolio.talks.models import Talk

from .topics import topic_index


class PublicationSitemap(Sitemap):
    def items(self):
        return Publication.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class TalkSitemap(PublicationSitemap):
    def items(self):
        return Talk.objects.published().order_by("pk")


class AuthorSitemap(Sitemap):
    def items(self):
        # Authors of public publications only; their page changes with their papers.
        return (
            Author.objects.filter(publications__is_published=True)
            .annotate(lastmod=Max("publications__updated_at"))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.lastmod


class TopicSitemap(Sitemap):
    def items(self):
        return topic_index()

    def location(self, item):
        return reverse("pages:topic", args=[item.slug])

    def lastmod(self, item):
        return item.lastmod


class SectionSitemap(Sitemap):
    """The home page and the list pages; each changes when anything on it does."""

    def items(self):
        return ["pages:home", "publications:list", "talks:list", "pages:cv", "pages:topics"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_lastmod"):
            stamps = [
                model.objects.published().aggregate(latest=Max("updated_at"))["latest"]
                for model in (Publication, Talk, Position)
            ]
            stamps.append(Profile.objects.aggregate(latest=Max("updated_at"))["latest"])
            self._lastmod = max(filter(None, stamps), default=None)
        return self._lastmod


SITEMAPS = {
    "sections": SectionSitemap,
    "publications": PublicationSitemap,
    "talks": TalkSitemap,
    "authors": AuthorSitemap,
    "topics": TopicSitemap,
}
