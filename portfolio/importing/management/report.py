"""What the import commands share: reading the file they are given, and the
report of their outcomes (one line each, errors on standard error, the summary,
and a failing exit when anything could not be imported)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.outcomes import Action, Outcome
from portfolio.importing.pipeline import summarise


def add_file_arguments(parser, file_help: str) -> None:
    """The arguments of a command that imports a file: the file, --dry-run, --update."""
    parser.add_argument("file", type=Path, help=file_help)
    parser.add_argument(
        "--dry-run", action="store_true", help="Report what would happen; write nothing."
    )
    parser.add_argument(
        "--update", action="store_true", help="Update duplicates instead of skipping them."
    )


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CommandError(f"No such file: {path}") from error
    except UnicodeDecodeError as error:
        raise CommandError(f"{path} is not UTF-8 text: {error}") from error
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error


def report(
    command: BaseCommand,
    outcomes: list[Outcome],
    *,
    dry_run: bool,
    place: str = "line {o.line:>4} ",
    items: tuple[str, str] = ("entry", "entries"),
    done: str = "imported",
    heading: str = "",
) -> None:
    """Each outcome on a line that starts with ``place`` (formatted with the
    outcome as ``o``); the summary (after ``heading``); CommandError when any
    failed, naming ``items``."""
    for outcome in outcomes:
        line = f"{place.format(o=outcome)} {outcome.key:<28} {outcome.action:<8} "
        line += " ".join(part for part in (outcome.title, outcome.message) if part)
        (command.stderr if outcome.action == Action.ERROR else command.stdout).write(line)
    prefix = "Dry run, nothing written: would have " if dry_run else ""
    command.stdout.write(f"{heading}{prefix}{summarise(outcomes)}.")
    failed = sum(outcome.action == Action.ERROR for outcome in outcomes)
    if failed:
        raise CommandError(
            f"{failed} {items[0] if failed == 1 else items[1]} could not be {done} (see "
            "above); the others were" + (" checked." if dry_run else f" {done}.")
        )
