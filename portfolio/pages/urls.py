from django.urls import path, register_converter

from portfolio.core.pagecache import public

from . import views


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

urlpatterns = [
    path("", public(views.HomeView.as_view()), name="home"),
    path("cv/", public(views.CVView.as_view()), name="cv"),
    path("topics/", public(views.TopicListView.as_view()), name="topics"),
    path("topics/<topic:slug>/", public(views.TopicDetailView.as_view()), name="topic"),
    path("robots.txt", public(views.robots_txt), name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
