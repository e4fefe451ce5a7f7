"""manage.py add_publications ID [ID ...] | --file FILE [--dry-run] [--update]"""

from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.http import NoContact
from portfolio.importing.identifiers import ACCEPTED, import_identifiers
from portfolio.importing.management.report import read_text, report


class Command(BaseCommand):
    help = (
        "Add publications by their DOI, arXiv id or PubMed id, fetched from doi.org, arXiv "
        "and PubMed (PORTFOLIO_CONTACT_EMAIL must be set: the services ask callers to name "
        "one). Duplicates (same DOI, arXiv id or title) are skipped, or updated with "
        "--update. An identifier that cannot be fetched is reported; the others are still "
        "added."
    )

    def add_arguments(self, parser):
        parser.add_argument("identifiers", nargs="*", help=f"Each {ACCEPTED}.")
        parser.add_argument(
            "--file", type=Path, help="A text file of identifiers, one a line (UTF-8)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--update", action="store_true", help="Update duplicates instead of skipping them."
        )

    def handle(self, *args, identifiers, file, dry_run, update, **options):
        if file and identifiers:
            raise CommandError("Give identifiers or --file, not both.")
        if file:
            text = read_text(file)
            where, source = "line", file.name
        else:
            text = "\n".join(identifiers)
            where, source = "arg", "identifiers"
        if not text.strip():
            raise CommandError(f"No identifiers given: give each {ACCEPTED}.")

        try:
            with reversion.create_revision():
                reversion.set_comment(f"Added from {source}")
                outcomes = import_identifiers(text, update=update, dry_run=dry_run)
        except NoContact as error:
            raise CommandError(str(error)) from None
        report(
            self,
            outcomes,
            dry_run=dry_run,
            place=where + " {o.line:>4} ",
            items=("identifier", "identifiers"),
            done="added",
        )
