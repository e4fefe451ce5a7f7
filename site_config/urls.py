from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = "Portfolio administration"
admin.site.site_title = "Portfolio admin"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("portfolio.pages.urls")),
    path("", include("portfolio.publications.urls")),
    path("talks/", include("portfolio.talks.urls")),
]

if settings.SERVE_MEDIA:
    # Uploads (the profile photo) served by Django, for set-ups without a web server
    # in front; with nginx, let it serve MEDIA_ROOT instead (see the README).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
