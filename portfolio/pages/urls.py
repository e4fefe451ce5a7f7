from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from . import feeds, views
from .sitemaps import SITEMAPS


class TopicSlugConverter:
    """Any text without slashes or control characters (a NUL would reach the
    database, which PostgreSQL refuses): topic slugs keep accents and other scripts
    ("méthodes-numériques")."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TopicSlugConverter, "topic")

app_name = "pages"

# Feeds and the sitemap are read-only documents: any method but GET and HEAD is a 405.

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cv/", views.CVView.as_view(), name="cv"),
    path("cv.json", views.cv_json, name="cv_json"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topics/<topic:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("feeds/publications.rss", require_safe(feeds.PublicationFeed()), name="publications_rss"),
    path(
        "feeds/publications.atom",
        require_safe(feeds.PublicationAtomFeed()),
        name="publications_atom",
    ),
    path("feeds/talks.rss", require_safe(feeds.TalkFeed()), name="talks_rss"),
    path("feeds/talks.atom", require_safe(feeds.TalkAtomFeed()), name="talks_atom"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
