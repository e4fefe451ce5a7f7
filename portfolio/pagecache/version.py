"""What a stored page was made from: the content version, which any write to the
content tables changes once its transaction commits, and the code's fingerprint,
which a deploy changes. A stored page of another version is never served.

The content version is a row of the database itself, so a change made by any
process (a worker, a command, another server) is recorded where every server
reads it, even while the cache is unreachable.
"""

import hashlib
import logging
import os
import re
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

# The content version's table has no model: it was made by raw SQL in
# portfolio/core/migrations/0002_content_version.py, when the page cache was part of
# core. The migration and the table's name stay as they were, so that existing
# databases (and the history tests/test_upgrades.py replays) need nothing new.
VERSION_TABLE = "core_contentversion"


class _State:
    """Per process: the databases whose change is still to be recorded (its write
    of the version failed)."""

    pending: set = set()


def _write_version(using: str) -> bool:
    connection = connections[using]
    table = connection.ops.quote_name(VERSION_TABLE)
    value = secrets.token_hex(8)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET value = %s WHERE id = 1", [value])  # noqa: S608
            if cursor.rowcount == 0:
                cursor.execute(f"INSERT INTO {table} (id, value) VALUES (1, %s)", [value])  # noqa: S608
    except DatabaseError as error:
        if not _has_version_table(connection):
            return True  # a database still being migrated: nothing is cached from it
        # Remembered: until the new version is written, this process serves no
        # page from the cache (see current_version).
        _State.pending.add(using)
        logger.error("Page cache: a change could not be recorded (%s); retrying.", error)
        return False
    _State.pending.discard(using)
    return True


def _has_version_table(connection) -> bool:
    try:
        return VERSION_TABLE in connection.introspection.table_names()
    except DatabaseError:
        return True


def content_changed(using: str = "default") -> None:
    """Every cached page is out of date from now on. Recorded in the database,
    by every process that writes, whether or not it serves cached pages itself."""
    _write_version(using)


def current_version() -> str | None:
    """The content version, read from the database (one read by primary key), or
    None when it cannot be known: then no page is served from the cache."""
    if "default" in _State.pending and not _write_version("default"):
        return None
    table = connections["default"].ops.quote_name(VERSION_TABLE)
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Page cache: the content version cannot be read (%s).", error)
        return None
    if row is None:  # a new or emptied database: its first version
        return None if not _write_version("default") else current_version()
    return row[0]


# --- Writes to the database ------------------------------------------------------------
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|(TRUNCATE))\s+"
    r"(?:TABLE\s+)?(?:ONLY\s+)?[\"`]?(\w+)",
    re.IGNORECASE,
)
# Tables no public page reads: sign-ins, sessions, login throttling, the admin's
# log, the edit history (a revert writes the content rows themselves) and the
# content version itself; and the search index, which is made from the content
# (a write of it is no change of the content, and it is rebuilt after one).
PRIVATE_TABLES = (
    "django_session", "django_admin_log", "auth_", "axes_", "reversion_", VERSION_TABLE,
    "search_",
)  # fmt: skip


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not sql.startswith("SELECT"):
        match = _WRITE.match(sql)
        if match and (match.group(1) or not match.group(2).startswith(PRIVATE_TABLES)):
            _content_written(context["connection"])
    return result


def _content_written(connection) -> None:
    if not connection.in_atomic_block:
        content_changed(connection.alias)
        return
    # After the commit, once, however many writes the transaction made; nothing if
    # it is rolled back (the callbacks are dropped with it).
    connection.page_cache_dirty = True
    connection.on_commit(lambda: _after_commit(connection), robust=True)


def _after_commit(connection) -> None:
    if getattr(connection, "page_cache_dirty", False):
        connection.page_cache_dirty = False
        content_changed(connection.alias)


def unrecorded_changes(connection) -> bool:
    """Whether the transaction under way has written content, which the content
    version will show only once it commits."""
    return connection.in_atomic_block and getattr(connection, "page_cache_dirty", False)


def watch_connection(connection, **kwargs) -> None:
    """Connected to ``connection_created``: every connection reports its writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def watch_open_connections() -> None:
    for connection in connections.all(initialized_only=True):
        watch_connection(connection)


# --- The code's version ------------------------------------------------------------------
@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes when the code, templates, static files or settings' environment do,
    so that a deploy never serves pages rendered by the previous one."""
    digest = hashlib.blake2b(digest_size=8)
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "portfolio"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".woff2"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size};".encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    for name, value in sorted(os.environ.items()):
        if name.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL")):
            digest.update(f"{name}={value};".encode())
    return digest.hexdigest()
