"""What import_orcid and sync_orcid share: fetch, write in one transaction, report."""

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.http import ServiceError
from portfolio.importing.management.report import report
from portfolio.importing.sources.orcid import fetch, import_orcid
from portfolio.importing.sources.orcid import site_orcid as orcid_site_orcid


def site_orcid() -> str:
    orcid = orcid_site_orcid()
    if not orcid:
        raise CommandError(
            "The site has no ORCID iD: run import_orcid with yours first, or add an ORCID "
            "link (https://orcid.org/your-iD) to the profile."
        )
    return orcid


def import_and_report(command: BaseCommand, orcid: str, dry_run: bool) -> None:
    # Everything is fetched before anything is written: a network error leaves
    # the site as it was.
    try:
        fetched = fetch(orcid)
    except ServiceError as error:
        raise CommandError(str(error)) from None
    with reversion.create_revision():
        reversion.set_comment(f"Imported from ORCID {orcid}")
        outcomes = import_orcid(fetched, dry_run=dry_run)
    report(
        command,
        outcomes,
        dry_run=dry_run,
        place="{o.kind:<24.24}",
        items=("item", "items"),
        heading=f"ORCID {orcid}: ",
    )
