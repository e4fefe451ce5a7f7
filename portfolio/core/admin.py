"""Admin base classes shared by the content apps, and the edit history of topics."""

import contextlib
import contextvars

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from taggit.admin import TagAdmin
from taggit.forms import TagField
from taggit.models import Tag, TaggedItem

from . import conflicts
from .models import unique_slug

# Every change made in the admin is kept as a revision (who, when, what), which
# can be restored from the entry's history; deleted entries can be recovered.
# (Models are registered for it where they are defined; topics in core's models.py.)


# Django's admin shows an address as "Currently: <link> Change: <box>", even one typed
# into a form that was then refused (never saved), and the pair is too wide for a
# table row. Every admin of the portfolio shows a plain address box instead.
PLAIN_URLS = {models.URLField: {"widget": forms.URLInput(attrs={"class": "vURLField"})}}


class TabularInline(admin.TabularInline):
    formfield_overrides = PLAIN_URLS


class SlugFromTextForm(forms.ModelForm):
    """A form whose slug may be left empty: it is then made, unique, from
    ``slug_text(data)``: the title, unless a subclass says otherwise (a name)."""

    slug_help = "Its address. Left empty, it is made from the title."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = self.slug_help

    def slug_text(self, data) -> str:
        return data.get("title") or ""

    def clean(self):
        data = super().clean()
        if "slug" in self.fields and not data.get("slug") and "slug" not in self.errors:
            text = self.slug_text(data)
            if text:
                data["slug"] = unique_slug(self._meta.model, text, exclude_pk=self.instance.pk)
        return data


class HistoryAdmin(VersionAdmin):
    """An admin whose changes are versioned and can be reverted or recovered.

    A deletion records the entry as it was (with what it follows: authors, links,
    topics), so "Recover deleted" brings back that state even for an entry that
    was never edited in the admin."""

    history_latest_first = True
    formfield_overrides = PLAIN_URLS

    class Media:
        js = ("core/markdown-preview.js", "core/admin-labels.js")

    def recover_view(self, request, version_id, extra_context=None):
        request.recovering = True
        return super().recover_view(request, version_id, extra_context)

    def response_change(self, request, obj):
        if getattr(request, "recovering", False):
            # Django's own message would say the entry "was changed successfully".
            self.message_user(
                request, f"“{obj}” was recovered, as it was when it was deleted.", messages.SUCCESS
            )
            change = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change"
            return HttpResponseRedirect(reverse(change, args=[obj.pk]))
        return super().response_change(request, obj)

    # Two editors, one entry: see portfolio.core.conflicts.
    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not change or obj is None or request.method != "POST":
            return form_class
        admin_ = self

        class ConflictCheckedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                try:
                    conflicts.check(admin_, request, self.instance)
                except ValidationError:
                    self.edit_conflict = True
                    raise
                return cleaned

        return ConflictCheckedForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk is not None:
            adminform = context.get("adminform")
            form = adminform.form if adminform else None
            posted = request.POST.get(conflicts.FIELD) if request.method == "POST" else None
            if posted and not getattr(form, "edit_conflict", False):
                # Invalid for another reason: keep guarding the state it was opened in.
                context["edit_state"] = posted
            else:
                # Opened now, or just told of a conflict: a save now overwrites knowingly.
                # After a POST, obj holds the posted values: read the entry as stored.
                current = (
                    type(obj)._default_manager.filter(pk=obj.pk).first()
                    if request.method == "POST"
                    else obj
                )
                if current is not None:
                    context["edit_state"] = conflicts.token(self, current)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Editable columns of the list (list_editable): each row is checked as a change
    # form is, and a save with any stale row is refused whole (conflicts.RowFormSet).
    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", conflicts.RowForm)
        return super().get_changelist_form(request, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("formset", conflicts.RowFormSet)
        return super().get_changelist_formset(request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        saving = request.method == "POST" and "_save" in request.POST
        # One transaction from the rows' check to their save, which keeps them locked.
        atomic = transaction.atomic(using=router.db_for_write(self.model))
        with atomic if saving else contextlib.nullcontext():
            response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        formset = getattr(cl, "formset", None)
        if isinstance(formset, conflicts.RowFormSet) and formset.is_bound:
            formset.show_again()
            # Django pairs the page's rows with the posted forms by position: once
            # someone else has moved a row (the list is ordered by the column they
            # changed) or deleted one, each form would sit beside another entry.
            cl.result_list = [form.instance for form in formset.forms]
        return response

    def objects_to_keep(self, obj) -> list:
        """What a revision recorded at deletion holds besides ``obj`` itself."""
        return []

    def record_deletion(self, request, objects) -> None:
        def record():
            with reversion.create_revision(atomic=False):
                reversion.set_user(request.user)
                reversion.set_comment("Deleted")
                for obj in objects:
                    reversion.add_to_revision(obj)
                    for other in self.objects_to_keep(obj):
                        reversion.add_to_revision(other)

        # A revision of its own, saved now, while the rows still exist: inside the
        # changelist's revision (bulk delete) it would only be saved after them,
        # and django-reversion drops versions of rows that are gone.
        contextvars.Context().run(record)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self.record_deletion(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            self.record_deletion(request, list(queryset))
            super().delete_queryset(request, queryset)


class PublishableAdmin(HistoryAdmin):
    """Bulk publish/hide actions and read-only timestamps."""

    actions = ["make_public", "make_hidden"]
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50

    def set_visibility(self, request, queryset, public: bool) -> int:
        # Saved one by one, so that each change enters the history with its author.
        count = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            for obj in queryset:
                if obj.is_published != public:
                    obj.is_published = public
                    obj.save(update_fields=["is_published", "updated_at"])
                    self.log_change(request, obj, [{"changed": {"fields": ["public"]}}])
                    count += 1
        return count

    @admin.action(description="Make the selected entries public")
    def make_public(self, request, queryset):
        count = self.set_visibility(request, queryset, True)
        self.message_user(request, f"{count} made public.", messages.SUCCESS)

    @admin.action(description="Hide the selected entries from the public site")
    def make_hidden(self, request, queryset):
        count = self.set_visibility(request, queryset, False)
        self.message_user(request, f"{count} hidden.", messages.SUCCESS)


class TopicsField(TagField):
    """The topics box: unchanged when it names the same topics, whatever their
    order or case ("Sparsity, optimization" is what it showed), so that saving an
    entry does not record "Changed Topics"."""

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            names = self.clean(data)
        except ValidationError:
            return True
        before = sorted(tag.name.casefold() for tag in initial or [])
        return before != sorted(name.casefold() for name in names)


class TaggedAdmin(PublishableAdmin):
    """Shows topics in the changelist with one prefetch query, not one per row; a
    slug left empty is made from the title."""

    form = SlugFromTextForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["form_class"] = TopicsField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Topics match whatever their case: "Sparsity" typed here is the topic
        # "sparsity" already used elsewhere, spelled as it was first written. Say so,
        # and where its spelling is changed for every entry.
        stored = {tag.name.casefold(): tag.name for tag in form.instance.tags.all()}
        for typed in form.cleaned_data.get("tags") or []:
            kept = stored.get(typed.casefold())
            if kept and kept != typed:
                url = reverse("admin:taggit_tag_changelist")
                self.message_user(
                    request,
                    format_html(
                        "“{}” is the topic “{}”, already used: it keeps that spelling. To "
                        'change it for every entry, rename it under <a href="{}">Topics</a>.',
                        typed, kept, url,
                    ),
                    messages.INFO,
                )  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def view_on_site(self, obj):
        # Hidden entries have no public page to view.
        if obj.is_published and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return None

    @admin.display(description="topics")
    def topic_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))


TAG_FILTER = ("tags", admin.RelatedOnlyFieldListFilter)


# Topics: renames are versioned, and a deleted topic is recovered with the entries
# it tagged.
admin.site.unregister(Tag)


@admin.register(Tag)
class TopicAdmin(HistoryAdmin, TagAdmin):
    # Entries are tagged from their own pages; a topic's page names and merges it.
    inlines = []
    list_display = ["name", "slug", "entries"]
    ordering = [Lower("name"), "name"]  # "optimization" before "Sparsity"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("taggit_taggeditem_items"))

    @admin.display(description="tagged entries", ordering="entry_count")
    def entries(self, obj):
        return obj.entry_count

    def objects_to_keep(self, obj) -> list:
        return list(TaggedItem.objects.filter(tag=obj))
