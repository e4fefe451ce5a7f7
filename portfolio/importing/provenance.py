"""Reading and writing the origins of imported rows (``models.Origin``), and the
one rule of a source read again: a field still equal to what the source gave it
last takes the source's new value; a field edited here is kept."""

from django.contrib.contenttypes.models import ContentType

from .models import Origin


def is_empty(value) -> bool:
    return value in ("", None, [], False)


def origins(model, source_keys) -> dict[str, Origin]:
    """The origins of rows of ``model`` with these keys, by key. Each has ``found``:
    its row, or None when the row was deleted here."""
    keys = [key for key in source_keys if key]
    if not keys:
        return {}
    kind = ContentType.objects.get_for_model(model)
    found = {
        origin.source_key: origin
        for origin in Origin.objects.filter(content_type=kind, source_key__in=keys)
    }
    rows = model._default_manager.in_bulk([o.object_id for o in found.values()])
    for origin in found.values():
        origin.found = rows.get(origin.object_id)
    return found


def remember(row, source: str, source_key: str, values: dict) -> Origin:
    """The origin of ``row``, made or brought up to date with ``values``."""
    kind = ContentType.objects.get_for_model(type(row))
    origin, _ = Origin.objects.update_or_create(
        content_type=kind,
        source_key=source_key,
        defaults={"object_id": row.pk, "source": source, "values": values},
    )
    return origin


def follow(current: dict, before: dict | None, new: dict) -> tuple[dict, list[str], list[str]]:
    """What to write of ``new`` over a row whose fields are ``current``, given what
    the source said before (``before``; None for a row it never wrote, whose
    empty fields alone are filled). Returns (the values to write, the names of
    the fields that change, the names of those kept as edited here)."""
    write, changed, kept = {}, [], []
    for name, value in new.items():
        here = current.get(name)
        if here == value:
            continue
        if before is None or name not in before:
            unedited = is_empty(here)
        elif before[name] == value:
            continue  # edited here, and the source still says what it said
        else:
            unedited = here == before[name]
        if unedited:
            write[name] = value
            changed.append(name)
        else:
            kept.append(name)
    return write, changed, kept
