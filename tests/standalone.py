"""Django for the scripts under tests/ that run on their own (benchmarks, data
builders): debug settings and a throwaway, migrated SQLite database."""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(prefix: str, debug: bool = True) -> Path:
    """Set Django up on a new SQLite database in a temporary folder; return the folder.
    With ``debug`` off, the production settings (with a made-up key and host)."""
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update(
        DJANGO_DEBUG="1" if debug else "0",
        DJANGO_SETTINGS_MODULE="site_config.settings",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
    )
    # These scripts ask for page after page from one address, faster than any
    # visitor: the limits on uncached requests per client would refuse them.
    os.environ.setdefault("DJANGO_CLIENT_REQUESTS", "0")
    os.environ.setdefault("DJANGO_CLIENT_RENDERS", "0")
    if not debug:
        os.environ.update(
            DJANGO_SECRET_KEY="standalone-key-" + "0123456789abcdefghijklmnopqrstuvwxyz0123456789",
            DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
            DJANGO_SSL_REDIRECT="0",
            DJANGO_STATIC_ROOT=str(work / "static"),
            DJANGO_MEDIA_ROOT=str(work / "media"),
            CACHE_URL=f"file://{work / 'cache'}",
        )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not debug:
        call_command("collectstatic", interactive=False, verbosity=0)
    return work


@contextmanager
def revision_tree(revision: str) -> Iterator[Path]:
    """Another git revision of the project, checked out in a temporary worktree for
    as long as the block runs (the scripts that compare this tree with it)."""
    git = shutil.which("git")
    with tempfile.TemporaryDirectory(prefix="revision-") as folder:
        tree = Path(folder) / "tree"
        subprocess.run([git, "worktree", "add", "--detach", "-q", str(tree), revision],
                       cwd=ROOT, check=True)  # fmt: skip
        try:
            yield tree
        finally:
            subprocess.run([git, "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False)  # fmt: skip
