"""Django for the scripts under tests/ that run on their own (benchmarks, data
builders): debug settings and a throwaway, migrated SQLite database."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(prefix: str) -> Path:
    """Set Django up on a new SQLite database in a temporary folder; return the folder."""
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="site_config.settings",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return work
