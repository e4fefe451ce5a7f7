"""What import_orcid and sync_orcid share: fetch, write in one transaction, report."""

import reversion
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.http import ServiceError
from portfolio.importing.outcomes import Action
from portfolio.importing.pipeline import summarise
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
    for outcome in outcomes:
        line = f"{outcome.kind:<24.24} {outcome.key:<28} {outcome.action:<8} "
        line += " ".join(part for part in (outcome.title, outcome.message) if part)
        (command.stderr if outcome.action == Action.ERROR else command.stdout).write(line)
    prefix = "Dry run, nothing written: would have " if dry_run else ""
    command.stdout.write(f"ORCID {orcid}: {prefix}{summarise(outcomes)}.")
    failed = sum(outcome.action == Action.ERROR for outcome in outcomes)
    if failed:
        raise CommandError(
            f"{failed} item{'' if failed == 1 else 's'} could not be imported (see above); "
            "the others were" + (" checked." if dry_run else " imported.")
        )
