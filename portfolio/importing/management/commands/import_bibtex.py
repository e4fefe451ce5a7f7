"""manage.py import_bibtex FILE.bib [--dry-run] [--update]"""

from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.management.report import add_file_arguments, read_text, report
from portfolio.importing.sources.bibtex import NO_ENTRIES, has_entries, import_bibtex


class Command(BaseCommand):
    help = (
        "Import publications from a BibTeX file. Duplicates (same DOI, arXiv id or title) "
        "are skipped, or updated with --update. Malformed entries are reported with their "
        "key and line; the other entries are still imported."
    )

    def add_arguments(self, parser):
        add_file_arguments(parser, "The .bib file (UTF-8).")

    def handle(self, *args, file: Path, dry_run: bool, update: bool, **options):
        text = read_text(file)
        if not has_entries(text):
            raise CommandError(f"{file}: {NO_ENTRIES}")
        with reversion.create_revision():
            reversion.set_comment(f"Imported from {file.name}")
            outcomes = import_bibtex(text, update=update, dry_run=dry_run)
        report(self, outcomes, dry_run=dry_run)
