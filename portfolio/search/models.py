"""The search index: one row per public entry, rebuilt from the content whenever
the content version (``portfolio.pagecache.version``) has changed.

Besides these tables each database has its own full-text index of the ``a`` to
``d`` columns (made in migrations/0001_initial.py): on SQLite the FTS5 table
``search_text``, on PostgreSQL the column ``vector``, a weighted ``tsvector``
with a GIN index. Neither is known to Django: only the index's code reads them.
"""

from django.db import models


class Entry(models.Model):
    """A public entry as the search finds and shows it."""

    type = models.CharField(max_length=100)  # the content type's model label
    object_id = models.CharField(max_length=64)
    # Its place in its type's own order: the order of entries that rank the same.
    position = models.PositiveIntegerField()
    url = models.TextField()
    title = models.TextField()  # as text, math as Unicode
    # The text searched, by weight ("a" counts most; ContentType.search).
    a = models.TextField(blank=True)
    b = models.TextField(blank=True)
    c = models.TextField(blank=True)
    d = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "entries"

    def __str__(self):
        return self.title


class IndexState(models.Model):
    """One row: what the index was built from (the content version and the text
    search configuration); another value means the index is out of date."""

    built_from = models.CharField(max_length=200)

    def __str__(self):
        return self.built_from
