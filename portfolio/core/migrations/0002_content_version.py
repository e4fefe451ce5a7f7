"""The page cache's content version (see portfolio.pagecache.version): one row, given
a new random value after every transaction that writes content.

A table without a model: a model would add a content type, and every content
type made after it would change its id, which the edit history of an existing
site stores as a plain number."""

from django.db import migrations

TABLE = "core_contentversion"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_former_slugs"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE TABLE {TABLE} (id integer NOT NULL PRIMARY KEY, value varchar(32) NOT NULL)",
            f"DROP TABLE {TABLE}",
        ),
    ]
