from django.core.management import call_command
from django.db import connection


def test_no_migrations_are_missing(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_apply_on_this_database(db):
    tables = connection.introspection.table_names()
    assert {"publications_publication", "publications_authorship", "positions_position"} <= set(
        tables
    )
