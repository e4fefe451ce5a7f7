"""Search across the registered content types (see ``ContentType.search``).

On PostgreSQL each type is searched with its full-text search: the fields of
each weight make one weighted ``tsvector``, every word of the query must match
(stemmed, so "networks" finds "network"), and results are ordered by
``ts_rank``. On other databases (SQLite) every word must appear in some field,
case-insensitively, and a result's score adds, for each word, the weight of
each group of fields it appears in. Either way a word in a title counts more
than one in the authors, which counts more than one in an abstract.
"""

import logging
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection, models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portfolio.core import registry
from portfolio.richtext.markdown import markdown_text
from portfolio.richtext.mathtext import math_text

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_PER_TYPE = 20
EXCERPT_LENGTH = 220
# The same proportions as PostgreSQL's default ts_rank weights.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Query:
    """A visitor's query, read: its words, or why it cannot be searched."""

    text: str
    words: list[str] = field(default_factory=list)
    problem: str = ""


def read_query(text: str) -> Query:
    text = " ".join((text or "").split())
    if not text:
        return Query(text, problem="Type one or more words to search for.")
    if len(text) > MAX_QUERY_LENGTH:
        return Query(
            text[:MAX_QUERY_LENGTH],
            problem=f"That search is too long: use at most {MAX_QUERY_LENGTH} characters.",
        )
    words = []
    for word in _WORD.findall(text):
        if word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
    if not words:
        return Query(text, problem="That search has no words in it: type letters or digits.")
    if len(words) > MAX_WORDS:
        return Query(text, problem=f"That search has too many words: use at most {MAX_WORDS}.")
    return Query(text, words=words)


@dataclass
class Group:
    content_type: registry.ContentType
    results: list = field(default_factory=list)
    more: bool = False


def search(query: Query) -> list[Group]:
    """Each searchable type's public entries that match, best first; types without
    a match are left out. One query per type, whatever the number of entries."""
    if query.problem:
        return []
    groups = []
    for content_type in registry.searchable_types():
        found = list(search_type(content_type, query.words)[: RESULTS_PER_TYPE + 1])
        for entry in found:
            entry.search_excerpt = excerpt(entry, content_type.search_excerpt, query.words)
            title = math_text(str(entry)) if content_type.math_titles else str(entry)
            entry.search_title = mark(title, query.words)
        if found:
            groups.append(
                Group(content_type, found[:RESULTS_PER_TYPE], len(found) > RESULTS_PER_TYPE)
            )
    return groups


def search_type(content_type: registry.ContentType, words: list[str]) -> models.QuerySet:
    queryset = content_type.published()
    if connection.vendor == "postgresql" and full_text_available():
        return _full_text(queryset, content_type.search, words)
    return _portable(queryset, content_type.search, words)


_configs_checked: dict[tuple[str, str], bool] = {}


def full_text_available() -> bool:
    """Whether PostgreSQL has the text search configuration SEARCH_CONFIG names;
    checked once per process. Without it the portable search is used, and the
    log says why, rather than every search failing."""
    key = (connection.alias, settings.SEARCH_CONFIG)
    if key not in _configs_checked:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [key[1]])
            found = cursor.fetchone() is not None
        if not found:
            logger.error(
                "DJANGO_SEARCH_CONFIG=%r is not a text search configuration of this "
                "PostgreSQL database (psql's \\dF lists them); the search matches words "
                "without PostgreSQL's full-text search.",
                key[1],
            )
        _configs_checked[key] = found
    return _configs_checked[key]


def _crosses_relation(model, path: str) -> bool:
    return "__" in path or model._meta.get_field(path).is_relation


def _full_text(queryset, spec, words):
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    model, config = queryset.model, settings.SEARCH_CONFIG

    def text_of(path):
        if not _crosses_relation(model, path):
            return path
        # Related rows (a paper's authors) as one text, read in a subquery: a join
        # would repeat the entry once per related row.
        joined = (
            model._default_manager.filter(pk=OuterRef("pk"))
            .order_by()
            .values("pk")
            .annotate(text=StringAgg(path, " "))
            .values("text")
        )
        return Subquery(joined, output_field=models.TextField())

    vector = reduce(
        lambda a, b: a + b,
        (
            SearchVector(*[text_of(p) for p in paths], weight=weight, config=config)
            for weight, paths in spec.items()
        ),
    )
    search_query = SearchQuery(" ".join(words), search_type="plain", config=config)
    return (
        queryset.alias(search_vector=vector)
        .filter(search_vector=search_query)
        .annotate(search_rank=SearchRank(vector, search_query))
        .order_by("-search_rank", *model._meta.ordering, "pk")
    )


def _portable(queryset, spec, words):
    model = queryset.model

    def contains(path, word):
        if not _crosses_relation(model, path):
            return Q(**{f"{path}__icontains": word})
        related = model._default_manager.filter(pk=OuterRef("pk"), **{f"{path}__icontains": word})
        return Q(Exists(related))

    every_word, scores = Q(), []
    for word in words:
        groups = {
            weight: reduce(or_, (contains(p, word) for p in paths))
            for weight, paths in spec.items()
        }
        every_word &= reduce(or_, groups.values())
        scores += [
            Case(When(condition, then=Value(WEIGHTS[weight])), default=Value(0.0))
            for weight, condition in groups.items()
        ]
    score = reduce(lambda a, b: a + b, scores)
    return (
        queryset.filter(every_word)
        .annotate(search_rank=score)
        .order_by("-search_rank", *model._meta.ordering, "pk")
    )


# --- Showing results -----------------------------------------------------------------
def _pattern(words: list[str]) -> re.Pattern:
    """Each word, and the other forms of it that a stemmed search finds
    ("network" marks "networks"; "learning" marks "learned"; "studies" marks
    "study")."""
    stems = []
    for word in words:
        stem = re.sub(r"(?:ies|ing|ed|es|s|y)$", "", word, flags=re.IGNORECASE)
        stems.append(re.escape(stem if len(stem) >= 3 else word))
    return re.compile(r"(" + "|".join(stems) + r")\w*", re.IGNORECASE)


def mark(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with each searched word in it inside ``<mark>``."""
    pattern, out, last = _pattern(words), [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped


def excerpt(entry, attributes, words: list[str]) -> SafeString:
    """A short quote of the first of ``attributes`` that holds a searched word, the
    word marked; else the start of the first that is not empty."""
    pattern, texts = _pattern(words), []
    for name in attributes:
        value = getattr(entry, name, "")
        value = value() if callable(value) else value
        texts.append(markdown_text(str(value or "")).replace("\n", " "))
    for text in texts:
        found = pattern.search(text)
        if found:
            start = max(0, found.start() - EXCERPT_LENGTH // 3)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < found.start() else start
            quote = text[start : start + EXCERPT_LENGTH]
            prefix = "…" if start else ""
            suffix = "…" if start + EXCERPT_LENGTH < len(text) else ""
            return mark_safe(prefix + mark(quote, words) + suffix)  # noqa: S308 - escaped
    first = next((text for text in texts if text), "")
    suffix = "…" if len(first) > EXCERPT_LENGTH else ""
    return mark_safe(mark(first[:EXCERPT_LENGTH], words) + suffix)  # noqa: S308 - escaped
