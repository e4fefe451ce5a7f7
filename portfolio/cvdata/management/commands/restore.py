"""manage.py restore ARCHIVE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from portfolio.cvdata.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty instance "
        "(a migrated, empty database and an empty media folder)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        if not archive.is_file():
            raise CommandError(f"No such archive: {archive}")
        try:
            restored = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except (DeserializationError, DatabaseError) as error:
            reason = str(error).splitlines()[0]
            raise CommandError(f"The backup's data could not be loaded: {reason}") from error
        retired = (
            f", {restored['retired_files']} replaced files for the edit history"
            if restored["retired_files"]
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (written {restored['created']}): "
                f"{restored['rows']} rows, {restored['media_files']} media files{retired}."
            )
        )
