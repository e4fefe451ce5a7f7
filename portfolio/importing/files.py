"""Files that come with an imported row (a paper's PDF and teaser image, a
project's image, the profile photo), stored through the same checks as an
upload in the admin. A file that fails them is named in the preview with the
reason, and the row comes in without it."""

from django.conf import settings
from django.core.exceptions import ValidationError

from portfolio.media.pdfs import clean_pdf
from portfolio.media.uploads import clean_image

# The field's description of its image, where the model has one.
ALT_FIELDS = {"image": "image_alt"}


def checked(name: str, content):
    """``content`` as the field ``name`` stores it, or ValidationError."""
    if name == "pdf":
        return clean_pdf(content, settings.PUBLICATION_PDF_MAX_BYTES)
    return clean_image(content, settings.PHOTO_MAX_BYTES, settings.PHOTO_MAX_PIXELS)


def attach(row, files: dict, *, alt: str = "", dry_run: bool = False) -> list[str]:
    """Store each of ``files`` ({field name: ContentFile}) in its field of ``row``,
    unless the field holds a file already (one uploaded or imported before is
    kept), and save the row. Returns what the preview says of them."""
    notes, stored = [], []
    for name, content in files.items():
        if getattr(row, name):
            continue
        try:
            clean = checked(name, content)
        except ValidationError as error:
            notes.append(f"{name} {content.name} not brought in: {' '.join(error.messages)}")
            continue
        if not dry_run:
            getattr(row, name).save(clean.name, clean, save=False)
        stored.append(name)
        alt_field = ALT_FIELDS.get(name)
        if alt_field and not getattr(row, alt_field):
            setattr(row, alt_field, alt[:300])
    if stored:
        notes.append(f"with its {' and '.join(stored)}")
        if not dry_run:
            row.save()
    return notes
