import pytest
from django.core.management import CommandError, call_command
from django.db import connection


def test_no_migrations_are_missing(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_apply_on_this_database(db):
    tables = connection.introspection.table_names()
    assert {"publications_publication", "publications_authorship", "positions_position"} <= set(
        tables
    )


class TTY:
    def isatty(self):
        return True


def test_createsuperuser_offers_no_way_around_the_password_rules(db, monkeypatch, capsys):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.management.commands import createsuperuser

    passwords = iter(["abcde", "abcde", "a long passphrase 42", "a long passphrase 42"])
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(passwords))
    asked = []

    def typed(prompt=""):
        asked.append(prompt)
        return "y" if prompt.startswith("Bypass") else "owner"

    monkeypatch.setattr("builtins.input", typed)
    call_command("createsuperuser", email="o@example.org", stdin=TTY())
    user = get_user_model().objects.get(username="owner")
    assert user.check_password("a long passphrase 42")  # the short one was asked again
    assert not hasattr(createsuperuser, "input")
    assert "at least 12 characters" in capsys.readouterr().err


def test_createsuperuser_noinput_checks_the_password_too(db, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "abcde")
    with pytest.raises(CommandError, match=r"DJANGO_SUPERUSER_PASSWORD is refused: .*12 char"):
        call_command("createsuperuser", interactive=False, username="o", email="o@example.org")
    assert not get_user_model().objects.exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long passphrase 42")
    call_command("createsuperuser", interactive=False, username="o", email="o@example.org")
    assert get_user_model().objects.get().check_password("a long passphrase 42")
