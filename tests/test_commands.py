import pytest
from django.core.management import call_command
from django.db import connection

from portfolio.profile.models import Profile
from portfolio.publications.models import Publication


def test_load_cv_fills_an_empty_database(db, capsys):
    call_command("load_cv")
    assert Publication.objects.count() == 13
    assert "Loaded the CV" in capsys.readouterr().out


def test_load_cv_leaves_an_existing_portfolio_alone(cv, capsys):
    profile = Profile.get_solo()
    profile.headline = "Edited in the admin"
    profile.save()
    Publication.objects.filter(slug="norm-matters").delete()

    call_command("load_cv")

    assert "nothing loaded" in capsys.readouterr().out
    assert Profile.get_solo().headline == "Edited in the admin"
    assert Publication.objects.count() == 12


def test_load_cv_with_a_missing_fixture_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No fixture named"):
        call_command("load_cv", "no-such-fixture")


def test_no_migrations_are_missing(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_apply_on_this_database(db):
    tables = connection.introspection.table_names()
    assert {"publications_publication", "publications_authorship", "positions_position"} <= set(
        tables
    )
