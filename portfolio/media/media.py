"""Uploaded images once they are stored: responsive sizes, and files that leave
public reach when they are replaced, cleared or their entry is deleted.

The media folder is public (a web server serves it as it is), so a replaced
photo must not stay there. It is not destroyed either, because the edit history
can bring the old version of the entry back: it is moved, with its sizes, to the
retired-media folder beside the media folder (``<media>-retired`` unless
``RETIRED_MEDIA_ROOT`` says otherwise), which nothing serves. A revert or a
recovery that names a retired file moves it back.
"""

import contextlib
import io
import logging
import os
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.utils import validate_file_name
from django.urls import get_script_prefix
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)


def retired_root() -> Path:
    if getattr(settings, "RETIRED_MEDIA_ROOT", None):
        return Path(settings.RETIRED_MEDIA_ROOT)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-retired")


def is_safe_name(name: str) -> bool:
    """A relative path inside the media folder: no absolute path, no "..", no NUL."""
    try:
        validate_file_name(name, allow_relative_path=True)
    except SuspiciousFileOperation:
        return False
    return "\x00" not in name and "\\" not in name


class MediaStorage(FileSystemStorage):
    """The media folder; a new upload never takes the name of a retired file, nor a
    name whose sizes would be another file's ("me.jpg" and "me.png" share
    sizes/me-320w.jpg), so that a revert brings back the files the old version
    named, not others."""

    def taken(self, name: str) -> bool:
        path = PurePosixPath(name)
        sizes = f"{path.stem}-*w.jpg"
        return (
            (retired_root() / name).exists()
            or any(Path(self.path(str(path.parent / "sizes"))).glob(sizes))
            or any((retired_root() / path.parent / "sizes").glob(sizes))
        )

    def get_available_name(self, name, max_length=None):
        candidate = super().get_available_name(name, max_length)
        directory, file_name = os.path.split(name)
        stem, extension = os.path.splitext(file_name)
        while self.taken(candidate):
            alternative = os.path.join(directory, self.get_alternative_name(stem, extension))
            candidate = super().get_available_name(alternative, max_length)
        return candidate


def root_address(name: str) -> str:
    """The address of the stored file ``name`` from the site's root
    ("/media/library/lab.jpg"), whatever address the site is served at: the form
    in which Markdown names it (portfolio/richtext/markdown.py reads it back)."""
    url, prefix = settings.MEDIA_URL, get_script_prefix()
    folder = "/" + url[len(prefix) :] if url.startswith(prefix) else urlsplit(url).path
    return folder + quote(name)


# --- Responsive sizes ---------------------------------------------------------------


def variant_name(name: str, width: int) -> str:
    path = PurePosixPath(name)
    return str(path.parent / "sizes" / f"{path.stem}-{width}w.jpg")


def make_variants(image_file, image_width: int | None, widths) -> None:
    """Write a JPEG copy of ``image_file`` at each width smaller than the original.

    The copies are re-encoded from pixels and carry no metadata (no EXIF, no comment)."""
    storage = image_file.storage
    needed = [w for w in widths if w < (image_width or 0)]
    missing = [w for w in needed if not storage.exists(variant_name(image_file.name, w))]
    if not missing:
        return
    with image_file.open("rb") as source, Image.open(source) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    image.info = {}
    for width in missing:
        copy = image.copy()
        copy.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
        storage.save(variant_name(image_file.name, width), ContentFile(buffer.getvalue()))


def srcset(image_file, image_width: int, widths) -> list[tuple[str, int]]:
    """(url, width) pairs for the copies that exist and the original, smallest first.

    A file restored from a fixture or a backup may come without its copies."""
    storage = image_file.storage
    names = [(variant_name(image_file.name, w), w) for w in widths if w < image_width]
    pairs = [(storage.url(name), w) for name, w in names if storage.exists(name)]
    return [*pairs, (image_file.url, image_width)]


def is_available(image_file) -> bool:
    """A file is named and is in the media folder (a database copied without its
    media has the name only)."""
    return (
        bool(image_file)
        and is_safe_name(image_file.name)
        and image_file.storage.exists(image_file.name)
    )


def fill_dimensions(row, field_name: str) -> None:
    """Before a save: the width and height of the image ``row`` names, where they
    are missing (a file saved from unnamed content, or restored)."""
    field = row._meta.get_field(field_name)
    image_file = getattr(row, field_name)
    if (
        image_file
        and not (getattr(row, field.width_field) and getattr(row, field.height_field))
        and is_available(image_file)
    ):
        with contextlib.suppress(OSError, ValueError):
            setattr(row, field.width_field, image_file.width)
            setattr(row, field.height_field, image_file.height)


def srcset_attribute(row, field_name: str) -> str:
    """The ``srcset`` of the image ``row`` names in ``field_name`` (a SafeImageField
    with a width field), or "" if it has none."""
    field = row._meta.get_field(field_name)
    image_file, width = getattr(row, field_name), getattr(row, field.width_field)
    if not width or not is_available(image_file):
        return ""
    return ", ".join(f"{url} {w}w" for url, w in srcset(image_file, width, field.widths))


# --- Retiring and bringing back -------------------------------------------------------


def family(name: str, widths) -> list[str]:
    """The file and its responsive sizes."""
    return [name, *(variant_name(name, w) for w in widths)]


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)


def retire(storage, name: str, widths) -> None:
    """Move the file and its sizes out of the public media folder."""
    if not is_safe_name(name):
        return
    for member in family(name, widths):
        public = Path(storage.path(member))
        if public.is_file():
            _move(public, retired_root() / member)


def bring_back(storage, name: str, widths) -> None:
    """Move a retired file (and its sizes) back into the media folder."""
    if not is_safe_name(name) or storage.exists(name):
        return
    for member in family(name, widths):
        retired = retired_root() / member
        public = Path(storage.path(member))
        if retired.is_file() and not public.exists():
            _move(retired, public)


def retire_unless_used(model, field, name: str) -> None:
    """Retire ``name`` unless a row still names it (run after the commit)."""
    try:
        if not model._base_manager.filter(**{field.attname: name}).exists():
            retire(field.storage, name, field.widths)
    except OSError as error:
        # The change is saved; the old file just stays where it was.
        logger.warning("Could not move %s out of the media folder: %s", name, error)
