from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.staticsite.build import BuildError, build_site


class Command(BaseCommand):
    help = (
        "Write every public page of the site, its feeds, exports, static files and public "
        "media into DIR, as plain files for a static host, with links under --base-url. "
        "A second build rewrites only the files that changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="The folder to build into: empty, or a previous build.")
        parser.add_argument(
            "--base-url",
            required=True,
            help="Where the site will be served, e.g. https://user.github.io/portfolio/",
        )
        parser.add_argument(
            "--cname", default="", help="A custom domain for GitHub Pages (writes CNAME)."
        )

    def handle(self, *args, dir, base_url, cname, **options):
        try:
            report = build_site(Path(dir), base_url, cname)
        except BuildError as error:
            raise CommandError(str(error)) from None
        for path in report.missing:
            self.stderr.write(f"Warning: a link leads to {path}, which is not a page.")
        self.stdout.write(f"Built {dir}: {report.summary()}.")
        if options["verbosity"] > 1:
            for label, names in (("written", report.written), ("removed", report.removed)):
                for name in names:
                    self.stdout.write(f"  {label}: {name}")
