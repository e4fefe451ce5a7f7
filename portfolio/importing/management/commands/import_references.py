"""manage.py import_references FILE [--dry-run] [--update]"""

from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.management.report import add_file_arguments, read_text, report
from portfolio.importing.references import FORMATS, format_of, import_references, place


class Command(BaseCommand):
    help = (
        "Import publications from a file of references: BibTeX, RIS or CSL-JSON (as Zotero, "
        "Mendeley or EndNote export them), told apart by what the file holds. Duplicates "
        "(same DOI, arXiv id or title) are skipped, or updated with --update. A reference "
        "that cannot be read is reported with its line (its place in a CSL-JSON list); the "
        "others are still imported."
    )

    def add_arguments(self, parser):
        add_file_arguments(parser, "The .bib, .ris or .json file (UTF-8).")

    def handle(self, *args, file: Path, dry_run: bool, update: bool, **options):
        text = read_text(file)
        try:
            label = FORMATS[format_of(text)].label
            with reversion.create_revision():
                reversion.set_comment(f"Imported from {file.name}")
                outcomes = import_references(text, update=update, dry_run=dry_run)
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from None
        report(self, outcomes, dry_run=dry_run, place=place(text), heading=f"{label}: ")
