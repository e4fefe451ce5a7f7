"""Moving in from a site made with another theme: ``import_site(path)`` reads the
checkout (``sources.site``) and writes what it holds in one transaction: the
profile and the other entries through the entry writer, the publications
through the pipeline, each with its files. With ``dry_run`` the transaction is
rolled back and no file is stored: the outcomes are the preview.

Every row written remembers the file it came from (its origin): importing the
same site again finds it there and changes nothing, and a field edited here is
kept while the file says what it said.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from portfolio.media import media
from portfolio.media.models import LibraryImage
from portfolio.profile.models import Profile

from . import provenance
from .entries import EntryWriter
from .files import attach
from .matching import Owner
from .outcomes import Action, Outcome
from .pipeline import run
from .sources.site import THEMES, read_site
from .sources.site.bodies import MARKDOWN_FIELDS, PLACEHOLDER
from .sources.site.repository import SiteData, Unused


@dataclass
class SiteImport:
    theme: str
    outcomes: list[Outcome] = field(default_factory=list)
    unused: list[Unused] = field(default_factory=list)

    @property
    def label(self) -> str:
        return THEMES[self.theme].LABEL


def import_site(path: Path, *, theme: str | None = None, dry_run: bool = False) -> SiteImport:
    """See the module docstring. Raises ``SiteError`` when the checkout cannot be
    read at all."""
    data = read_site(path, theme)
    entries = sorted(data.entries, key=lambda entry: entry.model != "profile")
    # One numbering for the report: entries, publications, then what could not be read.
    for line, item in enumerate([*entries, *data.records, *data.errors], start=1):
        item.line = line
    with transaction.atomic():
        outcomes = store_images(data, dry_run=dry_run)
        outcomes += EntryWriter(dry_run=dry_run).write(entries)
        profile = Profile.get_solo()
        owner = Owner("", profile.name if profile else "")
        written = run(data.records, data.errors, owner=owner)
        records = {record.line: record for record in data.records}
        for outcome in written:
            record = records.get(outcome.line)
            # A publication already here gets the files only where it has none; one
            # in error has no publication.
            if not (record and record.files and outcome.publication):
                continue
            alt = record.image_alt or f"Figure from “{record.title}”"
            notes = attach(outcome.publication, record.files, alt=alt, dry_run=dry_run)
            outcome.message = "; ".join(filter(None, [outcome.message, *notes]))
        outcomes += written
        if dry_run:
            transaction.set_rollback(True)
    return SiteImport(data.theme, outcomes, data.unused)


def store_images(data: SiteData, *, dry_run: bool) -> list[Outcome]:
    """The images the bodies show, each stored once in the image library (or found
    there from an earlier import), and every body naming it by its address."""
    outcomes, addresses = [], {}
    found = provenance.origins(LibraryImage, [f"site:{path}" for path in data.images])
    for path, (content, description) in data.images.items():
        outcome = Outcome(path, 0, Action.CREATED, title=description, kind="Library image")
        origin = found.get(f"site:{path}")
        if origin and origin.found is None:
            outcome.action = Action.SKIPPED
            outcome.message = "deleted here after an earlier import: not brought back"
        elif origin:
            outcome.action, outcome.entry = Action.SKIPPED, origin.found
            outcome.message = "already here, from an earlier import"
            addresses[path] = media.root_address(origin.found.image.name)
        else:
            image = LibraryImage(description=description[:300], image=content)
            try:
                image.full_clean()
            except ValidationError as error:
                outcome.action, outcome.message = Action.ERROR, " ".join(error.messages)
            else:
                if dry_run:
                    addresses[path] = media.root_address(f"library/{content.name}")
                else:
                    image.save()
                    provenance.remember(image, "site", f"site:{path}", {})
                    addresses[path] = media.root_address(image.image.name)
                    outcome.entry = image
        outcomes.append(outcome)

    def address(text: str) -> str:
        for path, url in addresses.items():
            text = text.replace(f"]({PLACEHOLDER}{path})", f"]({url})")
        # An image that could not be stored is shown by its old address: a link.
        return text.replace(f"]({PLACEHOLDER}", "](/")

    for item in data.entries:
        for name in MARKDOWN_FIELDS:
            if isinstance(item.values.get(name), str):
                item.values[name] = address(item.values[name])
    for record in data.records:
        record.abstract = address(record.abstract)
    return outcomes
