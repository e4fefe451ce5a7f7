"""manage.py export_cv [PATH]: write the database as the CV fixture."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portfolio.cvdata.fixtures import export_fixture
from portfolio.cvdata.media import export_media


class Command(BaseCommand):
    help = (
        "Write the CV (profile, publications, authors, positions, talks, awards, skills, "
        "languages, topics) as a fixture, fixtures/cv.json by default, so that what was "
        "edited in the admin can be committed. Use '-' to write to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(Path(settings.BASE_DIR) / "fixtures" / "cv.json"),
            help="Where to write (default: fixtures/cv.json; '-' for standard output).",
        )

    def handle(self, *args, path: str, **options):
        text = export_fixture()
        self.warn_of_lone_authors()
        if path == "-":
            self.stdout.write(text, ending="")
            return
        target = Path(path)
        if target.is_dir() or target.name in {"", ".", ".."}:
            raise CommandError(f"{path} is a folder: give a file name, such as cv.json")
        if not target.parent.is_dir():
            raise CommandError(f"No such folder: {target.parent}")
        # Write beside the target, then rename: an interrupted export never leaves
        # half a fixture behind.
        try:
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".cv-", suffix=".json")
        except OSError as error:
            raise CommandError(f"Cannot write in {target.parent}: {error.strerror}") from error
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise CommandError(f"Cannot write {target}: {error.strerror}") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote {target}."))
        try:
            copied, missing = export_media(target.parent)
        except OSError as error:
            raise CommandError(
                f"Cannot copy the uploaded files beside {target}: {error}"
            ) from error
        if copied:
            self.stdout.write(
                f"Copied {len(copied)} uploaded file{'s' if len(copied) > 1 else ''} into "
                f"{target.parent / 'media'} (commit them with the fixture): {', '.join(copied)}."
            )
        for name in missing:
            self.stderr.write(f"Note: the fixture names {name}, which is not in the media folder.")

    def warn_of_lone_authors(self):
        """Authors on no publication travel with the CV all the same (the admin keeps
        them); say so, since they are usually left over from an edit."""
        from portfolio.publications.models import Author

        lone = list(Author.objects.filter(authorships__isnull=True).order_by("family_name"))
        if lone:
            names = ", ".join(str(author) for author in lone[:10])
            more = f" and {len(lone) - 10} more" if len(lone) > 10 else ""
            self.stderr.write(
                f"Note: {len(lone)} author{'s are' if len(lone) > 1 else ' is'} on no "
                f"publication and exported all the same: {names}{more}. Delete them in the "
                "admin (Authors) if they are not wanted."
            )
