"""manage.py export_cv_pdf [FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.website import cvpdf


class Command(BaseCommand):
    help = (
        "Write the CV as a PDF (the sections, order and privacy of /cv/; the page size of "
        "DJANGO_CV_PDF_PAGE_SIZE) to FILE; without FILE, render the copy /cv.pdf serves. "
        "Needs WeasyPrint's system libraries (Pango)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="Where to write the PDF.")

    def handle(self, *args, file: Path | None, **options):
        reason = cvpdf.unavailable()
        if reason:
            raise CommandError(reason)
        if file is None:
            if cvpdf.build():
                self.stdout.write(f"Wrote {cvpdf.paths()[0]}")
            else:
                self.stdout.write("Another render of the PDF is under way; it renders this too.")
            return
        try:
            file.write_bytes(cvpdf.render())
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
        self.stdout.write(f"Wrote {file}")
