from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portfolio.core"
    label = "core"

    def ready(self):
        from . import text

        text.connect()
