"""The admin's import pages: paste or upload, preview what would happen, then
confirm. Each is added to the admin site by this app (apps.py)."""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from portfolio.publications.models import Publication

from .forms import BibtexImportForm
from .outcomes import Action, TooSlow
from .pipeline import summarise
from .sources.bibtex import import_bibtex as import_bibtex_text


def import_bibtex(request):
    """Paste or upload BibTeX, preview what would happen, then confirm."""
    if not request.user.has_perm("publications.add_publication"):
        raise PermissionDenied
    form = BibtexImportForm(request.POST or None, request.FILES or None)
    template = "admin/publications/publication/import_bibtex.html"
    context = {
        **admin.site.each_context(request),
        "opts": Publication._meta,
        "title": "Import BibTeX",
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        text, update = form.cleaned_data["text"], form.cleaned_data["update"]
        if update and not request.user.has_perm("publications.change_publication"):
            raise PermissionDenied
        seconds = settings.BIBTEX_ADMIN_SECONDS
        try:
            if "confirm" in request.POST:
                with reversion.create_revision():
                    reversion.set_user(request.user)
                    reversion.set_comment("Imported from BibTeX")
                    outcomes = import_bibtex_text(text, update=update, seconds=seconds)
            else:
                outcomes = import_bibtex_text(text, update=update, dry_run=True, seconds=seconds)
        except TooSlow as error:
            form.add_error(None, str(error))
            return TemplateResponse(request, template, context)
        if "confirm" in request.POST:
            for outcome in outcomes:
                if outcome.action == Action.ERROR:
                    where = f"Line {outcome.line}, {outcome.key}"
                    messages.error(request, f"{where}: {outcome.message}")
            messages.info(request, f"BibTeX imported: {summarise(outcomes)}.")
            return redirect(reverse("admin:publications_publication_changelist"))
        context.update(
            outcomes=outcomes,
            summary=summarise(outcomes),
            confirm_form=BibtexImportForm(initial={"text": text, "update": update}),
        )
    return TemplateResponse(request, template, context)
