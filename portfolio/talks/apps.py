from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "portfolio.talks"
    label = "talks"
