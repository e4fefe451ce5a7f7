"""manage.py backup [ARCHIVE]"""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.cvdata.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write the database content (portfolio, accounts, edit history) and the uploaded "
        "media to a .tar.gz archive; restore it with `manage.py restore ARCHIVE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            type=Path,
            help="Where to write (default: portfolio-backup-<UTC time>.tar.gz here).",
        )

    def handle(self, *args, archive: Path | None, **options):
        if archive is None:
            archive = Path(f"portfolio-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz")
        if archive.is_dir() or archive.name in {"", ".", ".."}:
            raise CommandError(f"{archive} is a folder: give a file name, such as backup.tar.gz")
        if not archive.parent.is_dir():
            raise CommandError(f"No such folder: {archive.parent}")
        try:
            description = write_backup(archive)
        except OSError as error:
            raise CommandError(f"Cannot write {archive}: {error.strerror}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {archive}: {description['rows']} rows, "
                f"{description['media_files']} media files, "
                f"{description['retired_files']} replaced files kept for the edit history."
            )
        )
