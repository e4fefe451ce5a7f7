"""manage.py refresh_citations, for cron."""

from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.citations import refresh


def titles(publications) -> str:
    return "".join(f"\n  {publication.title}" for publication in publications)


class Command(BaseCommand):
    help = (
        "Ask OpenAlex how often each public publication is cited (by its DOI, PubMed id or "
        "arXiv id) and store the counts the pages show when the profile's “show citation "
        "counts” is on. A publication OpenAlex does not know, or whose request fails, keeps "
        "its last count; the command fails when a request failed. Needs "
        "PORTFOLIO_CONTACT_EMAIL; PORTFOLIO_OPENALEX_API_KEY is sent when set."
    )

    def handle(self, *args, verbosity: int, **options):
        progress = self.stdout.write if verbosity > 1 else None
        result = refresh(progress=progress)
        if result.no_identifier and verbosity:
            self.stdout.write(
                f"{len(result.no_identifier)} without a DOI, PubMed id or arXiv id, not asked "
                f"for:{titles(result.no_identifier)}"
            )
        if result.not_found and verbosity:
            self.stdout.write(
                f"{len(result.not_found)} not in OpenAlex (a count stored before is kept):"
                f"{titles(result.not_found)}"
            )
        for message, publications in result.failures:
            self.stderr.write(
                f"{message} {len(publications)} keep their last count:{titles(publications)}"
            )
        asked = len(result.counted) + len(result.not_found) + len(result.failed)
        self.stdout.write(
            f"Citations counted for {len(result.counted)} of {asked} publications asked for "
            f"({len(result.not_found)} not in OpenAlex, {len(result.failed)} not refreshed, "
            f"{len(result.no_identifier)} without an identifier)."
        )
        if result.failures:
            raise CommandError(
                f"{len(result.failed)} publications could not be refreshed (see above); the "
                "others were, and every publication keeps its last count otherwise."
            )
