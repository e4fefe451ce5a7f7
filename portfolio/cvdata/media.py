"""Uploaded files travel with the CV fixture.

The fixture names a file (the profile photo, ``profile/me.jpg``); the media
folder is not in git. So ``export_cv`` copies each file the fixture names into
``media/`` beside the fixture (``fixtures/media/profile/me.jpg``), to be committed
with it, and ``load_cv`` copies a file it names from there into the media folder
when the media folder lacks it, and makes its responsive sizes.
"""

import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from portfolio.core import registry
from portfolio.media.media import is_safe_name, make_variants


def file_fields():
    """(model, field) for every uploaded-file field of the CV's models."""
    for label in registry.cv_models():
        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def named_files() -> list[tuple[object, object, str]]:
    """(row, field, file name) for every file the CV's rows name."""
    found = []
    for model, field in file_fields():
        for row in model._default_manager.exclude(**{field.name: ""}).order_by("pk"):
            name = getattr(row, field.name).name
            if name and is_safe_name(name):
                found.append((row, field, name))
    return found


def _copy(source: Path, target: Path) -> bool:
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def export_media(fixture_folder: Path) -> tuple[list[str], list[str]]:
    """Copy each named file into ``fixture_folder/media``; returns the names copied
    (new or changed) and the names whose file is missing from the media folder."""
    media_root = Path(settings.MEDIA_ROOT)
    copied, missing = [], []
    for _row, _field, name in named_files():
        source = media_root / name
        if not source.is_file():
            missing.append(name)
        elif _copy(source, fixture_folder / "media" / name):
            copied.append(name)
    return copied, missing


def load_media(fixture_folder: Path) -> list[str]:
    """Copy into the media folder each named file it lacks and the fixture's folder
    has, and make its sizes; returns the names brought in."""
    media_root = Path(settings.MEDIA_ROOT)
    brought = []
    for row, field, name in named_files():
        source = fixture_folder / "media" / name
        if (media_root / name).exists() or not source.is_file():
            continue
        _copy(source, media_root / name)
        brought.append(name)
        width = getattr(row, field.width_field) if getattr(field, "width_field", None) else None
        if getattr(field, "widths", None) and width:
            make_variants(getattr(row, field.name), width, field.widths)
    return brought
