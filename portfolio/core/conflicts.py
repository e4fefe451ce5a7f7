"""Two editors, one entry: a save made from a form opened before someone else's
save is refused, and the editor is told what the other save changed.

The change form carries a signed digest of every editable field, many-to-many
field (topics included) and inline (authors, links) of the entry as it was when
the form was opened. On save, the entry as it is now is digested again; fields
whose digests differ were changed by someone else in the meantime.

A list with editable columns (``list_editable``) does the same row by row: see
``RowForm`` and ``RowFormSet``. Actions (publish, hide, delete) take no values
from the page they were chosen on, only which entries: each writes its own
change to the entries as they are when it runs, so none can bring back what a
page showed before someone else's save.
"""

import hashlib

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.forms.models import BaseModelFormSet, _get_foreign_key
from django.utils.functional import cached_property
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


# Editable lists (list_editable): each row carries the marker of its own columns.

ROW_SALT = f"{SALT}.row"
ROW_FIELD = "edit_state"


def row_state(obj, names) -> dict[str, str]:
    """Column name -> digest of its value, for the columns a list edits."""
    return {name: digest(obj._meta.get_field(name).value_from_object(obj)) for name in names}


def listed(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


class RowMarkerField(forms.CharField):
    """A row's signed marker: carried through the page, never an edit of the row."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class RowForm(forms.ModelForm):
    """A row of an editable list, refused like a change form when someone else
    saved or deleted its entry after the list was opened.

    Only the list's columns are guarded: a save from the list writes those and
    nothing else of the entry, so an edit made elsewhere in the entry (its title,
    its text) is kept and is no conflict."""

    edit_state = RowMarkerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refusal = ""  # shown above the row when the list is shown again
        self.conflict = ""
        self.changed_by_others: list[str] = []
        self.opened: dict[str, str] = {}
        self.name = self.deleted_name = ""
        self.stored = None
        if not self.instance._state.adding:
            # Read now, before the posted values are put into the instance.
            self.name = Truncator(str(self.instance)).chars(80)
            self.stored = row_state(self.instance, self.columns())
            if not self.is_bound:
                marker = {"pk": str(self.instance.pk), "name": self.name, "state": self.stored}
                self.initial[ROW_FIELD] = signing.dumps(marker, salt=ROW_SALT, compress=True)

    def columns(self) -> list[str]:
        return [name for name in self.base_fields if name != ROW_FIELD]

    def clean(self):
        cleaned = super().clean()
        posted = cleaned.get(ROW_FIELD)
        if not posted:  # a list opened before its rows carried markers
            return cleaned
        damaged = ValidationError(
            "This row is damaged (its edit marker cannot be read): reload the list and "
            "make your changes again.",
            code="edit_conflict",
        )
        try:
            marker = signing.loads(posted, salt=ROW_SALT)
            pk, name, self.opened = marker["pk"], marker["name"], marker["state"]
        except (signing.BadSignature, KeyError, TypeError):
            raise damaged from None
        if self.stored is None:
            self.deleted_name = name
            self.conflict = f"Someone else deleted “{name}” after you opened this list."
            raise ValidationError(self.conflict, code="edit_conflict")
        if pk != str(self.instance.pk):
            raise damaged
        self.changed_by_others = [
            key for key, value in self.stored.items() if self.opened.get(key) != value
        ]
        if self.changed_by_others:
            what = "; ".join(describe_field(self.instance, key) for key in self.changed_by_others)
            self.conflict = f"Someone else saved “{self.name}” after you opened this list: {what}."
            raise ValidationError(self.conflict, code="edit_conflict")
        return cleaned

    def own_changes(self) -> dict[str, object]:
        """The columns this editor changed in the row since the list was opened,
        with their new values (once cleaned: the instance then holds them)."""
        fields = {name: self.instance._meta.get_field(name) for name in self.columns()}
        return {
            name: self.cleaned_data[name]
            for name, field in fields.items()
            if name in self.cleaned_data
            and digest(field.value_from_object(self.instance)) != self.opened.get(name)
        }

    def non_field_errors(self):
        errors = super().non_field_errors()
        if not self.refusal:
            return errors
        return self.error_class([*errors, self.refusal], error_class="nonfield")


class RowFormSet(BaseModelFormSet):
    """The rows of an editable list.

    A save in which any row was saved or deleted by someone else after the list
    was opened is refused as a whole: nothing of the list is saved, not even the
    rows no one else touched, because the editor chose those values looking at a
    list that is no longer true (a place in the navigation set next to a page
    that has since moved, say). As Django does for a list with errors, the list
    is shown again with each such row named, and what changed said above it; see
    ``show_again`` for what it then holds.

    Used inside a transaction (the admin's save), which keeps the posted rows
    locked from their check until they are saved."""

    @cached_property
    def forms(self):
        indexes = range(self.total_form_count())
        if self.is_bound:
            self.lock_rows()
            # A list shown again without a deleted row has a gap in its numbering.
            indexes = [i for i in indexes if self.pk_key(i) in self.data]
        return [self._construct_form(i, **self.get_form_kwargs(i)) for i in indexes]

    def pk_key(self, i) -> str:
        return f"{self.add_prefix(i)}-{self.model._meta.pk.name}"

    def lock_rows(self) -> None:
        """Lock the posted rows before they are read, so that two saves cannot both
        pass the check before either is written (PostgreSQL; SQLite's saves queue
        anyway)."""
        if not connections[router.db_for_write(self.model)].features.has_select_for_update:
            return
        to_python, pks = self.model._meta.pk.to_python, []
        for i in range(self.total_form_count()):
            try:
                pks.append(to_python(self.data[self.pk_key(i)]))
            except (KeyError, ValidationError):
                continue
        rows = self.model._default_manager.select_for_update().filter(pk__in=pks)
        list(rows.values_list("pk", flat=True))

    def clean(self):
        super().clean()
        saved = [f"“{form.name}”" for form in self.forms if form.changed_by_others]
        gone = [form.deleted_name for form in self.forms if form.stored is None]
        if not saved and not gone:
            return
        deleted = [f"“{name}”" for name in gone if name]
        unnamed = len(gone) - len(deleted)  # rows of a list opened before rows carried markers
        deleted += ["a row" if unnamed == 1 else f"{unnamed} rows"] if unnamed else []
        done = [f"saved {listed(saved)}"] if saved else []
        done += [f"deleted {listed(deleted)}"] if deleted else []
        raise ValidationError(
            f"Nothing in the list was saved: someone else {' and '.join(done)} after you "
            "opened it. The list below shows what is stored now, with your own changes kept: "
            "check it, then save again.",
            code="edit_conflict",
        )

    def show_again(self) -> None:
        """After a refused save: leave out the rows deleted meanwhile, and show each
        row someone else saved as it is stored now, except for the columns this
        editor changed in it, with a new marker. Saving again then writes this
        editor's changes and nothing else; rows no one changed are shown as posted."""
        stale = [form.instance.pk for form in self.forms if form.changed_by_others]
        now = {obj.pk: obj for obj in self.get_queryset().filter(pk__in=stale)} if stale else {}
        shown = []
        for form in self.forms:
            if form.changed_by_others:
                if form.instance.pk not in now:
                    continue
                form = self.as_stored(form, now[form.instance.pk])
            elif form.stored is None:
                continue
            shown.append(form)
        self.forms[:] = shown

    def as_stored(self, form, now):
        kept = form.own_changes()
        pk_name = self.model._meta.pk.name
        shown = self.form(
            auto_id=self.auto_id,
            prefix=form.prefix,
            error_class=self.error_class,
            use_required_attribute=False,
            renderer=self.form_renderer,
            instance=now,
            initial={**kept, pk_name: now.pk},
        )
        self.add_fields(shown, None)
        labels = [f"“{now._meta.get_field(name).verbose_name}”" for name in kept]
        mine = f", except for your own change to {listed(labels)}" if kept else ""
        shown.refusal = f"{form.conflict} This row shows it as stored now{mine}."
        return shown
