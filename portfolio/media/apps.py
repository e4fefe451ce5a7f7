from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Uploaded files: images checked and re-encoded on upload, their responsive
    sizes, files retired from public reach when no row names them, and exports
    streamed in chunks. Each image field connects its own save and delete
    handlers (``uploads.SafeImageField.contribute_to_class``)."""

    name = "portfolio.media"
    label = "media"
    verbose_name = "Media"
