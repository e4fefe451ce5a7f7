from django.urls import path

from portfolio.core.pagecache import public

from . import views
from .filters import PublicationFilter

app_name = "publications"

urlpatterns = [
    path(
        "publications/",
        public(views.PublicationListView.as_view(), params=PublicationFilter.base_fields),
        name="list",
    ),
    path(
        "publications.bib",
        public(views.publication_list_bibtex, params=PublicationFilter.base_fields),
        name="list_bibtex",
    ),
    path(
        "publications/<slug:slug>/", public(views.PublicationDetailView.as_view()), name="detail"
    ),
    path("publications/<slug:slug>.bib", public(views.publication_bibtex), name="bibtex"),
    path("authors/<slug:slug>/", public(views.AuthorDetailView.as_view()), name="author"),
]
