from django.urls import path

from portfolio.core import converters  # noqa: F401 (registers <topic:> and <year:>)
from portfolio.pagecache.public import public

from . import views
from .exports import FORMATS
from .filters import PublicationFilter

app_name = "publications"

List = views.PublicationListView
# The query parameters these lists read, typed by the filter form's fields.
FILTERS = PublicationFilter.base_fields

urlpatterns = [
    path("publications/", public(List.as_view(), params=FILTERS), name="list"),
    # One filter per address (see filters.py): these prefixes are reserved slugs.
    path("publications/by-year/", public(List.as_view(by_year=True)), name="by_year"),
    path("publications/topic/<topic:value>/", public(List.as_view(filter_name="topic")),
         name="topic"),
    path("publications/kind/<slug:value>/", public(List.as_view(filter_name="kind")),
         name="kind"),
    path("publications/year/<year:value>/", public(List.as_view(filter_name="year")),
         name="year"),
    path(
        "publications/<slug:slug>/", public(views.PublicationDetailView.as_view()), name="detail"
    ),
    # The paper's own PDF, in the folder of its page.
    path("publications/<slug:slug>/<slug:name>.pdf", public(views.publication_pdf), name="pdf"),
    path("authors/<slug:slug>/", public(views.AuthorDetailView.as_view()), name="author"),
]  # fmt: skip

# Each export format (exports.py) of the whole list, of one filter's list, and of
# one publication: /publications.ris, /publications/topic/<slug>.ris,
# /publications/<slug>.ris.
ListExport, OneExport = views.publication_list_export, views.publication_export
for fmt, export in FORMATS.items():
    ext = export.extension
    urlpatterns += [
        path(f"publications.{ext}", public(ListExport, params=FILTERS), {"fmt": fmt},
             name=f"list_{fmt}"),
        path(f"publications/topic/<topic:value>.{ext}", public(ListExport),
             {"fmt": fmt, "filter_name": "topic"}, name=f"topic_{fmt}"),
        path(f"publications/kind/<slug:value>.{ext}", public(ListExport),
             {"fmt": fmt, "filter_name": "kind"}, name=f"kind_{fmt}"),
        path(f"publications/year/<year:value>.{ext}", public(ListExport),
             {"fmt": fmt, "filter_name": "year"}, name=f"year_{fmt}"),
        path(f"publications/<slug:slug>.{ext}", public(OneExport), {"fmt": fmt}, name=fmt),
    ]  # fmt: skip
