"""The admin's import pages: paste or upload, preview what would happen, then
confirm. Each is added to the admin site by this app (apps.py)."""

import hashlib

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from portfolio.publications.models import Publication

from .forms import IdentifierImportForm, OrcidImportForm, ReferencesImportForm
from .http import NoContact, ServiceError
from .identifiers import fetch_records, read_identifiers
from .outcomes import Action, TooSlow
from .pipeline import run, summarise
from .references import FORMATS, import_references
from .sources import orcid

# How long a preview's answers (from ORCID, doi.org, arXiv, PubMed) are kept for
# its confirmation.
FETCHED_SECONDS = 60 * 60


def page(request, form, title: str) -> dict:
    """What every import page shows: the admin's frame, and the form."""
    if not request.user.has_perm("publications.add_publication"):
        raise PermissionDenied
    return {**admin.site.each_context(request), "opts": Publication._meta, "title": title,
            "form": form}  # fmt: skip


def imported(request, outcomes, name: str, summary: str):
    """After an import: each error as a message (``name``, formatted with the
    outcome as ``o``, says which), the summary, and back to the publication list."""
    for outcome in outcomes:
        if outcome.action == Action.ERROR:
            messages.error(request, f"{name.format(o=outcome)}: {outcome.message}")
    messages.info(request, f"{summary}: {summarise(outcomes)}.")
    return redirect(reverse("admin:publications_publication_changelist"))


def import_bibtex(request):
    """Paste or upload BibTeX, RIS or CSL-JSON, preview what would happen, then confirm."""
    form = ReferencesImportForm(request.POST or None, request.FILES or None)
    template = "admin/publications/publication/import_bibtex.html"
    context = page(request, form, "Import BibTeX, RIS or CSL-JSON")
    if request.method == "POST" and form.is_valid():
        text, update = form.cleaned_data["text"], form.cleaned_data["update"]
        label = FORMATS[form.cleaned_data["format"]].label
        if update and not request.user.has_perm("publications.change_publication"):
            raise PermissionDenied
        seconds = settings.BIBTEX_ADMIN_SECONDS
        try:
            if "confirm" in request.POST:
                with reversion.create_revision():
                    reversion.set_user(request.user)
                    reversion.set_comment(f"Imported from {label}")
                    outcomes = import_references(text, update=update, seconds=seconds)
            else:
                outcomes = import_references(text, update=update, dry_run=True, seconds=seconds)
        except TooSlow as error:
            form.add_error(None, str(error))
            return TemplateResponse(request, template, context)
        if "confirm" in request.POST:
            where = "Item" if form.cleaned_data["format"] == "csl" else "Line"
            return imported(request, outcomes, where + " {o.line}, {o.key}", f"{label} imported")
        context.update(
            outcomes=outcomes,
            summary=summarise(outcomes),
            confirm_form=ReferencesImportForm(initial={"text": text, "update": update}),
            label=label,
        )
    return TemplateResponse(request, template, context)


def import_orcid(request):
    """An ORCID iD in, a preview of what its record would add or change, then
    confirm. The record is fetched for the preview and kept for an hour, so that
    the import writes what the preview showed without asking ORCID again."""
    form = OrcidImportForm(request.POST or None, initial={"orcid": orcid.site_orcid()})
    template = "admin/publications/publication/import_orcid.html"
    context = page(request, form, "Import from ORCID")
    if request.method == "POST" and form.is_valid():
        orcid_id = form.cleaned_data["orcid"]
        key = f"importing:orcid:{orcid_id}"
        confirm = "confirm" in request.POST
        try:
            fetched = cache.get(key) if confirm else None
            if fetched is None:
                fetched = orcid.fetch(orcid_id)
                cache.set(key, fetched, FETCHED_SECONDS)
        except ServiceError as error:
            form.add_error(None, str(error))
            return TemplateResponse(request, template, context)
        if confirm:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(f"Imported from ORCID {orcid_id}")
                outcomes = orcid.import_orcid(fetched)
            cache.delete(key)
            return imported(request, outcomes, "{o.kind} {o.key}", f"ORCID {orcid_id} imported")
        outcomes = orcid.import_orcid(fetched, dry_run=True)
        context.update(
            outcomes=outcomes,
            summary=summarise(outcomes),
            confirm_form=OrcidImportForm(initial={"orcid": orcid_id}),
        )
    return TemplateResponse(request, template, context)


def import_identifiers(request):
    """DOIs, arXiv ids and PubMed ids pasted one a line; each is fetched for the
    preview, and the records are kept for an hour, so that the import writes
    what the preview showed without asking the services again."""
    form = IdentifierImportForm(request.POST or None)
    template = "admin/publications/publication/import_bibtex.html"
    context = page(request, form, "Add by DOI, arXiv or PubMed id")
    if request.method == "POST" and form.is_valid():
        text, update = form.cleaned_data["text"], form.cleaned_data["update"]
        if update and not request.user.has_perm("publications.change_publication"):
            raise PermissionDenied
        key = "importing:identifiers:" + hashlib.sha256(text.encode()).hexdigest()
        confirm = "confirm" in request.POST
        fetched = cache.get(key) if confirm else None
        if fetched is None:
            identifiers, errors = read_identifiers(text)
            try:
                records, failed = fetch_records(identifiers, seconds=settings.IMPORT_ADMIN_SECONDS)
            except NoContact as error:
                form.add_error(None, str(error))
                return TemplateResponse(request, template, context)
            fetched = (records, errors + failed)
            cache.set(key, fetched, FETCHED_SECONDS)
        records, errors = fetched
        if confirm:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment("Added by identifier")
                outcomes = run(records, errors, update=update)
            cache.delete(key)
            return imported(request, outcomes, "Line {o.line}", "Publications added")
        context.update(
            outcomes=run(records, errors, update=update, dry_run=True),
            confirm_form=IdentifierImportForm(initial={"text": text, "update": update}),
        )
        context["summary"] = summarise(context["outcomes"])
    return TemplateResponse(request, template, context)
