from django.urls import path, register_converter

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
    path("", views.HomeView.as_view(), name="home"),
    path("cv/", views.CVView.as_view(), name="cv"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topics/<topic:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
