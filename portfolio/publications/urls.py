from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("publications/", views.PublicationListView.as_view(), name="list"),
    path("publications.bib", views.publication_list_bibtex, name="list_bibtex"),
    path("publications/<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
    path("publications/<slug:slug>.bib", views.publication_bibtex, name="bibtex"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
]
