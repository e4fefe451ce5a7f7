"""Abstract models shared by every content app."""

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from .dates import format_partial_date, month_field, partial_date_key, year_field
from .fields import HttpURLField

# Topics are versioned (renames, deletions) and travel with the entries they tag;
# every content model is registered for the history beside its definition.
reversion.register(Tag)
reversion.register(TaggedItem, follow=("tag",))


def unique_slug(model, text: str, exclude_pk=None) -> str:
    """A slug made from ``text`` that no other row of ``model`` has, nor is one of
    the model's ``reserved_slugs``: "a-title", else "a-title-2", "a-title-3"...
    A model whose titles hold markup says how to read them as words: its
    ``slug_text(text)``."""
    words = getattr(model, "slug_text", None)
    base = slugify(words(text) if words else text)[:80].strip("-") or model._meta.model_name
    slug, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk)
    reserved = getattr(model, "reserved_slugs", frozenset())
    while slug in reserved or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class NaturalKeyQuerySet(models.QuerySet):
    """Lets fixtures refer to rows by a unique field instead of a database id."""

    def get_by_natural_key(self, key):
        return self.get(**{self.model.natural_key_field: key})


class NaturalKeyMixin:
    """For models whose fixture references use ``natural_key_field`` (default: slug)."""

    natural_key_field = "slug"

    def natural_key(self):
        return (getattr(self, self.natural_key_field),)


class PublishedQuerySet(NaturalKeyQuerySet):
    def published(self):
        """The one definition of what the public may see."""
        return self.filter(is_published=True)

    def with_related(self):
        """What a list of these entries shows besides their own fields: topics."""
        return self.prefetch_related("tags") if hasattr(self.model, "tags") else self


class PublishableModel(models.Model):
    """Visibility and timestamps, common to every entry of the portfolio."""

    is_published = models.BooleanField(
        "public",
        default=True,
        help_text="Untick to hide this entry from every public page, feed and export.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True


class TaggedModel(PublishableModel):
    """A publishable entry tagged with topics from the one shared vocabulary."""

    tags = TaggableManager(
        "topics",
        blank=True,
        help_text="Topics, separated by commas; shared by publications, talks and positions.",
    )
    # The rows behind ``tags``, so that the edit history can keep and restore topics.
    tagged_items = GenericRelation(TaggedItem)

    class Meta:
        abstract = True


class DateRangeModel(models.Model):
    """A start and an end, each a year or a month and a year, or an open end.

    Every part is optional: a CV may give a single year, a range, an ongoing
    range ("2014–Present") or no date at all.
    """

    start_year = year_field("start year")
    start_month = month_field("start month")
    end_year = year_field("end year")
    end_month = month_field("end month")
    is_current = models.BooleanField(
        "ongoing", default=False, help_text='No end yet: shown as "Present".'
    )

    # Newest first, ongoing entries before all others, undated entries last.
    DATE_ORDERING = [
        models.F("is_current").desc(),
        Coalesce("end_year", "start_year").desc(nulls_last=True),
        Coalesce("end_month", "start_month").desc(nulls_last=True),
        models.F("start_year").desc(nulls_last=True),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.start_month and not self.start_year:
            errors["start_month"] = "A start month needs a start year."
        if self.end_month and not self.end_year:
            errors["end_month"] = "An end month needs an end year."
        if self.is_current and self.end_year:
            errors["is_current"] = (
                "An ongoing entry has no end date: clear the end or untick this."
            )
        if self.is_current and not self.start_year:
            errors["start_year"] = "An ongoing entry needs a start year."
        if (
            self.start_year
            and self.end_year
            and partial_date_key(self.end_year, self.end_month if self.start_month else None)
            < partial_date_key(self.start_year, self.start_month if self.end_month else None)
        ):
            errors["end_year"] = "The end date is before the start date."
        if errors:
            raise ValidationError(errors)

    @property
    def start_display(self) -> str:
        return format_partial_date(self.start_year, self.start_month)

    @property
    def end_display(self) -> str:
        if self.is_current:
            return "Present"
        return format_partial_date(self.end_year, self.end_month)

    @property
    def date_range_display(self) -> str:
        """'2010–2014', '2014–Present', 'Oct. 2015', '2004' or ''."""
        start, end = self.start_display, self.end_display
        if start and end and start != end:
            return f"{start}–{end}"
        return start or end


def link_fields() -> tuple[models.Field, models.Field, models.Field]:
    """The address, label and place of a typed link (see TypedLink). Declared by
    each link model after its own fields, so that the CV fixture keeps its order
    of fields: the entry, the kind, then these."""
    return (
        HttpURLField("URL"),
        models.CharField(max_length=100, blank=True, help_text="Shown instead of the kind."),
        models.PositiveSmallIntegerField(default=0),
    )


# The symbol of the icon sprite (profile/static/profile/icons.svg) for each kind of
# typed link, whichever entry it belongs to; a kind not named here shows "link".
LINK_ICONS = {
    "pdf": "pdf",
    "paper": "pdf",
    "doi": "doi",
    "proceedings": "doi",
    "pubmed": "doi",
    "pmc": "doi",
    "arxiv": "arxiv",
    "biorxiv": "arxiv",
    "medrxiv": "arxiv",
    "ssrn": "arxiv",
    "osf": "arxiv",
    "hal": "arxiv",
    "openreview": "arxiv",
    "code": "code",
    "software": "code",
    "data": "data",
    "slides": "slides",
    "materials": "slides",
    "video": "video",
    "demo": "video",
    "poster": "poster",
    "syllabus": "cv",
    "website": "website",
    "project": "website",
}


class TypedLink(models.Model):
    """A link of an entry (a paper's PDF, a project's code). A subclass declares the
    entry it belongs to, ``kind`` with its choices, then ``url, label, order =
    link_fields()``."""

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label or self.get_kind_display()

    @property
    def icon(self) -> str:
        """The id of its symbol in the icon sprite."""
        return LINK_ICONS.get(self.kind, "link")


class FormerSlug(models.Model):
    """An address an entry had before its slug was changed, so that its old links
    lead to it: the live site redirects them, and a static build writes a
    redirect page at each. Recorded for models with ``keeps_former_slugs = True``."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    slug = models.SlugField(max_length=200)
    object_id = models.PositiveIntegerField()
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="one_entry_per_old_slug")
        ]

    def __str__(self):
        return self.slug

    @classmethod
    def connect(cls, model) -> None:
        """Keep the former slugs of ``model``'s entries."""
        from django.db.models.signals import post_delete, post_save, pre_save

        uid = f"former_slugs_{model._meta.label_lower}"
        pre_save.connect(cls._before_save, sender=model, dispatch_uid=uid)
        post_save.connect(cls._after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(cls._after_delete, sender=model, dispatch_uid=uid)

    @staticmethod
    def _before_save(sender, instance, **kwargs):
        """Read the slug being replaced (written down after the save succeeds)."""
        instance._slug_before_save = (
            sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
            if instance.pk is not None
            else None
        )

    @classmethod
    def _after_save(cls, sender, instance, created, **kwargs):
        """The replaced slug is now a former one; the new slug is no longer anyone's
        former slug. Runs inside the save's transaction, and only when it changed."""
        from django.contrib.contenttypes.models import ContentType

        old = getattr(instance, "_slug_before_save", None)
        if not created and old == instance.slug:
            return
        content_type = ContentType.objects.get_for_model(sender)
        taken = cls.objects.filter(content_type=content_type, slug=instance.slug)
        if taken.exists():
            taken.delete()
        if old and old != instance.slug:
            cls.objects.update_or_create(
                content_type=content_type, slug=old, defaults={"object_id": instance.pk}
            )

    @classmethod
    def _after_delete(cls, sender, instance, **kwargs):
        """A deleted entry's old addresses lead nowhere."""
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(sender)
        cls.objects.filter(content_type=content_type, object_id=instance.pk).delete()

    @classmethod
    def current(cls, queryset, slug: str):
        """The entry of ``queryset`` that was at ``slug`` before, or None."""
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(queryset.model)
        former = cls.objects.filter(content_type=content_type, slug=slug).first()
        return queryset.filter(pk=former.object_id).first() if former else None


class MovedTo(Exception):
    """Raised by a detail view's lookup: the entry is now at ``url``."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class FollowsFormerSlugs:
    """For detail views: an address with a slug the entry had before redirects
    (301) to the entry's page, if the view's queryset (what the public may see)
    still holds it."""

    def get_object(self, queryset=None):
        from django.http import Http404

        try:
            return super().get_object(queryset)
        except Http404:
            entry = FormerSlug.current(self.get_queryset(), self.kwargs.get("slug", ""))
            if entry is None:
                raise
            raise MovedTo(entry.get_absolute_url()) from None

    def get(self, request, *args, **kwargs):
        from django.http import HttpResponsePermanentRedirect

        try:
            return super().get(request, *args, **kwargs)
        except MovedTo as moved:
            return HttpResponsePermanentRedirect(moved.url)


# A field with a switch beside it (``phone`` and ``phone_public``) is shown only
# when the switch is on; off, it is private: kept out of pages and out of the CV
# fixture that may be committed.
def switched_fields(model) -> tuple[str, ...]:
    """The fields of ``model`` that have a switch ``<field>_public``."""
    names = {f.name for f in model._meta.concrete_fields}
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if f"{f.name}_public" in names
        and isinstance(model._meta.get_field(f"{f.name}_public"), models.BooleanField)
    )


def private_fields(instance) -> set[str]:
    """The fields of the row the site keeps to itself: those whose switch is off."""
    return {
        name for name in switched_fields(type(instance)) if not getattr(instance, f"{name}_public")
    }
