from django.urls import path

from portfolio.core import converters  # noqa: F401 (registers <topic:>)
from portfolio.pagecache.public import public

from . import views

app_name = "website"

urlpatterns = [
    path("", public(views.HomeView.as_view()), name="home"),
    path("cv/", public(views.CVView.as_view()), name="cv"),
    path("cv.pdf", public(views.cv_pdf), name="cv_pdf"),
    path("topics/", public(views.TopicListView.as_view()), name="topics"),
    path("topics/<topic:slug>/", public(views.TopicDetailView.as_view()), name="topic"),
    path("robots.txt", public(views.robots_txt), name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
