"""The search index: made from every searchable type's public entries, and made
again, before a search, whenever it is not made from the current content.

The index remembers what it was built from: the page cache's content version,
which changes after any write to the content (saves, ``update()``,
``bulk_create()``, raw SQL, commands, reverts; ``portfolio.pagecache.version``),
and the text search configuration. A search that finds another version rebuilds
the whole index first, in one transaction, so no kind of write leaves it stale.
Its own writes are not content writes: the page cache's watch leaves ``search_``
tables out.
"""

import logging
import re
import unicodedata
from collections import defaultdict

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from portfolio.core import registry
from portfolio.pagecache.version import current_version, unrecorded_changes
from portfolio.richtext.markdown import markdown_text
from portfolio.richtext.mathtext import has_math_delimiters, math_text

from .models import IndexState

logger = logging.getLogger(__name__)

WEIGHTS = ("A", "B", "C", "D")


def fold(text: str) -> str:
    """``text`` without accents and case: "Müller" -> "muller"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# --- PostgreSQL's text search configuration ---------------------------------------------
_configs: dict[tuple[str, str], tuple[str, bool]] = {}
_made: set[str] = set()


def text_search_config() -> tuple[str, bool]:
    """PostgreSQL: the configuration the index and the queries use, and whether it
    folds accents itself (else the text and the query are folded here). That is a
    copy of SEARCH_CONFIG (or of "simple", when the database lacks it) that reads
    each word through ``unaccent`` before the stemmer, made when first needed;
    found once per process."""
    key = (connection.alias, settings.SEARCH_CONFIG)
    if key not in _configs:
        config, folds, made_now = make_config(settings.SEARCH_CONFIG)
        if made_now or config in _made:
            # Not remembered: the transaction that made it may yet be rolled back.
            _made.add(config)
            return config, folds
        _configs[key] = config, folds
    return _configs[key]


def make_config(name: str) -> tuple[str, bool, bool]:
    """The configuration for ``name`` (made by the migration for SEARCH_CONFIG, here
    for another), whether it folds accents, and whether it was made just now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
        if cursor.fetchone() is None:
            logger.error(
                "DJANGO_SEARCH_CONFIG=%r is not a text search configuration of this "
                "PostgreSQL database (psql's \\dF lists them); the search matches words "
                'without stemming (the "simple" configuration).',
                name,
            )
            name = "simple"
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        if cursor.fetchone() is None:
            return name, False, False
        folding = f"portfolio_{name}"
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [folding])
        if cursor.fetchone() is not None:
            return folding, True, False
        cursor.execute(
            "SELECT d.dictname FROM pg_ts_config_map m "
            "JOIN pg_ts_config c ON c.oid = m.mapcfg JOIN pg_ts_dict d ON d.oid = m.mapdict "
            "WHERE c.cfgname = %s AND m.maptokentype = "
            "(SELECT tokid FROM ts_token_type('default') WHERE alias = 'word') "
            "ORDER BY m.mapseqno",
            [name],
        )
        dictionaries = [row[0] for row in cursor.fetchall()] or ["simple"]
        quote = connection.ops.quote_name
        try:
            with transaction.atomic():
                cursor.execute(
                    f"CREATE TEXT SEARCH CONFIGURATION {quote(folding)} (COPY = {quote(name)})"
                )
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {quote(folding)} ALTER MAPPING FOR "
                    "hword, hword_part, word WITH unaccent, "
                    + ", ".join(quote(d) for d in dictionaries)
                )
        except DatabaseError as error:  # made meanwhile by another process, or no right to
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [folding])
            if cursor.fetchone() is None:
                logger.warning("Search: %s cannot be made (%s).", folding, error)
                return name, False, False
    return folding, True, True


def _recipe() -> str:
    """What else than the content the index is made from."""
    if connection.vendor == "postgresql":
        config, folds = text_search_config()
        return f"{config}:{folds}"
    return "fts5"


# --- Freshness ---------------------------------------------------------------------------
def ensure_fresh() -> None:
    """Rebuild the index if it is not made from the current content (two reads
    when it is)."""
    version = current_version()
    built = IndexState.objects.filter(pk=1).values_list("built_from", flat=True).first()
    wanted = f"{version}:{_recipe()}"
    if version is None or built != wanted or unrecorded_changes(connection):
        rebuild(wanted, check=version is not None)


def rebuild(wanted: str | None = None, check: bool = False) -> int:
    """Make the index again from the public entries; return how many it holds.
    With ``check``, nothing is done if, once the index is locked, it turns out
    another process has just made it from ``wanted``."""
    if wanted is None:
        wanted = f"{current_version()}:{_recipe()}"
    with transaction.atomic():
        # Locked (PostgreSQL's row lock; SQLite's write lock, taken when the
        # transaction begins), so that two processes rebuild one after the other.
        state, _ = IndexState.objects.select_for_update().get_or_create(
            pk=1, defaults={"built_from": ""}
        )
        if check and state.built_from == wanted and not unrecorded_changes(connection):
            return -1
        rows = list(rows_of_public_content())
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry")
            # One statement for all the rows: Django's bulk_create would spend more
            # time writing the SQL than the database spends on it.
            cursor.executemany(
                f"INSERT INTO search_entry ({', '.join(COLUMNS)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                rows,
            )
        _fill_full_text_index()
        state.built_from = wanted
        state.save(update_fields=["built_from"])
    return len(rows)


def _fill_full_text_index() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_text(search_text) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            config, _ = text_search_config()
            vector = " || ".join(
                f"setweight(to_tsvector(%s::regconfig, {column}), '{weight}')"
                for column, weight in zip("abcd", WEIGHTS, strict=True)
            )
            cursor.execute(f"UPDATE search_entry SET vector = {vector}", [config] * 4)  # noqa: S608


# --- What is indexed ---------------------------------------------------------------------
def _searched_text(value) -> str:
    """The text of a field as searched: math both as its LaTeX ("alpha") and as
    text ("α"), so that either finds it."""
    text = str(value or "")
    if has_math_delimiters(text):
        shown = math_text(text)
        if shown != text:
            text = f"{text}\n{shown}"
    return text


def _related_texts(queryset, path: str) -> dict:
    """pk -> the values at ``path`` across a relation, in one query for the type."""
    texts = defaultdict(list)
    rows = (
        queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
        .order_by()
        .values_list("pk", path)
    )
    for pk, value in rows:
        if value:
            texts[pk].append(str(value))
    return texts


COLUMNS = ("type", "object_id", "position", "url", "title", "a", "b", "c", "d")


def rows_of_public_content():
    """A row of the index (COLUMNS) for each public entry of each searchable type.
    A few queries a type, whatever the number of entries."""
    folds_here = connection.vendor == "postgresql" and not text_search_config()[1]
    for content_type in registry.searchable_types():
        model = content_type.model_class
        # The rows a type's lists prefetch are not read here: a relation searched
        # is read below, in one query of its values alone.
        queryset = content_type.published().prefetch_related(None)
        related = {
            path: _related_texts(queryset, path)
            for paths in content_type.search.values()
            for path in paths
            if "__" in path or model._meta.get_field(path).is_relation
        }
        for position, entry in enumerate(queryset):
            texts = dict.fromkeys(WEIGHTS, "")
            for weight, paths in content_type.search.items():
                parts = []
                for path in paths:
                    if path in related:
                        parts.extend(related[path].get(entry.pk, ()))
                    else:
                        parts.append(_searched_text(getattr(entry, path)))
                text = "\n".join(part for part in parts if part)
                texts[weight] = fold(text) if folds_here else text
            title = str(entry)
            yield (
                content_type.model,
                str(entry.pk),
                position,
                entry.get_absolute_url(),
                math_text(title) if content_type.math_titles else title,
                *texts.values(),
            )


def quotes(content_type, object_ids: list[str]) -> dict[str, list[str]]:
    """object id -> the texts an excerpt of that entry may quote (its
    ``search_excerpt``, Markdown as text), read for the few entries a search
    shows rather than for every entry at each rebuild."""
    queryset = content_type.published()
    # Topics are not quoted.
    lookups = [lookup for lookup in queryset._prefetch_related_lookups if lookup != "tags"]
    queryset = queryset.prefetch_related(None).prefetch_related(*lookups)
    entries = queryset.filter(pk__in=object_ids)
    return {str(entry.pk): _quotes(entry, content_type.search_excerpt) for entry in entries}


# Text without these is the same as Markdown and as text: not worth rendering.
_MARKDOWN = re.compile(r"[*_`\[\]<>&#\\$!|~\n]|^\s*(?:[-+=]|\d+[.)])")


def _quotes(entry, attributes) -> list[str]:
    quotes = []
    for name in attributes:
        value = getattr(entry, name, "")
        value = str((value() if callable(value) else value) or "")
        if _MARKDOWN.search(value):
            value = markdown_text(value)
        quotes.append(" ".join(value.split()))
    return quotes
