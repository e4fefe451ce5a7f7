"""manage.py import_bibtex FILE.bib [--dry-run] [--update]"""

from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.management.report import read_text, report
from portfolio.importing.sources.bibtex import NO_ENTRIES, has_entries, import_bibtex


class Command(BaseCommand):
    help = (
        "Import publications from a BibTeX file. Duplicates (same DOI, arXiv id or title) "
        "are skipped, or updated with --update. Malformed entries are reported with their "
        "key and line; the other entries are still imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .bib file (UTF-8).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--update", action="store_true", help="Update duplicates instead of skipping them."
        )

    def handle(self, *args, file: Path, dry_run: bool, update: bool, **options):
        text = read_text(file)
        if not has_entries(text):
            raise CommandError(f"{file}: {NO_ENTRIES}")
        with reversion.create_revision():
            reversion.set_comment(f"Imported from {file.name}")
            outcomes = import_bibtex(text, update=update, dry_run=dry_run)
        report(self, outcomes, dry_run=dry_run)
