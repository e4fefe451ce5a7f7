from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Uploaded files: images checked and re-encoded on upload, their responsive
    sizes, files retired from public reach when no row names them, exports
    streamed in chunks, and the image library that Markdown texts show images
    from. Each image field connects its own save and delete handlers
    (``uploads.SafeImageField.contribute_to_class``)."""

    name = "portfolio.media"
    label = "media"
    verbose_name = "Media"

    def ready(self):
        from portfolio.core import registry

        # The library's images travel with the CV fixture, with the texts that show
        # them; they have no pages, topics or feeds of their own.
        registry.register(
            registry.ContentType(
                model="media.libraryimage", name="library", fixture_models=("media.libraryimage",)
            )
        )
