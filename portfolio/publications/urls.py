from django.urls import path

from portfolio.core import converters  # noqa: F401 (registers <topic:> and <year:>)
from portfolio.pagecache.public import public

from . import views
from .filters import PublicationFilter

app_name = "publications"

List = views.PublicationListView
# The query parameters these lists read, typed by the filter form's fields.
FILTERS = PublicationFilter.base_fields

urlpatterns = [
    path("publications/", public(List.as_view(), params=FILTERS), name="list"),
    path("publications.bib", public(views.publication_list_bibtex, params=FILTERS),
         name="list_bibtex"),
    # One filter per address (see filters.py): these prefixes are reserved slugs.
    path("publications/by-year/", public(List.as_view(by_year=True)), name="by_year"),
    path("publications/topic/<topic:value>/", public(List.as_view(filter_name="topic")),
         name="topic"),
    path("publications/kind/<slug:value>/", public(List.as_view(filter_name="kind")),
         name="kind"),
    path("publications/year/<year:value>/", public(List.as_view(filter_name="year")),
         name="year"),
    path("publications/topic/<topic:value>.bib", public(views.publication_list_bibtex),
         {"filter_name": "topic"}, name="topic_bibtex"),
    path("publications/kind/<slug:value>.bib", public(views.publication_list_bibtex),
         {"filter_name": "kind"}, name="kind_bibtex"),
    path("publications/year/<year:value>.bib", public(views.publication_list_bibtex),
         {"filter_name": "year"}, name="year_bibtex"),
    path(
        "publications/<slug:slug>/", public(views.PublicationDetailView.as_view()), name="detail"
    ),
    path("publications/<slug:slug>.bib", public(views.publication_bibtex), name="bibtex"),
    path("authors/<slug:slug>/", public(views.AuthorDetailView.as_view()), name="author"),
]  # fmt: skip
