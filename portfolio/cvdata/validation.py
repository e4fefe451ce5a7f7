"""The admin's checks for rows that come in another way: a CV fixture, a backup.

Each row is checked with its model's ``full_clean()``: the field validators and
the model's ``clean()`` that the admin form runs. Every problem is one line that
names the row (model, id in the file, name) and the field, so that all of them
can be fixed at once; the load or restore that finds one changes nothing.
"""

from django.core import serializers
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError

# The lines a message shows; the count of the others follows them.
SHOWN = 20


class InvalidRows(Exception):
    """Rows the admin would refuse, one line each in ``lines``."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__(self.summary())

    def summary(self) -> str:
        shown = self.lines[:SHOWN]
        if len(self.lines) > SHOWN:
            shown.append(f"... and {len(self.lines) - SHOWN} more.")
        return "\n".join(shown)


def short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def row_name(obj, pk=None) -> str:
    """'profile.profile 1 “Ada Lovelace”': the model, the id in the file, the name."""
    label = obj._meta.label_lower
    pk = obj.pk if pk is None else pk
    try:
        name = str(obj)
    except Exception:  # a row that fails its checks may not even name itself
        name = ""
    name = f" “{name[:60]}”" if name.strip() else ""
    return f"{label} {pk}{name}"


def problems(obj, where: str, exclude=()) -> list[str]:
    """The lines of what the admin would refuse in ``obj``, [] when it is valid.
    Uniqueness is left to the database and to the caller (a fixture's rows are
    matched to the database's before they are written)."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return describe(obj, where, error)
    return []


def describe(obj, where: str, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [f"{where}: {' '.join(error.messages)}"]
    lines = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        if name == NON_FIELD_ERRORS:
            lines.append(f"{where}: {text}")
            continue
        try:
            value = getattr(obj, obj._meta.get_field(name).attname)
        except (FieldDoesNotExist, AttributeError):
            lines.append(f"{where}: {name}: {text}")
        else:
            lines.append(f"{where}: {name} {short(value)}: {text}")
    return lines


def refused_rows(rows: list) -> list[str]:
    """What the admin would refuse in rows as dumpdata writes them, found before any
    is written (so the same on every database: PostgreSQL would refuse a value too
    long for its column at once, SQLite would store it). Each row's own fields and
    ``clean()`` are checked; references and uniqueness are left to the database."""
    lines = []
    for item in serializers.deserialize("python", rows, handle_forward_references=True):
        obj = item.object
        relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
        lines += problems(obj, row_name(obj), exclude=relations)
    return lines
