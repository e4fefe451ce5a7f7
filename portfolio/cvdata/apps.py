from django.apps import AppConfig


class CvDataConfig(AppConfig):
    """The CV as data: the fixture (load_cv, export_cv), backup and restore, and
    the JSON Resume export."""

    name = "portfolio.cvdata"
    label = "cvdata"
    verbose_name = "CV data"
