"""Two editors, one entry: a save made from a form opened before someone else's
save is refused, and the editor is told what the other save changed.

The change form carries a signed digest of every editable field, many-to-many
field (topics included) and inline (authors, links) of the entry as it was when
the form was opened. On save, the entry as it is now is digested again; fields
whose digests differ were changed by someone else in the meantime.
"""

import hashlib

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import _get_foreign_key
from django.utils.text import Truncator

SALT = "portfolio.core.conflicts"
FIELD = "_edit_state"


def digest(value) -> str:
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def related_rows(admin, obj) -> dict[str, object]:
    """Each inline's rows of ``obj``, by the inline's label."""
    rows = {}
    for inline_class in admin.inlines:
        model = inline_class.model
        fk = _get_foreign_key(type(obj), model, fk_name=inline_class.fk_name)
        values = model._default_manager.filter(**{fk.name: obj}).order_by("pk").values_list()
        rows[f"inline:{model._meta.label_lower}"] = list(values)
    return rows


def entry_state(admin, obj) -> dict[str, str]:
    """Field name -> digest of its value, for what the change form edits."""
    state = {}
    for field in obj._meta.concrete_fields:
        if field.editable and not field.primary_key:
            state[field.name] = digest(field.value_from_object(obj))
    inline_models = {inline.model for inline in admin.inlines}
    for field in obj._meta.many_to_many:
        # A many-to-many edited through an inline (authors, in order) is the inline's.
        if getattr(field.remote_field, "through", None) not in inline_models:
            state[field.name] = digest(sorted(str(o.pk) for o in field.value_from_object(obj)))
    for key, rows in related_rows(admin, obj).items():
        state[key] = digest(rows)
    return state


def token(admin, obj) -> str:
    return signing.dumps(entry_state(admin, obj), salt=SALT, compress=True)


def label(admin, obj, key: str) -> str:
    if key.startswith("inline:"):
        label_lower = key.removeprefix("inline:")
        for inline_class in admin.inlines:
            if inline_class.model._meta.label_lower == label_lower:
                names = (
                    inline_class.verbose_name_plural
                    or inline_class.model._meta.verbose_name_plural
                )
                return str(names)
    return str(obj._meta.get_field(key).verbose_name)


def describe(admin, current, key: str) -> str:
    """'the title is now “…”' or 'the authors changed'."""
    if key.startswith("inline:"):
        return f"the {label(admin, current, key)} changed"
    return describe_field(current, key)


def describe_field(current, key: str) -> str:
    field = current._meta.get_field(key)
    name = str(field.verbose_name)
    if field.many_to_many:
        return f"the {name} changed"
    value = getattr(current, field.name)
    if isinstance(field, models.BooleanField):
        return f"“{name}” is now {'on' if value else 'off'}"
    if value in (None, ""):
        return f"the {name} is now empty"
    text = Truncator(str(value)).chars(80)
    return f"the {name} is now “{text}”"


def check(admin, request, obj) -> None:
    """Raise a ValidationError naming what changed since the form was opened, if
    anything did. A form without the marker (an older page) is not checked."""
    posted = request.POST.get(FIELD)
    if not posted:
        return
    try:
        then = signing.loads(posted, salt=SALT)
    except signing.BadSignature:
        raise ValidationError(
            "This form is damaged (its edit marker cannot be read): reload the page and "
            "make your changes again.",
            code="edit_conflict",
        ) from None
    # Locked until the admin's transaction ends, so that two saves cannot both pass
    # the check before either is written (PostgreSQL; SQLite's saves queue anyway).
    current = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        raise ValidationError(
            f"This {obj._meta.verbose_name} was deleted by someone else after you opened it.",
            code="edit_conflict",
        )
    now = entry_state(admin, current)
    changed = [key for key in now if then.get(key) != now[key]]
    if not changed:
        return
    what = "; ".join(describe(admin, current, key) for key in changed)
    raise ValidationError(
        f"Someone else saved this {obj._meta.verbose_name} after you opened it: {what}. "
        "Your changes were not saved. The form below still holds your version: compare, "
        "then save again to keep yours over theirs.",
        code="edit_conflict",
    )
