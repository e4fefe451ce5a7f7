from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """Data in: every source (BibTeX, DOI, arXiv, PubMed, ORCID) yields normalised
    records, which one matcher, one preview and one writer take from there."""

    name = "portfolio.importing"
    label = "importing"
    verbose_name = "Import"

    def ready(self):
        from django.contrib import admin

        from . import views

        admin.site.add_view(
            "publications/publication/import-bibtex/",
            views.import_bibtex,
            name="publications_publication_import_bibtex",
        )
        admin.site.add_view(
            "publications/publication/import-orcid/",
            views.import_orcid,
            name="publications_publication_import_orcid",
        )
        admin.site.add_view(
            "publications/publication/add-by-identifier/",
            views.import_identifiers,
            name="publications_publication_add_by_identifier",
        )
