"""manage.py import_site PATH [--dry-run] [--theme THEME]"""

from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.management.report import report
from portfolio.importing.site import import_site
from portfolio.importing.sources.site import THEMES
from portfolio.importing.sources.site.repository import SiteError, UnsafePath


class Command(BaseCommand):
    help = (
        "Move in from a site made with al-folio, academicpages or Hugo Blox: give the folder "
        "of its repository. The profile, publications (with their PDFs and images), talks, "
        "news, projects, teaching, pages and CV come in; every file and field left out is "
        "listed with the reason. Importing again changes nothing, and keeps edits made here."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The folder of the old site's repository.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--theme",
            choices=sorted(THEMES),
            help="The old site's theme, when it is not recognised from its folders.",
        )

    def handle(self, *args, path: Path, dry_run: bool, theme: str | None, **options):
        try:
            with reversion.create_revision():
                reversion.set_comment(f"Imported from the site at {path}")
                result = import_site(path, theme=theme, dry_run=dry_run)
        except (SiteError, UnsafePath) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{result.label} site at {path}")
        if result.unused:
            self.stdout.write(f"Not brought in ({len(result.unused)}):")
            for item in result.unused:
                self.stdout.write(f"  {item}")
        report(
            self,
            result.outcomes,
            dry_run=dry_run,
            place="{o.kind:<18.18}",
            items=("item", "items"),
            heading=f"{result.label}: ",
        )
