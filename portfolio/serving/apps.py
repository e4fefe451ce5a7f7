from django.apps import AppConfig


class ServingConfig(AppConfig):
    """HTTP hygiene around every page, whatever it shows: the health check, odd
    requests refused (TRACE, NUL characters), a busy database answered 503, and
    responses compressed where that is safe."""

    name = "portfolio.serving"
    label = "serving"
    verbose_name = "Serving"
