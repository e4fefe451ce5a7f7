from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.staticsite.build import BuildError, build_site
from portfolio.staticsite.publish import DEFAULT_MESSAGE, publish_to_git


class Command(BaseCommand):
    help = (
        "Build the static site and publish it: push it to a branch of a git remote "
        "(GitHub Pages), or write it into a folder a web server serves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True, help="Where the site is served.")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--git", metavar="REMOTE", help="A git remote (URL or path).")
        where.add_argument("--to", metavar="DIR", help="A folder to build into instead.")
        parser.add_argument("--branch", default="gh-pages", help="Default: gh-pages.")
        parser.add_argument(
            "--folder", default="", help="A folder of the branch, e.g. docs (default: its root)."
        )
        parser.add_argument("--cname", default="", help="A custom domain (writes CNAME).")
        parser.add_argument("--message", default=DEFAULT_MESSAGE, help="The commit message.")

    def handle(self, *args, **options):
        try:
            if options["to"]:
                report = build_site(Path(options["to"]), options["base_url"], options["cname"])
                done = f"built into {options['to']}"
            else:
                report, done = publish_to_git(
                    options["git"], options["base_url"], options["branch"], options["folder"],
                    options["cname"], options["message"],
                )  # fmt: skip
        except BuildError as error:
            raise CommandError(str(error)) from None
        for path in report.missing:
            self.stderr.write(f"Warning: a link leads to {path}, which is not a page.")
        self.stdout.write(f"Published: {report.summary()}; {done}.")
