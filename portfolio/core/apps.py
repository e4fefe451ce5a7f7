from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portfolio.core"
    label = "core"
