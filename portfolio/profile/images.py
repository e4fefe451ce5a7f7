"""Smaller copies of the profile photo for responsive ``srcset`` images."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

WIDTHS = (160, 320, 640)


def variant_name(name: str, width: int) -> str:
    path = PurePosixPath(name)
    return str(path.parent / "sizes" / f"{path.stem}-{width}w.jpg")


def make_variants(photo, photo_width: int | None) -> None:
    """Write a JPEG copy of ``photo`` at each width smaller than the original.

    The copies are re-encoded from pixels, so they carry no EXIF or GPS metadata.
    """
    storage = photo.storage
    needed = [w for w in WIDTHS if w < (photo_width or 0)]
    missing = [w for w in needed if not storage.exists(variant_name(photo.name, w))]
    if not missing:
        return
    with photo.open("rb") as source, Image.open(source) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    for width in missing:
        copy = image.copy()
        copy.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
        storage.save(variant_name(photo.name, width), ContentFile(buffer.getvalue()))


def srcset(photo, photo_width: int) -> list[tuple[str, int]]:
    """(url, width) pairs for the copies that exist and the original, smallest first.

    A photo restored from a fixture or a backup may come without its copies."""
    storage = photo.storage
    names = [(variant_name(photo.name, w), w) for w in WIDTHS if w < photo_width]
    pairs = [(storage.url(name), w) for name, w in names if storage.exists(name)]
    return [*pairs, (photo.url, photo_width)]
