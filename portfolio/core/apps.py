from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portfolio.core"
    label = "core"

    def ready(self):
        from django.apps import apps

        from .models import FormerSlug

        # Connected per model: a delete listener on every model would turn off
        # Django's fast deletes everywhere.
        for model in apps.get_models():
            if getattr(model, "keeps_former_slugs", False):
                FormerSlug.connect(model)
