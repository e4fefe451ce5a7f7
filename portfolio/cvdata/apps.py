from django.apps import AppConfig


class CvDataConfig(AppConfig):
    """The CV as data: the fixture (load_cv, export_cv), backup and restore, and
    the JSON Resume export."""

    name = "portfolio.cvdata"
    label = "cvdata"
    verbose_name = "CV data"

    def ready(self):
        from django.contrib import admin

        from . import identity
        from .views import export_cv

        admin.site.add_view("export-cv/", export_cv, name="export_cv")
        identity.connect()
