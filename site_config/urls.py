from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Portfolio administration"
admin.site.site_title = "Portfolio admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("portfolio.pages.urls")),
    path("", include("portfolio.publications.urls")),
    path("talks/", include("portfolio.talks.urls")),
]

if settings.DEBUG:
    # Development only; in production the web server serves uploads (see README).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
