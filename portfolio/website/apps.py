from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The pages that span the content types: home, the CV page, topics, the main
    navigation, robots.txt and the sitemap."""

    name = "portfolio.website"
    label = "website"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from portfolio.core import registry

        from . import cvpdf

        # A change to any row of the CV renders its PDF anew, once it commits.
        for label in registry.cv_models():
            model = apps.get_model(label)
            post_save.connect(cvpdf.changed, sender=model, dispatch_uid=f"cv-pdf-{label}")
            post_delete.connect(cvpdf.changed, sender=model, dispatch_uid=f"cv-pdf-d-{label}")
