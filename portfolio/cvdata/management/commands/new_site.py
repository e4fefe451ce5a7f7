"""manage.py new_site [--yes] [--archive PATH]: start afresh, everything backed up first."""

import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from portfolio.cvdata.backup import BackupError
from portfolio.cvdata.fixtures import private_path
from portfolio.cvdata.newsite import NewSiteError, back_up, empty_database, empty_files
from portfolio.media.media import retired_root


class Command(BaseCommand):
    help = (
        "Start the site afresh, for another CV: write one backup archive of everything "
        "(the database, the media, and the CV fixture with its private file) and check it, "
        "then delete the database's content (user accounts are kept), the media folder and "
        "the private file, and write the CV fixture as an empty CV. Asks first, unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask (for scripts): go ahead."
        )
        parser.add_argument(
            "--archive",
            type=Path,
            help="Where to write the backup (default: portfolio-backup-<UTC time>.tar.gz here).",
        )
        parser.add_argument(
            "--fixture",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures" / "cv.json",
            help="The CV fixture to back up and empty (default: fixtures/cv.json).",
        )

    def handle(self, *args, yes: bool, archive: Path | None, fixture: Path, **options):
        if archive is None:
            archive = Path(f"portfolio-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz")
        if archive.is_dir() or archive.name in {"", ".", ".."}:
            raise CommandError(f"{archive} is a folder: give a file name, such as backup.tar.gz")
        if not archive.parent.is_dir():
            raise CommandError(f"No such folder: {archive.parent}")
        if archive.exists():
            raise CommandError(f"{archive} exists already: give another name with --archive.")
        if not fixture.parent.is_dir():
            raise CommandError(f"No such folder: {fixture.parent}")
        if not yes:
            self.confirm(archive, fixture)

        try:
            backup, copies = back_up(archive, fixture)
        except (BackupError, DatabaseError, OSError) as error:
            kept = f" ({archive} is what was written)" if archive.is_file() else ""
            raise CommandError(f"Nothing was changed: the backup failed{kept}. {error}") from error
        self.stdout.write(
            f"Backed up to {archive.resolve()}: {backup['rows']} rows, "
            f"{backup['media_files']} media files, and the CV fixture as "
            f"{', '.join(copies) or 'nothing (there was no CV fixture)'} in the archive."
        )
        try:
            rows = empty_database()
        except (NewSiteError, DatabaseError) as error:
            raise CommandError(
                f"Nothing was deleted: {error} (the backup {archive} is written all the same)."
            ) from error
        try:
            files = empty_files(fixture)
        except OSError as error:
            raise CommandError(
                f"Stopped after the database's content was deleted: {error}\nEverything is in "
                f"{archive.resolve()}: {self.restore_hint(archive)}"
            ) from error
        accounts = get_user_model()._default_manager.count()
        sign_in = (
            f"User accounts are kept ({accounts}): sign in to the admin as before."
            if accounts
            else "There is no user account yet: create yours with `make superuser`."
        )
        self.stdout.write(
            f"Deleted {rows} rows of content and {files} media files; wrote {fixture} as an "
            f"empty CV and removed {private_path(fixture).name}. {sign_in}"
        )
        self.stdout.write(
            self.style.SUCCESS(f"The site is empty. The backup is {archive.resolve()}.")
        )
        if (fixture.parent / "media").is_dir():
            self.stdout.write(
                f"{fixture.parent / 'media'} still holds the former CV's uploaded files (they "
                "are in git): delete them when you no longer want them."
            )
        self.stdout.write(
            "Next: `make run`, and the home page shows how to begin. "
            f"To go back: {self.restore_hint(archive)}"
        )

    @staticmethod
    def restore_hint(archive: Path) -> str:
        archive = archive.resolve()
        return (
            "bring back the database and media with `manage.py flush --noinput`, then "
            f"`manage.py restore {archive}`, run as you ran this command (the accounts come "
            f"back from the archive), and the CV fixture with `tar -xzf {archive} fixtures/` "
            "in the project's folder."
        )

    def confirm(self, archive: Path, fixture: Path) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                "new_site deletes the site's content: run it on a terminal to confirm, or "
                "with --yes (make new-site YES=1)."
            )
        self.stdout.write(
            "This starts the site afresh. It will:\n"
            f"  1. back up everything to {archive} (the database, the media folder, {fixture} "
            f"and {private_path(fixture).name}) and read the backup back;\n"
            "  2. delete every entry of the database: profile, publications, talks, topics, "
            "the edit history... (user accounts are kept: you can still sign in);\n"
            f"  3. empty the media folder {settings.MEDIA_ROOT} (and {retired_root()});\n"
            f"  4. write {fixture} as an empty CV and remove {private_path(fixture).name}."
        )
        if input('Type "yes" to go on: ').strip().lower() != "yes":
            raise CommandError("Nothing was changed.")
