#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

Run it with the project's virtualenv (``.venv/bin/python manage.py ...``, made by
``make run``), and locally with the development settings (``DJANGO_DEBUG=1``, as
the make targets do). Without them it says so in one line instead of a traceback;
it never turns debug mode on by itself.
"""

import importlib.util
import os
import sys


def stop(message: str) -> None:
    sys.exit(f"manage.py: {message}")


def local_use() -> str:
    """This command as typed for local use: in the virtualenv, in debug mode."""
    return " ".join(["DJANGO_DEBUG=1 .venv/bin/python manage.py", *sys.argv[1:]])


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
    if importlib.util.find_spec("django") is None:
        stop(
            f"Django is not installed for {sys.executable}. Run `make run` first (it makes "
            f"the virtualenv), then use a make target or, for local use, {local_use()}"
        )
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # The settings refuse an insecure or unreadable configuration; say why in one line.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading a setting loads them all)
    except ImproperlyConfigured as error:
        hint = "" if os.environ.get("DJANGO_DEBUG") else f" For local use: {local_use()}"
        stop(f"{error}{hint}")
    except ModuleNotFoundError as error:
        stop(
            f"{error.name} is not installed for {sys.executable}. Run `make run` first (it "
            f"makes the virtualenv), then use a make target or, for local use, {local_use()}"
        )
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
