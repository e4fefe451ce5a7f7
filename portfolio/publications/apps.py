from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "portfolio.publications"
    label = "publications"
