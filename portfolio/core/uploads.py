"""Image uploads that are what they claim to be, and carry nothing else.

An upload must be a JPEG, PNG or WebP image whose content matches its file
extension, within a byte limit and a pixel limit (a small file can decode to an
enormous image). It is then re-encoded from its pixels, which drops EXIF (GPS
positions included) and any other metadata or trailing payload, and stored
under a sanitised name.
"""

import contextlib
import io
import warnings
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.text import slugify
from PIL import Image, ImageOps, UnidentifiedImageError

EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
ACCEPT = "image/jpeg,image/png,image/webp"


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def clean_image(upload, max_bytes: int, max_pixels: int) -> ContentFile:
    extension = Path(upload.name or "").suffix.lower()
    allowed = [ext for exts in EXTENSIONS.values() for ext in exts]
    if extension not in allowed:
        raise ValidationError(
            "Upload a JPEG, PNG or WebP image (.jpg, .png, .webp); "
            f"{extension or 'a file without extension'} is not accepted.",
            code="extension",
        )
    if not upload.size:
        raise ValidationError("The file is empty.", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {megabytes(upload.size)}; the limit is {megabytes(max_bytes)}.",
            code="too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's decompression-bomb warning is an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            # Phones write JPEGs with extra embedded images, which Pillow calls MPO.
            kind = "JPEG" if image.format == "MPO" else image.format
            if kind not in EXTENSIONS:
                raise ValidationError(
                    f"This is a {kind} image; upload a JPEG, PNG or WebP image.", code="format"
                )
            if extension not in EXTENSIONS[kind]:
                raise ValidationError(
                    f"The file is a {kind} image but its name ends in {extension}.",
                    code="mismatch",
                )
            pixels = image.width * image.height
            if pixels > max_pixels:
                raise ValidationError(
                    f"The image is {image.width}×{image.height} pixels "
                    f"({pixels / 1e6:.0f} megapixels); the limit is {max_pixels / 1e6:g}.",
                    code="too_many_pixels",
                )
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(
            "The image has far too many pixels.", code="too_many_pixels"
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError("The file is not an image.", code="not_image") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "The image is damaged or cut short; save it again and re-upload it.",
            code="damaged",
        ) from error

    image = ImageOps.exif_transpose(image)
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = {"quality": 90, "optimize": True} if kind in ("JPEG", "WEBP") else {}
    image.save(buffer, kind, **options)  # no exif= or info: metadata is left behind
    stem = slugify(Path(upload.name).stem)[:60].strip("-_") or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}{EXTENSIONS[kind][0]}")


class SafeImageFormField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload, settings.PHOTO_MAX_BYTES, settings.PHOTO_MAX_PIXELS)


class SafeImageField(models.ImageField):
    """An ImageField whose form checks and re-encodes uploads (see the module)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # A database restored or a CV loaded without its media folder names files
        # that are not there: keep the stored dimensions rather than fail.
        with contextlib.suppress(OSError, ValueError):
            super().update_dimension_fields(instance, force, *args, **kwargs)
