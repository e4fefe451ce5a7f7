"""The image library: images uploaded to be shown in Markdown texts (a free
page's body, a project's description), each named there by its address from the
site's root, which the admin shows ready to paste:
``![The lab in 2019](/media/library/lab.jpg)``.

An image is checked and re-encoded like every upload (``uploads.SafeImageField``),
and its file leaves the public folder when its row is deleted, to come back if the
row is recovered from the history. To make one from bytes (an import)::

    image = LibraryImage(description="The lab", image=ContentFile(data, name="lab.jpg"))
    image.full_clean()  # the upload's checks: ValidationError if refused
    image.save()
"""

import re

import reversion
from django.db import models

from portfolio.core.models import NaturalKeyMixin, NaturalKeyQuerySet

from . import media
from .uploads import IMAGE_HELP, SafeImageField

# What Markdown would read as a mark inside an image's description.
_MARKDOWN_MARKS = re.compile(r"([\\`*_\[\]<>&$!])")


@reversion.register()
class LibraryImage(NaturalKeyMixin, models.Model):
    image = SafeImageField(
        upload_to="library/", width_field="width", height_field="height", help_text=IMAGE_HELP
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    description = models.CharField(
        max_length=300,
        help_text="What the image shows, for readers who cannot see it: the text a page "
        "shows in its place.",
    )
    created_at = models.DateTimeField("added", auto_now_add=True)

    # Matched by its file in the CV fixture: a text names it by its address.
    natural_key_field = "image"
    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        media.fill_dimensions(self, "image")
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.image.name,)

    @property
    def markdown(self) -> str:
        """The image in Markdown, as a text shows it."""
        if not self.image:
            return ""
        words = _MARKDOWN_MARKS.sub(r"\\\1", " ".join(self.description.split()))
        return f"![{words}]({media.root_address(self.image.name)})"
