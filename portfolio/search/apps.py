from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search across the registered content types, and the /search/ page."""

    name = "portfolio.search"
    label = "search"
    verbose_name = "Search"
