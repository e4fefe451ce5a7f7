"""Image uploads that are what they claim to be, and carry nothing else.

An upload must be a JPEG, PNG or WebP image whose content matches its file
extension, within a byte limit and a pixel limit (a small file can decode to an
enormous image). It is then re-encoded from its pixels, which drops EXIF (GPS
positions included) and any other metadata or trailing payload, and stored
under a sanitised name. An image given to a field otherwise than through its
form (an import, a script: ``row.image = ContentFile(data, name="lab.jpg")``, or
``row.image.save("lab.jpg", ContentFile(data))``) goes through the same checks.

Stored files are then handled by ``portfolio.media.media``: responsive sizes, and
files that leave the public folder when no row names them any more.
"""

import contextlib
import functools
import io
import warnings
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.text import slugify
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import media

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

    image = to_srgb(ImageOps.exif_transpose(image))
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Pillow writes some of what it read back out (a JPEG comment, a colour
    # profile, PNG text): with ``info`` empty, only the pixels are saved.
    image.info = {}
    buffer = io.BytesIO()
    options = {"quality": 90, "optimize": True} if kind in ("JPEG", "WEBP") else {}
    image.save(buffer, kind, **options)
    stem = slugify(Path(upload.name).stem)[:60].strip("-_") or "image"
    cleaned = ContentFile(buffer.getvalue(), name=f"{stem}{EXTENSIONS[kind][0]}")
    cleaned.image_checked = True  # not checked and re-encoded a second time on save
    return cleaned


def check_image(content, name: str) -> ContentFile:
    """``content`` (a file) checked and re-encoded as an upload named ``name`` is,
    within the site's limits; raises ValidationError if it cannot be."""
    if getattr(content, "image_checked", False):
        return content
    return clean_image(
        File(content, name=name), settings.PHOTO_MAX_BYTES, settings.PHOTO_MAX_PIXELS
    )


def to_srgb(image):
    """The pixels in sRGB, so that dropping an embedded colour profile keeps the
    colours; an image without a (readable) profile is taken as sRGB already."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "L"):
        return image
    try:
        converted = ImageCms.profileToProfile(
            image, io.BytesIO(profile), ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted or image


# What every image field of the site says under its box.
IMAGE_HELP = (
    "A JPEG, PNG or WebP image of at most 5 MB; metadata such as GPS positions is removed."
)


class SafeImageFormField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload, settings.PHOTO_MAX_BYTES, settings.PHOTO_MAX_PIXELS)


class CheckedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Every way of storing a new file ends here: the form's upload (checked
        # already), a file assigned to the field, or a call of save() itself.
        content = check_image(content, name)
        super().save(content.name, content, save)


class RetiresUnusedFiles:
    """For a file field: a file that a row stops naming (replaced, cleared, or the
    row deleted) is moved out of the public media folder, and moved back when a
    row names it again (a history revert or recovery): see ``portfolio.media.media``.
    ``widths``: the sizes of an image kept beside it, which go and come with it."""

    widths: tuple = ()

    def validate(self, value, model_instance):
        # A fixture names the file; it must be one inside the media folder.
        super().validate(value, model_instance)
        if value and not media.is_safe_name(value.name):
            raise ValidationError(
                f"{value.name!r} is not a file in the media folder.", code="unsafe_name"
            )

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract or cls.__module__ == "__fake__":  # migrations' models
            return
        uid = f"{cls._meta.label_lower}.{name}"
        pre_save.connect(self.before_save, sender=cls, weak=False, dispatch_uid=uid)
        post_save.connect(self.after_save, sender=cls, weak=False, dispatch_uid=uid)
        post_delete.connect(self.after_delete, sender=cls, weak=False, dispatch_uid=uid)

    def before_save(self, sender, instance, **kwargs):
        current = getattr(instance, self.attname)
        if (
            current
            and current._committed
            and media.is_safe_name(current.name)
            and not self.storage.exists(current.name)
        ):
            # A revert or recovery names a retired file: it comes back to the public
            # folder only once the change is committed (a change rolled back must not
            # publish it).
            transaction.on_commit(
                functools.partial(self.bring_back, sender, instance.pk, current.name)
            )
        previous = None
        if instance.pk is not None:
            previous = (
                sender._base_manager.filter(pk=instance.pk)
                .values_list(self.attname, flat=True)
                .first()
            )
        instance.__dict__[f"_previous_{self.attname}"] = previous

    def after_save(self, sender, instance, **kwargs):
        previous = instance.__dict__.pop(f"_previous_{self.attname}", None)
        current = getattr(instance, self.attname)
        if previous and previous != current.name:
            transaction.on_commit(
                functools.partial(media.retire_unless_used, sender, self, previous)
            )
        if current and media.is_safe_name(current.name):
            with contextlib.suppress(OSError, ValueError):
                self.make_sizes(instance)

    def make_sizes(self, row) -> None:
        """The copies kept beside the file ``row`` names, where missing: none here."""

    def bring_back(self, model, pk, name: str) -> None:
        """After a commit: the file a row names, back from the retired folder, with
        its sizes (made anew where missing)."""
        try:
            media.bring_back(self.storage, name, self.widths)
            row = model._base_manager.filter(pk=pk, **{self.attname: name}).first()
            if row is not None:
                self.make_sizes(row)
        except (OSError, ValueError) as error:
            media.logger.warning("Could not bring %s back to the media folder: %s", name, error)

    def after_delete(self, sender, instance, **kwargs):
        name = getattr(instance, self.attname).name
        if name:
            transaction.on_commit(functools.partial(media.retire_unless_used, sender, self, name))


class SafeImageField(RetiresUnusedFiles, models.ImageField):
    """An ImageField whose form checks and re-encodes uploads (see the module).

    ``widths``: smaller JPEG copies made when a row is saved, for ``srcset``, retired
    and brought back with the file (see ``RetiresUnusedFiles``)."""

    attr_class = CheckedImageFieldFile

    def __init__(self, *args, widths=(), **kwargs):
        # Not a database matter, so not part of the migrations (deconstruct).
        self.widths = tuple(widths)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})

    def validate(self, value, model_instance):
        # A file given to the field, not yet stored, is checked by the model's
        # validation (full_clean), and kept as re-encoded for the save that follows.
        if value and not value._committed:
            checked = check_image(value.file, value.name)
            value.file, value.name = checked, checked.name
        super().validate(value, model_instance)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # A database restored or a CV loaded without its media folder names files
        # that are not there: keep the stored dimensions rather than fail.
        with contextlib.suppress(OSError, ValueError, SuspiciousFileOperation):
            super().update_dimension_fields(instance, force, *args, **kwargs)

    def make_sizes(self, row) -> None:
        """The responsive sizes of the file ``row`` names, where missing."""
        image_file = getattr(row, self.attname)
        if self.widths and self.storage.exists(image_file.name):
            width = getattr(row, self.width_field) if self.width_field else None
            media.make_variants(image_file, width, self.widths)
