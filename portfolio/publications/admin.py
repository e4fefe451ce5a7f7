import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from portfolio.core.admin import (
    TAG_FILTER,
    HistoryAdmin,
    SlugFromTextForm,
    TabularInline,
    TaggedAdmin,
)
from portfolio.core.models import unique_slug
from portfolio.media.uploads import megabytes

from .forms import PublicationLinkForm
from .models import Author, Authorship, Publication, PublicationLink
from .names import split_name


class AuthorshipForm(forms.ModelForm):
    """An author row: pick a person who is here, or type a new one's name."""

    new_author = forms.CharField(
        label="or a new author",
        required=False,
        max_length=201,
        help_text="Someone not in the list: “Ada Lovelace”, or “van Dijk, Lotte”. A person "
        "already here by that name is used.",
    )

    class Meta:
        model = Authorship
        fields = ("position", "author", "equal_contribution", "corresponding")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = None  # the author this row names, picked or typed
        self.fields["position"].required = False
        self.fields["position"].help_text = "Left empty: the next number after the row above."
        self.fields["author"].required = False

    def clean(self):
        data = super().clean()
        picked, typed = data.get("author"), data.get("new_author", "").strip()
        if picked and typed:
            raise ValidationError("Pick an author or type a new one's name, not both.")
        if typed:
            given, family = split_name(typed)
            if not family:
                raise ValidationError({"new_author": "Give at least a family name."})
            same = Author.objects.filter(given_name__iexact=given, family_name__iexact=family)
            self.person = same.first() or Author(given_name=given, family_name=family)
        elif picked:
            self.person = picked
        elif self.instance.pk and not self.cleaned_data.get("DELETE"):
            raise ValidationError({"author": "Pick an author, or tick Delete to remove the row."})
        return data


class AuthorshipFormSet(BaseInlineFormSet):
    """Numbers new authors, names the people behind a clash, and saves a
    reordered author list.

    The formset has already checked that the new list holds each position and each
    person once. Saved row by row, a swap (two authors trading positions) would
    collide with the row not yet saved, so the rows that change are removed first
    and written back with their ids, inside the admin's transaction.
    """

    def kept_forms(self):
        return [
            form for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and hasattr(form, "cleaned_data")
            if form.person is not None
        ]  # fmt: skip

    def clean(self):
        if any(self.errors):
            return super().clean()
        kept = self.kept_forms()
        taken = {f.cleaned_data["position"] for f in kept if f.cleaned_data.get("position")}
        last = 0
        for form in kept:  # a row without a number takes the next free one after the row above
            if form.cleaned_data.get("position"):
                last = form.cleaned_data["position"]
                continue
            last += 1
            while last in taken:
                last += 1
            taken.add(last)
            form.cleaned_data["position"] = form.instance.position = last
        by_position, by_author = {}, {}
        for form in kept:
            author, position = form.person, form.cleaned_data["position"]
            key = author.pk or author.name.casefold()
            if position in by_position:
                raise ValidationError(
                    f"{by_position[position]} and {author} are both at position {position}: "
                    "give each author a number of their own."
                )
            if key in by_author:
                raise ValidationError(
                    f"{author} is on the list twice (positions {by_author[key]} and "
                    f"{position}): remove one."
                )
            by_position[position], by_author[key] = author, position
        return super().clean()

    def save(self, commit=True):
        for form in self.kept_forms():  # a typed new author is saved first
            person = form.person
            if person.pk is None:
                person.slug = unique_slug(Author, person.name)
                person.full_clean()
                person.save()
            form.instance.author = person
        if commit:
            changing = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and (form.has_changed() or self._should_delete_form(form))
            ]
            Authorship.objects.filter(pk__in=changing).delete()
        return super().save(commit)


class AuthorshipInline(TabularInline):
    model = Authorship
    form = AuthorshipForm
    formset = AuthorshipFormSet
    extra = 0
    autocomplete_fields = ("author",)
    fields = ("position", "author", "new_author", "equal_contribution", "corresponding")

    class Media:
        js = ("publications/authors.js",)

    ordering = ("position",)
    verbose_name = "author"
    verbose_name_plural = "authors, in order"


class PublicationLinkInline(TabularInline):
    model = PublicationLink
    form = PublicationLinkForm
    extra = 0
    fields = ("kind", "url", "label", "order")


@admin.register(Publication)
class PublicationAdmin(TaggedAdmin):
    list_display = (
        "title",
        "kind",
        "venue_display",
        "year",
        "author_list",
        "topic_list",
        "featured",
        "is_published",
    )
    list_filter = ("kind", "year", "featured", "is_published", TAG_FILTER)
    search_fields = ("title", "venue", "venue_short", "abstract", "slug", "citation_key")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("versions",)
    inlines = [AuthorshipInline, PublicationLinkInline]
    # Keeps the "Import BibTeX" button beside django-reversion's "Recover deleted".
    change_list_template = "admin/publications/publication/change_list.html"
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "title",
                    ("slug", "citation_key"),
                    "kind",
                    "tags",
                    "featured",
                    "is_published",
                )
            },
        ),
        ("Venue and date", {"fields": ("venue", ("venue_short", "note"), ("year", "month"))}),
        ("Content", {"fields": ("abstract", "image", "image_alt", "pdf", "versions")}),
        ("Citations", {"fields": ("cited_by",), "classes": ("collapse",)}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]
    readonly_fields = (*TaggedAdmin.readonly_fields, "cited_by")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("authorships", queryset=Authorship.objects.select_related("author"))
            )
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        upload = form.cleaned_data.get("pdf")
        scholar_limit = settings.PUBLICATION_PDF_SCHOLAR_BYTES
        if "pdf" in form.changed_data and upload and upload.size > scholar_limit:
            messages.warning(
                request,
                f"The PDF of “{obj}” is {megabytes(upload.size)}: Google Scholar may not index "
                f"a PDF over {megabytes(scholar_limit)}. Readers can open it all the same; "
                "a smaller copy (images compressed) is more likely to be indexed.",
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A key left empty was made before the authors were saved: make it again
        # now that the first author is known.
        if not form.cleaned_data.get("citation_key"):
            publication = form.instance
            publication.citation_key = publication.make_citation_key()
            publication.save(update_fields=["citation_key"])

    @admin.display(description="cited by")
    def cited_by(self, obj):
        snapshot = obj.citations if obj.pk else None
        if snapshot is None:
            return (
                "No count yet: manage.py refresh_citations asks OpenAlex for it by the DOI, "
                "PubMed id or arXiv id among the links."
            )
        when = date_format(localtime(snapshot.fetched_at), "j F Y")
        return f"{snapshot.count} ({snapshot.source} {snapshot.work_id}, counted on {when})"

    @admin.display(description="venue", ordering="venue_short")
    def venue_display(self, obj):
        return obj.venue_display

    @admin.display(description="authors")
    def author_list(self, obj):
        return ", ".join(author.name for author in obj.ordered_authors())


class AuthorForm(SlugFromTextForm):
    """A person: the slug may be left empty (made from the name), and a person who
    is already here is pointed to rather than refused by their slug. Ticking "site
    owner" makes this person the owner in place of the one there is."""

    # Longer than an iD: its address may be pasted, and the model keeps the iD alone.
    orcid = forms.CharField(
        label="ORCID iD",
        required=False,
        max_length=60,
        help_text=Author._meta.get_field("orcid").help_text,
    )

    class Meta:
        model = Author
        fields = ("given_name", "family_name", "slug", "is_owner", "orcid", "url")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_owner" not in self.fields:
            return
        owner = Author.objects.owner()
        if owner is None:
            note = "No author is the site owner yet."
        elif owner.pk == self.instance.pk:
            note = (
                "This person is the site owner: saving the profile gives them its name. To "
                "choose another owner, tick this box on that person's page."
            )
        else:
            url = reverse("admin:publications_author_change", args=[owner.pk])
            note = format_html(
                'The site owner is <a href="{}">{}</a>; ticking this box makes this person the '
                "owner in their place.",
                url,
                owner.name,
            )
        field = self.fields["is_owner"]
        field.help_text = format_html("{} {}", field.help_text, note)

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.cleaned_data.get("is_owner"):
            # Not refused for the owner there is: saving un-ticks them (AuthorAdmin).
            exclude.add("is_owner")
        return exclude

    def slug_text(self, data) -> str:
        family = data.get("family_name", "")
        return f"{data.get('given_name', '')} {family}" if family else ""

    def clean(self):
        data = self.cleaned_data
        given, family = data.get("given_name", ""), data.get("family_name", "")
        other = (
            Author.objects.exclude(pk=self.instance.pk)
            .filter(given_name__iexact=given, family_name__iexact=family)
            .first()
        )
        if family and other and not data.get("slug"):
            url = reverse("admin:publications_author_change", args=[other.pk])
            raise ValidationError(
                format_html(
                    '{} is already here: <a href="{}">open their page</a>. To add another '
                    "person of the same name, give this one a slug of their own.",
                    other.name, url,
                )
            )  # fmt: skip
        return super().clean()


@admin.register(Author)
class AuthorAdmin(HistoryAdmin):
    form = AuthorForm
    list_display = ("name", "slug", "is_owner", "publication_count")
    list_filter = ("is_owner",)
    search_fields = ("given_name", "family_name", "slug", "orcid")
    prepopulated_fields = {"slug": ("given_name", "family_name")}
    ordering = ("family_name", "given_name")
    actions = ["make_owner"]

    def save_model(self, request, obj, form, change):
        former = None
        if obj.is_owner:
            former = Author.objects.owner()
            if former is not None and former.pk != obj.pk:
                # In the admin's transaction: if this save fails, the owner stays.
                former.is_owner = False
                former.save(update_fields=["is_owner"])
            else:
                former = None
        super().save_model(request, obj, form, change)
        if former is not None:
            self.message_user(request, f"{obj} is now the site owner, in place of {former}.")

    @admin.action(description="Make site owner", permissions=["change"])
    def make_owner(self, request, queryset):
        count = queryset.count()
        if count != 1:
            self.message_user(
                request,
                f"{count} authors are selected: select one to make the site owner (a site has "
                "one owner).",
                messages.WARNING,
            )
            return
        author = queryset.get()
        if author.is_owner:
            self.message_user(request, f"{author} is the site owner already.")
            return
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(f"Made {author} the site owner")
            former = author.make_owner()
        if former is None:
            self.message_user(request, f"{author} is now the site owner.")
        else:
            self.message_user(request, f"{author} is now the site owner, in place of {former}.")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(publication_count=Count("authorships"))

    @admin.display(description="name", ordering="family_name")
    def name(self, obj):
        return obj.name

    @admin.display(description="publications", ordering="publication_count")
    def publication_count(self, obj):
        return obj.publication_count
