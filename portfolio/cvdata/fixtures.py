"""Writing the database as the CV fixture, and loading it back without losing edits.

The fixture keeps database ids, so that an entry keeps its identity between an
export and a later load. References that have a natural key (publications,
authors and talks by slug, skill categories and topics by name, content types
by app and model) are written with it, which keeps the file readable.

Private fields stay out of the fixture, which is meant to be committed. A field
is private while its switch ``<field>_public`` is off (the profile's phone,
birth date and birthplace, by default): the site does not show it, so the
repository must not either. Those values are written to a second file beside
the fixture (``cv.private.json`` beside ``cv.json``), which git ignores, with
the same model and id, and a load puts them back where they belong.
"""

import functools
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, connection
from taggit.models import Tag

from portfolio.core import registry
from portfolio.core.models import private_fields, switched_fields
from portfolio.profile import theme
from portfolio.profile.models import Profile
from portfolio.richtext.text import clean_text

from . import identity
from .validation import InvalidRows, problems, row_name, short

# Entries with nothing but a name to know them by: renamed in the admin, such an
# entry is still the row with its fixture id, unless the fixture names that row
# as another entry of its own.
MATCHED_BY_ID_WHEN_RENAMED = {"profile.skillcategory"}


def label_of(model) -> str:
    return model._meta.label_lower


def to_milliseconds(instance) -> None:
    """Times as the fixture keeps them: JSON holds milliseconds, so a time whose
    microseconds are 000123 would be written ".000" and read back as a whole
    second, and the next export would differ. Cutting first writes what loads."""
    for model_field in instance._meta.concrete_fields:
        if model_field.get_internal_type() in {"DateTimeField", "TimeField"}:
            value = getattr(instance, model_field.attname)
            if value is not None:
                setattr(
                    instance,
                    model_field.attname,
                    value.replace(microsecond=value.microsecond // 1000 * 1000),
                )


@functools.cache
class PublicPart(JSONSerializer):
    """The fixture without the private fields."""

    def handle_field(self, obj, field):
        if field.name not in private_fields(obj):
            super().handle_field(obj, field)


class PrivatePart(JSONSerializer):
    """The private fields alone, of the rows that have any."""

    def handle_field(self, obj, field):
        if field.name in private_fields(obj):
            super().handle_field(obj, field)

    def handle_fk_field(self, obj, field):
        pass

    def handle_m2m_field(self, obj, field):
        pass


def cv_rows() -> list:
    """The CV part of the database, in the fixture's order."""
    objects = []
    for label in registry.cv_models():
        objects += list(apps.get_model(label)._default_manager.order_by("pk"))
    for instance in objects:  # rows saved before line breaks were made plain
        clean_text(instance)
        to_milliseconds(instance)
    return objects


def serialise(serializer, objects) -> str:
    options = {"indent": 2, "use_natural_foreign_keys": True, "ensure_ascii": False}
    return serializer().serialize(objects, **options) + "\n"


def export_fixture(with_private: bool = False, rows: list | None = None) -> str:
    """The CV part of the database (or ``rows`` of cv_rows()) as fixture JSON: stable
    order, one object a block. Without its private fields, unless ``with_private``
    (see export_private())."""
    rows = cv_rows() if rows is None else rows
    return serialise(JSONSerializer if with_private else PublicPart, rows)


def export_private(rows: list | None = None) -> str:
    """The private fields of the rows that have any, as a fixture of those fields
    alone: what export_fixture() leaves out."""
    rows = cv_rows() if rows is None else rows
    return serialise(PrivatePart, [row for row in rows if private_fields(row)])


def private_path(fixture: Path) -> Path:
    """Where the private fields of ``fixture`` are kept: cv.json -> cv.private.json."""
    return fixture.with_name(f"{fixture.stem}.private{fixture.suffix}")


def merge_private(objects: list, private, source: str) -> None:
    """The fixture's objects with the fields of the private file, whose values win
    over those an older fixture holds. Raises DeserializationError for a private
    file that names a row the fixture does not hold: it belongs to another CV, or
    is stale."""
    if not isinstance(private, list):
        raise DeserializationError(f"{source} is not a JSON list of objects")
    rows = {
        (obj["model"].lower(), obj.get("pk")): obj["fields"]
        for obj in objects
        if isinstance(obj.get("fields"), dict)
    }
    for number, item in enumerate(private, start=1):
        label = item.get("model") if isinstance(item, dict) else None
        if not isinstance(label, str) or not isinstance(item.get("fields"), dict):
            raise DeserializationError(
                f"object {number} of {source} is not an object with a model and fields"
            )
        fields = rows.get((label.lower(), item.get("pk")))
        if fields is None:
            raise DeserializationError(
                f"{source} holds {label} {item.get('pk')}, which the fixture does not: it "
                "belongs to another fixture, or to an older version of this one (export again "
                "to write it anew, or remove it)"
            )
        fields.update(item["fields"])


@dataclass
class LoadReport:
    added: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    overwritten: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for name in ("added", "overwritten", "kept", "skipped"):
            counts = getattr(self, name)
            if counts:
                detail = ", ".join(
                    f"{n} {apps.get_model(label)._meta.verbose_name_plural}"
                    for label, n in sorted(counts.items())
                )
                out.append(f"{name.capitalize()}: {detail}.")
        return out + self.notes


def unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose keys are all different: a key given twice (two "pk"s,
    two "slug"s) would silently keep the last value."""
    keys = Counter(key for key, _ in pairs)
    repeated = sorted(key for key, count in keys.items() if count > 1)
    if repeated:
        raise DeserializationError(f"the key {repeated[0]!r} appears twice in one object")
    return dict(pairs)


class FixtureLoader:
    """Adds what the database lacks; keeps what it has unless ``overwrite``.

    An entry that exists (same id, or same natural key) is kept as it is, and
    so are the rows that belong to it (its authors, links, topics...), which are
    reported as skipped. With ``overwrite`` the fixture's version replaces it,
    rows that belong to it included. Entries the fixture does not name are
    never touched. Every row is checked as the admin checks it (``InvalidRows``
    lists what fails, every row of the fixture read); any other problem raises
    at once. Run it inside a transaction: then a load that raises changes nothing.
    """

    def __init__(self, overwrite: bool = False):
        self.overwrite = overwrite
        self.report = LoadReport()
        self.kept: set[tuple[str, object]] = set()  # parents whose rows are not loaded
        self.ids: dict[tuple[str, object], object] = {}  # fixture id -> database id
        self.touched: set = set()
        self.seen: set[tuple[str, str, object]] = set()
        self.natural_ids: dict[tuple[str, tuple], object] = {}  # fixture key -> database id
        self.fixture_keys: dict[str, set[tuple]] = {}  # natural keys the fixture names
        # fixture key -> the key of the row it was matched to, where they differ
        self.current_keys: dict[tuple[str, tuple], list] = {}
        self.problems: list[str] = []  # what the admin would refuse, one line each
        self.refused_ids: set[tuple[str, object]] = set()  # (label, fixture id) not written
        self.refused_keys: set[tuple[str, tuple]] = set()  # (label, natural key) not written
        self.left_out: dict[tuple[str, object], list[str]] = {}  # private fields not given

    def load(self, text: str, private: str | None = None, source: str = "") -> LoadReport:
        """Load the fixture ``text``, with the private fields of ``private`` (the text of
        the file ``source``) where the fixture's rows are."""
        objects = self.parse(text, "")
        known = registry.cv_models()
        for number, item in enumerate(objects, start=1):
            label = item.get("model") if isinstance(item, dict) else None
            if not isinstance(label, str) or label.lower() not in known:
                raise DeserializationError(
                    f"object {number} is not part of a CV (model {label!r}); a CV fixture "
                    f"holds only {', '.join(known)}"
                )
        if private is not None:
            merge_private(objects, self.parse(private, source), source)
        theme.upgrade_rows(objects)  # a CV written when the site had other fonts
        self.collect_left_out(objects)
        self.use_existing_topic_names(objects)
        self.collect_fixture_keys(objects)
        deferred = []
        try:
            for item in serializers.deserialize(
                "python",
                self.with_current_keys(objects),
                handle_forward_references=True,
                ignorenonexistent=False,
            ):
                self.resolve_renamed_references(item)
                # Only a row the load wrote gets its forward references filled in: a
                # kept row stays as it is in the database.
                if self.load_row(item) and item.deferred_fields:
                    deferred.append(item)
            if self.problems:
                raise InvalidRows(self.problems)
            for item in deferred:
                self.use_current_keys(item)
                item.save_deferred_fields()
        except (
            FieldDoesNotExist,
            FieldError,
            LookupError,
            TypeError,
            ValueError,
            AttributeError,
        ) as error:
            if self.problems:  # said first: the later error may come of them
                raise InvalidRows([*self.problems, f"{type(error).__name__}: {error}"]) from error
            raise DeserializationError(f"{type(error).__name__}: {error}") from error
        except (DeserializationError, DatabaseError) as error:
            if self.problems:
                reason = (str(error).splitlines() or [type(error).__name__])[0]
                raise InvalidRows([*self.problems, reason]) from error
            raise
        self.reset_sequences()
        if self.report.added["profile.profile"] or self.report.overwritten["profile.profile"]:
            # As a save in the admin would: the owner's author record takes the
            # profile's name (the rows were saved raw, which the signal leaves alone).
            note = identity.follow_profile(Profile.get_solo())
            self.report.notes += [note] if note else []
        return self.report

    @staticmethod
    def parse(text: str, source: str) -> list:
        where = f"{source}: " if source else ""
        try:
            objects = json.loads(text, object_pairs_hook=unique_keys)
        except json.JSONDecodeError as error:
            raise DeserializationError(f"{where}not valid JSON ({error})") from error
        except RecursionError as error:
            raise DeserializationError(
                f"{where}not a fixture: the JSON is nested too deeply"
            ) from error
        if not isinstance(objects, list):
            raise DeserializationError(f"{where}a fixture is a JSON list of objects")
        return objects

    def collect_left_out(self, objects: list) -> None:
        """The private fields each row leaves out (a fixture without its private
        file): an entry overwritten keeps the database's values of those."""
        for obj in objects:
            if not isinstance(obj, dict) or not isinstance(obj.get("fields"), dict):
                continue
            model = apps.get_model(obj["model"])
            missing = [name for name in switched_fields(model) if name not in obj["fields"]]
            if missing:
                self.left_out[(label_of(model), obj.get("pk"))] = missing

    def keep_left_out(self, obj, label: str, fixture_id, existing) -> None:
        names = self.left_out.get((label, fixture_id))
        if names:
            stored = type(obj)._default_manager.filter(pk=existing).values(*names).first()
            for name, value in (stored or {}).items():
                setattr(obj, name, value)

    @staticmethod
    def use_existing_topic_names(objects: list) -> None:
        """Topics are case-insensitive: "Deep learning" in the database is the
        fixture's "deep learning", so the fixture is read with the database's spelling."""
        existing = {name.casefold(): name for name in Tag.objects.values_list("name", flat=True)}

        def spelled(name):
            return existing.get(name.casefold(), name) if isinstance(name, str) else name

        for obj in objects:
            fields = obj.get("fields") if isinstance(obj, dict) else None
            if not isinstance(fields, dict):
                continue
            if obj.get("model") == "taggit.tag" and "name" in fields:
                fields["name"] = spelled(fields["name"])
            elif obj.get("model") == "taggit.taggeditem" and isinstance(fields.get("tag"), list):
                fields["tag"] = [spelled(name) for name in fields["tag"]]

    def collect_fixture_keys(self, objects: list) -> None:
        for label in MATCHED_BY_ID_WHEN_RENAMED:
            model = apps.get_model(label)
            self.fixture_keys[label] = {
                (obj["fields"].get(model.natural_key_field),)
                for obj in objects
                if obj.get("model", "").lower() == label and isinstance(obj.get("fields"), dict)
            }

    def with_current_keys(self, objects: list):
        """Each object as it is read, its many-to-many references by natural key (a
        publication's other versions) pointing at the rows the entries they name
        were matched to: a slug changed in the admin must not break the load."""
        for obj in objects:
            fields = obj.get("fields") if isinstance(obj, dict) else None
            try:
                model = apps.get_model(obj["model"]) if isinstance(fields, dict) else None
            except (LookupError, ValueError, TypeError):
                model = None
            for field_ in model._meta.many_to_many if model else ():
                if isinstance(fields.get(field_.name), list):
                    fields[field_.name] = self.current(field_, fields[field_.name])
            yield obj

    def use_current_keys(self, item) -> None:
        """A forward many-to-many reference (to an entry later in the fixture) by
        natural key, pointed at the row that entry was matched to."""
        for reference, values in list(item.deferred_fields.items()):
            if reference.many_to_many and isinstance(values, list):
                item.deferred_fields[reference] = self.current(reference, values)

    def current(self, field_, keys: list) -> list:
        """Natural keys of a many-to-many reference, each replaced by the key of the
        row its entry was matched to where they differ."""
        label = label_of(field_.related_model)
        return [
            self.current_keys.get((label, tuple(key)), key) if isinstance(key, list) else key
            for key in keys
        ]

    def resolve_renamed_references(self, item) -> None:
        """A reference by natural key to an entry the database knows under another key
        (a slug changed in the admin) points at the row that entry was matched to."""
        for reference, value in list(item.deferred_fields.items()):
            if reference.many_to_many or not isinstance(value, list | tuple):
                continue
            key = (label_of(reference.related_model), tuple(value))
            if key in self.natural_ids:
                setattr(item.object, reference.attname, self.natural_ids[key])
                del item.deferred_fields[reference]

    def check_unique(self, obj, label: str) -> None:
        """The same entry twice in one fixture is a broken fixture."""
        keys = [("id", obj.pk)]
        if hasattr(obj, "natural_key") and label != "taggit.taggeditem":
            keys.append(("key", tuple(obj.natural_key())))
        for kind, key in keys:
            if (label, kind, key) in self.seen:
                what = f"id {key}" if kind == "id" else f"key {', '.join(map(str, key))}"
                raise DeserializationError(f"{label} with {what} appears twice in the fixture.")
            self.seen.add((label, kind, key))

    def load_row(self, item) -> bool:
        """Add, overwrite or keep the row; whether it was written. Every row is
        checked as the admin would check it, a kept one too (the fixture is broken
        all the same); a row that fails is not written and its problems are kept
        for the report."""
        obj = item.object
        label = label_of(type(obj))
        self.check_unique(obj, label)
        self.touched.add(type(obj))
        fixture_id = obj.pk
        where = row_name(obj)
        has_key = hasattr(obj, "natural_key") and label != "taggit.taggeditem"
        natural_key = tuple(obj.natural_key()) if has_key else None
        refused = self.references_to_refused(item, label)
        if refused:
            # It belongs to (or names) a row that was refused: the rest of it is
            # checked, so that one load reports every problem.
            self.check(item, where, exclude=refused)
            self.refuse(label, fixture_id, natural_key)
            return False
        parent = self.parent_of(obj, label)
        if parent is not None:
            if parent in self.kept:
                self.check(item, where, exclude=self.deferred_names(item))
                self.report.skipped[label] += 1
                return False
            obj.pk = self.free_id(type(obj), obj.pk)
            if not self.save(item, where):
                self.refuse(label, fixture_id, natural_key)
                return False
            self.report.added[label] += 1
            return True

        existing = self.existing_id(obj)
        if existing is not None and not self.overwrite:
            obj.pk = existing  # checked as the row it is (there is one profile)
            self.check(item, where, exclude=self.deferred_names(item))
            self.kept.add((label, existing))
            self.report.kept[label] += 1
        else:
            if existing is None:
                obj.pk = self.free_id(type(obj), obj.pk)
            else:
                obj.pk = existing
                self.keep_left_out(obj, label, fixture_id, existing)
                self.clear_children((label, existing))
            if not self.save(item, where):
                self.refuse(label, fixture_id, natural_key)
                return False
            counts = self.report.added if existing is None else self.report.overwritten
            counts[label] += 1
        self.ids[(label, fixture_id)] = existing if existing is not None else obj.pk
        if has_key:
            self.natural_ids[(label, natural_key)] = self.ids[(label, fixture_id)]
            if existing is not None and not self.overwrite:
                current = type(obj)._default_manager.get(pk=existing).natural_key()
                if tuple(current) != natural_key:
                    self.current_keys[(label, natural_key)] = list(current)
        return existing is None or self.overwrite

    def check(self, item, where: str, exclude=()) -> bool:
        """Whether the row passes the admin's checks; its problems are kept if not."""
        found = problems(item.object, where, exclude)
        self.problems += found
        return not found

    def save(self, item, where: str) -> bool:
        """Validate like a form would, then save as the fixture says; whether it was saved."""
        unknown = [f for f in item.deferred_fields if f.many_to_one and not f.null]
        self.problems += [
            f"{where}: {f.name} {short(item.deferred_fields[f])}: names no "
            f"{f.related_model._meta.verbose_name} of the database or of the fixture "
            "before it."
            for f in unknown
        ]
        if not self.check(item, where, exclude=[f.name for f in unknown]) or unknown:
            return False
        item.save()
        return True

    def refuse(self, label: str, fixture_id, natural_key) -> None:
        """A row not written: the rows that name it are not written either."""
        self.refused_ids.add((label, fixture_id))
        if natural_key is not None:
            self.refused_keys.add((label, natural_key))

    @staticmethod
    def deferred_names(item) -> list[str]:
        return [f.name for f in item.deferred_fields if not f.many_to_many]

    def references_to_refused(self, item, label: str) -> list[str]:
        """The fields of the row that name a refused row: by natural key (left
        unresolved, as the row is not in the database), by fixture id (the
        profile), or as a topic's entry."""
        obj = item.object
        names = []
        for field_ in obj._meta.concrete_fields:
            if not field_.many_to_one:
                continue
            related = label_of(field_.related_model)
            if field_ in item.deferred_fields:
                key = item.deferred_fields[field_]
                if isinstance(key, list | tuple) and (related, tuple(key)) in self.refused_keys:
                    names.append(field_.name)
            elif (
                not hasattr(field_.related_model, "natural_key")
                and (related, getattr(obj, field_.attname)) in self.refused_ids
            ):
                names.append(field_.name)
        if label == "taggit.taggeditem" and obj.content_type_id is not None:
            kind = ContentType.objects.get_for_id(obj.content_type_id)
            if (f"{kind.app_label}.{kind.model}", obj.object_id) in self.refused_ids:
                names.append("object_id")
        return names

    def parent_of(self, obj, label: str):
        """(parent label, database id) of a row that belongs to another, else None."""
        if label == "taggit.taggeditem":
            parent_label = f"{obj.content_type.app_label}.{obj.content_type.model}"
            # A topic must tag an entry of the same fixture: a generic reference has
            # no database constraint to catch one that points elsewhere.
            if (parent_label, obj.object_id) not in self.ids:
                raise DeserializationError(
                    f"a topic points at {parent_label} {obj.object_id}, "
                    "which is not in the fixture."
                )
            obj.object_id = self.ids[(parent_label, obj.object_id)]
            return (parent_label, obj.object_id)
        parent_fields = registry.parent_fields()
        if label in parent_fields:
            field_name = parent_fields[label]
            parent_model = type(obj)._meta.get_field(field_name).related_model
            parent_label = label_of(parent_model)
            parent_id = getattr(obj, f"{field_name}_id")
            if not hasattr(parent_model, "natural_key"):
                # A reference by fixture id (the profile's links): the row belongs to
                # the database row that fixture entry was matched to. (A reference by
                # natural key was resolved to a database id when it was read.)
                parent_id = self.ids.get((parent_label, parent_id), parent_id)
                setattr(obj, f"{field_name}_id", parent_id)
            return (parent_label, parent_id)
        return None

    def existing_id(self, obj):
        """The database id of the row this object is, or None if it is new.

        Rows with a natural key (slug or name) are matched by it, or else by the
        other fields that identify them (the registry's also_matched_by): a publication whose slug
        was changed in the admin is still found by its citation key. The profile
        is the one profile; other rows are matched by id."""
        model = type(obj)
        label = label_of(model)
        if label == "profile.profile":
            return model.objects.values_list("pk", flat=True).first()
        if hasattr(obj, "natural_key"):
            key_fields = getattr(model, "natural_key_fields", None) or [
                getattr(model, "natural_key_field", "slug")
            ]
            lookups = [dict(zip(key_fields, obj.natural_key(), strict=True))]
            lookups += [
                {lookup: getattr(obj, lookup.split("__")[0]) for lookup in fields}
                for fields in registry.also_matched_by().get(label, [])
            ]
            for lookup in lookups:
                match = model._default_manager.filter(**lookup).values_list("pk", flat=True)
                if match:
                    return match[0]
            if label in MATCHED_BY_ID_WHEN_RENAMED:
                row = model._default_manager.filter(pk=obj.pk).first()
                if row is not None and tuple(row.natural_key()) not in self.fixture_keys[label]:
                    return row.pk
            return None
        return obj.pk if model._default_manager.filter(pk=obj.pk).exists() else None

    def free_id(self, model, wanted):
        """Keep the fixture's id unless another row has it; then let the database pick."""
        if wanted is not None and not model._default_manager.filter(pk=wanted).exists():
            return wanted
        return None

    def clear_children(self, parent) -> None:
        parent_label, parent_id = parent
        for label, field_name in registry.parent_fields().items():
            model = apps.get_model(label)
            if label_of(model._meta.get_field(field_name).related_model) == parent_label:
                model._default_manager.filter(**{f"{field_name}_id": parent_id}).delete()
        parent_model = apps.get_model(parent_label)
        if hasattr(parent_model, "tags"):
            apps.get_model("taggit.taggeditem").objects.filter(
                content_type=ContentType.objects.get_for_model(parent_model), object_id=parent_id
            ).delete()

    def reset_sequences(self) -> None:
        """After rows were written with explicit ids, PostgreSQL's id sequences must
        move past them (as loaddata does)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.touched))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
