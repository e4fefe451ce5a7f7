"""An entry's image: its fields, a description required with it, and the
responsive sizes templates show (templates/includes/entry_image.html)."""

from django.core.exceptions import ValidationError
from django.db import models

from . import media
from .uploads import IMAGE_HELP, SafeImageField


def image_fields(upload_to: str, widths=(320, 640, 960)):
    """An entry's optional image, its dimensions and its description (see
    WithImage): ``image, image_width, image_height, image_alt = image_fields(...)``,
    declared where they belong in the fixture's order of fields."""
    return (
        SafeImageField(
            upload_to=upload_to,
            blank=True,
            width_field="image_width",
            height_field="image_height",
            widths=widths,
            help_text=IMAGE_HELP,
        ),
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.CharField(
            "image description",
            max_length=300,
            blank=True,
            help_text="What the image shows, for readers who cannot see it. Needed with an image.",
        ),
    )


class WithImage:
    """An entry with the fields of image_fields(): its description is required with
    an image, and the image's size and responsive copies are known to templates."""

    def save(self, *args, **kwargs):
        media.fill_dimensions(self, "image")
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the image, for readers who cannot see it."}
            )

    @property
    def image_available(self) -> bool:
        return media.is_available(self.image)

    @property
    def image_srcset(self) -> str:
        return media.srcset_attribute(self, "image")
