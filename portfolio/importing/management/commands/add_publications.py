"""manage.py add_publications ID [ID ...] | --file FILE [--dry-run] [--update]"""

from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.http import NoContact
from portfolio.importing.identifiers import ACCEPTED, import_identifiers
from portfolio.importing.outcomes import Action
from portfolio.importing.pipeline import summarise


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
            try:
                text = file.read_text(encoding="utf-8")
            except FileNotFoundError as error:
                raise CommandError(f"No such file: {file}") from error
            except UnicodeDecodeError as error:
                raise CommandError(f"{file} is not UTF-8 text: {error}") from error
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}") from error
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
        for outcome in outcomes:
            line = f"{where} {outcome.line:>4}  {outcome.key:<28} {outcome.action:<8} "
            line += " ".join(part for part in (outcome.title, outcome.message) if part)
            if outcome.action == Action.ERROR:
                self.stderr.write(line)
            else:
                self.stdout.write(line)
        prefix = "Dry run, nothing written: would have " if dry_run else ""
        self.stdout.write(prefix + summarise(outcomes) + ".")
        failed = sum(outcome.action == Action.ERROR for outcome in outcomes)
        if failed:
            raise CommandError(
                f"{failed} identifier{'s' if failed != 1 else ''} could not be added (see "
                "above); the others were" + (" checked." if dry_run else " added.")
            )
