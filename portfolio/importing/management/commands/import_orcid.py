"""manage.py import_orcid ORCID_ID [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.sources.orcid import InvalidOrcid, orcid_id

from ._orcid import import_and_report


class Command(BaseCommand):
    help = (
        "Start or complete the site from an ORCID record: the profile (its empty fields), "
        "links, positions, education, awards and publications. What is here already is "
        "kept; a row imported before takes ORCID's changes to the fields not edited here. "
        "Needs PORTFOLIO_CONTACT_EMAIL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "orcid",
            help="The ORCID iD, e.g. 0000-0002-1825-0097 or its https://orcid.org/ address.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )

    def handle(self, *args, orcid: str, dry_run: bool, **options):
        try:
            orcid = orcid_id(orcid)
        except InvalidOrcid as error:
            raise CommandError(str(error)) from None
        import_and_report(self, orcid, dry_run=dry_run)
