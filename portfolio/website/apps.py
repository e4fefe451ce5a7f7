from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The pages that span the content types: home, the CV page, topics, the main
    navigation, robots.txt and the sitemap."""

    name = "portfolio.website"
    label = "website"
