from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from portfolio.core import registry
from portfolio.core.views import read_only
from portfolio.pagecache.public import public
from portfolio.website.views import sitemap_xml

# Each content type's feeds, from the registry: /feeds/publications.rss is
# reversed as "feeds:publications_rss". Feeds and the sitemap are read-only
# documents: any method but GET, HEAD and OPTIONS is a 405.
feed_patterns = [
    path(file_name, public(read_only(feed())), name=registry.feed_url_name(file_name))
    for file_name, feed in registry.feeds().items()
]

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("portfolio.website.urls")),
    path("search/", include("portfolio.search.urls")),
    path("", include("portfolio.profile.urls")),
    path("", include("portfolio.cvdata.urls")),
    path("", include("portfolio.publications.urls")),
    path("talks/", include("portfolio.talks.urls")),
    path("projects/", include("portfolio.projects.urls")),
    path("teaching/", include("portfolio.teaching.urls")),
    path("news/", include("portfolio.news.urls")),
    path("pages/", include("portfolio.pages.urls")),
    path("feeds/", include((feed_patterns, "feeds"))),
    path("sitemap.xml", public(sitemap_xml), name="sitemap"),
]

if settings.SERVE_MEDIA:
    # Uploads (the profile photo) served by Django, for set-ups without a web server
    # in front; with nginx, let it serve MEDIA_ROOT instead (see docs/deploy.md).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
