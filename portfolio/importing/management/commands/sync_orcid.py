"""manage.py sync_orcid [--dry-run], for cron."""

from django.core.management.base import BaseCommand

from ._orcid import import_and_report, site_orcid


class Command(BaseCommand):
    help = (
        "Bring the site up to date with its ORCID record (the iD of the profile's ORCID "
        "link, or of an earlier import_orcid): adds what is new on ORCID; a row imported "
        "before takes ORCID's changes to the fields not edited here; a row deleted here "
        "stays deleted. All or nothing: on a network error nothing is written and the "
        "command fails. Needs PORTFOLIO_CONTACT_EMAIL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        import_and_report(self, site_orcid(), dry_run=dry_run)
