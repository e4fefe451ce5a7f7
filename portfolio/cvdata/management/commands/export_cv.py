"""manage.py export_cv [PATH]: write the database as the CV fixture."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portfolio.cvdata.fixtures import cv_rows, export_fixture, export_private, private_path
from portfolio.cvdata.media import export_media


class Command(BaseCommand):
    help = (
        "Write the CV (profile, publications, authors, positions, talks, awards, skills, "
        "languages, topics) as a fixture, fixtures/cv.json by default, so that what was "
        "edited in the admin can be committed. The fields the site keeps private (the phone "
        "number, the birth date...) go to cv.private.json beside it, which git ignores. Use "
        "'-' to write the fixture, without them, to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(Path(settings.BASE_DIR) / "fixtures" / "cv.json"),
            help="Where to write (default: fixtures/cv.json; '-' for standard output).",
        )

    def handle(self, *args, path: str, **options):
        rows = cv_rows()
        text = export_fixture(rows=rows)
        self.warn_of_lone_authors()
        if path == "-":
            self.stdout.write(text, ending="")
            self.stderr.write(
                "Note: the private fields (those not shown publicly, such as the phone number "
                "and birth date) are left out; export to a file to keep them beside it."
            )
            return
        target = Path(path)
        if target.is_dir() or target.name in {"", ".", ".."}:
            raise CommandError(f"{path} is a folder: give a file name, such as cv.json")
        if not target.parent.is_dir():
            raise CommandError(f"No such folder: {target.parent}")
        private = private_path(target)
        # Write beside the targets, then rename: an interrupted export never leaves
        # half a fixture behind. The private file first: a fixture without its
        # private fields is never left beside an older private file.
        written = []
        try:
            for content, final in ((export_private(rows), private), (text, target)):
                handle, temporary = self.temporary(target.parent)
                written.append(temporary)
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(content)
                os.replace(temporary, final)
        except OSError as error:
            for temporary in written:
                Path(temporary).unlink(missing_ok=True)
            raise CommandError(f"Cannot write {final}: {error.strerror}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {target}, and its private fields to {private}: keep that one out of "
                "the repository (.gitignore leaves out *.private.json)."
            )
        )
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

    @staticmethod
    def temporary(folder: Path) -> tuple[int, str]:
        # mkstemp makes the file readable by its owner only, as a private file should be.
        try:
            return tempfile.mkstemp(dir=folder, prefix=".cv-", suffix=".json")
        except OSError as error:
            raise CommandError(f"Cannot write in {folder}: {error.strerror}") from error

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
