from django.apps import AppConfig


class StaticSiteConfig(AppConfig):
    """The public site as static files: `build_site` and `publish`."""

    name = "portfolio.staticsite"
    label = "staticsite"
