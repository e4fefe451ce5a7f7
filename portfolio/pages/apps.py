from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "portfolio.pages"
    label = "pages"
