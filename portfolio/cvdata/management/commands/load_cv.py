"""manage.py load_cv [PATH] [--overwrite]: the deploy-time load of the CV fixture."""

from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from portfolio.cvdata.fixtures import FixtureLoader, private_path
from portfolio.cvdata.media import load_media
from portfolio.cvdata.validation import InvalidRows


class Command(BaseCommand):
    help = (
        "Load the CV fixture (fixtures/cv.json by default). Adds what the database lacks "
        "and keeps every entry it already has, with its authors, links and topics, as "
        "edited in the admin; --overwrite makes the fixture's version win. Entries the "
        "fixture does not name are never touched. The private fields of cv.private.json "
        "beside it (written by export_cv) are loaded with it when it is there. All or "
        "nothing: a broken fixture changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures" / "cv.json",
            help="The fixture file (default: fixtures/cv.json).",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace existing entries (and their authors, links, topics) by the fixture's.",
        )

    def handle(self, *args, path: Path, overwrite: bool, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No such fixture: {path}") from error
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        private_file = private_path(path)
        try:
            private = private_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            private = None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {private_file}: {error}") from error

        loader = FixtureLoader(overwrite=overwrite)
        try:
            # One revision in the edit history: what the load wrote can be restored
            # (and what it overwrote was recorded by earlier revisions).
            with transaction.atomic(), reversion.create_revision():
                reversion.set_comment(f"Loaded from {path.name}")
                report = loader.load(text, private, private_file.name)
        except InvalidRows as error:
            raise CommandError(
                f"The fixture {path} could not be loaded, and nothing was changed; the admin "
                f"would refuse:\n{error.summary()}"
            ) from error
        except (DeserializationError, DatabaseError, ValidationError, ObjectDoesNotExist) as error:
            reason = "; ".join(str(error).splitlines()[:3])
            raise CommandError(
                f"The fixture {path} could not be loaded, and nothing was changed: {reason}"
            ) from error

        lines = report.lines() or ["The fixture is empty: nothing to do."]
        if private is not None:
            lines.append(f"With the private fields of {private_file}.")
        for line in lines:
            self.stdout.write(line)
        try:
            brought = load_media(path.parent)
        except OSError as error:
            raise CommandError(
                f"The CV was loaded, but its uploaded files were not: {error}"
            ) from error
        if brought:
            self.stdout.write(f"Copied into the media folder: {', '.join(brought)}.")
        self.stdout.write(self.style.SUCCESS(f"Loaded {path}."))
