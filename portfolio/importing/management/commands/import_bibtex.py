"""manage.py import_bibtex FILE.bib [--dry-run] [--update]"""

from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.outcomes import Action
from portfolio.importing.pipeline import summarise
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
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error}") from error
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error

        if not has_entries(text):
            raise CommandError(f"{file}: {NO_ENTRIES}")
        with reversion.create_revision():
            reversion.set_comment(f"Imported from {file.name}")
            outcomes = import_bibtex(text, update=update, dry_run=dry_run)
        for outcome in outcomes:
            line = f"line {outcome.line:>4}  {outcome.key:<28} {outcome.action:<8} "
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
                f"{failed} entr{'y' if failed == 1 else 'ies'} could not be imported (see above);"
                " the others were" + (" checked." if dry_run else " imported.")
            )
