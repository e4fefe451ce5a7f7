"""Load the CV fixture into a database that holds no portfolio yet."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile
from portfolio.publications.models import Author, Publication
from portfolio.talks.models import Talk

CONTENT_MODELS = (Profile, Publication, Author, Position, Talk, Award)


class Command(BaseCommand):
    help = (
        "Load the CV fixture (fixtures/cv.json by default) when the database holds no "
        "portfolio content yet; otherwise leave the database untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixture", nargs="?", default="cv", help="Fixture name or path (default: cv)."
        )

    def handle(self, *args, fixture, **options):
        existing = {
            model._meta.verbose_name_plural: model.objects.count()
            for model in CONTENT_MODELS
            if model.objects.exists()
        }
        if existing:
            summary = ", ".join(f"{count} {name}" for name, count in existing.items())
            self.stdout.write(
                f"The database already holds a portfolio ({summary}); nothing loaded. "
                f"To reload the CV over it, run: python manage.py loaddata {fixture}"
            )
            return
        # loaddata runs in one transaction: a broken fixture leaves nothing behind.
        call_command("loaddata", fixture, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Loaded the CV from {fixture}."))
