"""Search across the registered content types (see ``ContentType.search``),
through the search index (``portfolio.search.index``): SQLite's FTS5 or
PostgreSQL's full-text search, both folding case and accents ("muller" finds
"Müller"). Every word of the query must match, as a word or the start of one
("network" finds "networks"; on PostgreSQL stemmed as well). Results are
ranked by where the words are: in a title before the authors (or an event, a
summary), before an abstract or a text (BM25 on SQLite, ``ts_rank`` on
PostgreSQL, each group of fields weighted ten times the next).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portfolio.core import registry
from portfolio.richtext.mathtext import math_as_text

from . import index

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_PER_TYPE = 20
EXCERPT_LENGTH = 220
# A group of fields counts ten times the next: where the words are decides the
# order before how often they appear.
WEIGHTS = {"A": 100.0, "B": 10.0, "C": 1.0, "D": 0.1}
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Query:
    """A visitor's query, read: its words, or why it cannot be searched."""

    text: str
    words: list[str] = field(default_factory=list)
    problem: str = ""


def normal_text(text: str) -> str:
    """The query as the page reads it: one space between words, composed Unicode
    (an "ü" typed as "u" and a combining mark is one letter). The page cache's key."""
    return unicodedata.normalize("NFC", " ".join((text or "").replace("\x00", " ").split()))


def read_query(text: str) -> Query:
    text = normal_text(text)
    if not text:
        return Query(text, problem="Type one or more words to search for.")
    if len(text) > MAX_QUERY_LENGTH:
        return Query(
            text[:MAX_QUERY_LENGTH],
            problem=f"That search is too long: use at most {MAX_QUERY_LENGTH} characters.",
        )
    words = []
    for word in _WORD.findall(text):
        if index.fold(word) not in {index.fold(w) for w in words}:
            words.append(word)
    if not words:
        return Query(text, problem="That search has no words in it: type letters or digits.")
    if len(words) > MAX_WORDS:
        return Query(text, problem=f"That search has too many words: use at most {MAX_WORDS}.")
    return Query(text, words=words)


@dataclass
class Result:
    url: str
    title: SafeString
    excerpt: SafeString


@dataclass
class Group:
    content_type: registry.ContentType
    results: list[Result] = field(default_factory=list)
    more: bool = False


def search(query: Query) -> list[Group]:
    """Each searchable type's public entries that match, best first; types without
    a match are left out. When the index is fresh, three queries and a few for
    each type found (the excerpts of the entries shown), whatever the number of
    entries and results."""
    if query.problem:
        return []
    index.ensure_fresh()
    found: dict[str, list] = {}
    for label, object_id, url, title in _matches(query.words):
        found.setdefault(label, []).append((object_id, url, title))
    groups = []
    for content_type in registry.searchable_types():
        rows = found.get(content_type.model, [])
        if rows:
            shown = rows[:RESULTS_PER_TYPE]
            quotes = index.quotes(content_type, [object_id for object_id, _, _ in shown])
            results = [
                Result(
                    url, mark(title, query.words), excerpt(quotes.get(object_id, []), query.words)
                )
                for object_id, url, title in shown
            ]
            groups.append(Group(content_type, results, len(rows) > RESULTS_PER_TYPE))
    return groups


def _matches(words: list[str]) -> list[tuple]:
    """(type, object id, url, title) of the best RESULTS_PER_TYPE + 1 matches of each
    type, best first, in one query."""
    if connection.vendor == "postgresql":
        config, folds = index.text_search_config()
        terms = [index.fold(w) if not folds else w for w in words]
        # Each word a quoted lexeme matched as a prefix: the words hold letters and
        # digits only, and the quotes keep the query's syntax out of them anyway.
        tsquery = " & ".join("'" + term.replace("'", "''") + "':*" for term in terms)
        weights = "{" + ",".join(str(WEIGHTS[w] / 100) for w in "DCBA") + "}"
        found = (
            "SELECT id, ts_rank(%s, vector, query) AS score FROM search_entry, "
            "to_tsquery(%s::regconfig, %s) query WHERE vector @@ query"
        )
        params = [weights, config, tsquery]
        order = "found.score DESC"
    else:
        # Each word quoted (an FTS5 string: its quotes doubled) and matched as a
        # prefix, so that nothing in the query is read as FTS5's syntax.
        match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
        weights = ", ".join(str(WEIGHTS[w]) for w in "ABCD")
        found = (
            f"SELECT rowid AS id, bm25(search_text, {weights}) AS score "  # noqa: S608
            "FROM search_text WHERE search_text MATCH %s"
        )
        params = [match]
        order = "found.score"
    # Made of this module's text alone: the query's words are parameters.
    sql = (
        f"WITH found AS ({found}), ranked AS ("  # noqa: S608
        "SELECT e.type, e.object_id, e.url, e.title, "
        f"ROW_NUMBER() OVER (PARTITION BY e.type ORDER BY {order}, e.position) AS n "
        "FROM found JOIN search_entry e ON e.id = found.id) "
        "SELECT type, object_id, url, title FROM ranked WHERE n <= %s ORDER BY type, n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, RESULTS_PER_TYPE + 1])
        return cursor.fetchall()


# --- Showing results -----------------------------------------------------------------
def _forms(word: str) -> list[str]:
    """The word, and the symbol it names in math ("alpha" -> "α"), which the
    index holds as both."""
    forms = [word]
    if word.isascii() and word.isalpha():
        symbol = math_as_text("\\" + word)
        if symbol and "\\" not in symbol and not symbol.isascii():
            forms.append(symbol)
    return forms


def _pattern(words: list[str]) -> re.Pattern:
    return _compiled(tuple(words))


@lru_cache(maxsize=256)
def _compiled(words: tuple[str, ...]) -> re.Pattern:
    """Each word (folded: it is matched in folded text), and the other forms of it
    that a stemmed search finds ("network" marks "networks"; "learning" marks
    "learned"; "studies" marks "study")."""
    stems = []
    for word in words:
        for form in _forms(index.fold(word)):
            stem = re.sub(r"(?:ies|ing|ed|es|s|y)$", "", form)
            stems.append(re.escape(stem if len(stem) >= 3 else form))
    return re.compile(r"(" + "|".join(stems) + r")\w*")


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Where ``pattern`` matches ``text`` folded (accents and case aside), as
    places in ``text`` itself."""
    if text.isascii():  # most text: folded in place
        return [match.span() for match in pattern.finditer(text.lower())]
    folded, origin = [], []
    for place, char in enumerate(text):
        for folded_char in _fold_char(char):
            folded.append(folded_char)
            origin.append(place)
    spans = []
    for match in pattern.finditer("".join(folded)):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        # Combining marks fold to nothing: they stay with their letter.
        while end < len(text) and not _fold_char(text[end]):
            end += 1
        spans.append((start, end))
    return spans


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return index.fold(char)


def _marked(text: str, spans) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def mark(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with each searched word in it inside ``<mark>``."""
    return mark_safe(_marked(text, _spans(text, _pattern(words))))  # noqa: S308 - escaped


def excerpt(texts: list[str], words: list[str]) -> SafeString:
    """A short quote of the first of ``texts`` that holds a searched word, the
    word marked; else the start of the first that is not empty."""
    pattern = _pattern(words)
    for text in texts:
        spans = _spans(text, pattern)
        if spans:
            first = spans[0][0]
            start = max(0, first - EXCERPT_LENGTH // 3)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < first else start
            end = min(len(text), start + EXCERPT_LENGTH)
            inside = [(max(a, start) - start, min(b, end) - start) for a, b in spans
                      if a < end and b > start]  # fmt: skip
            prefix = "…" if start else ""
            suffix = "…" if end < len(text) else ""
            quote = _marked(text[start:end], inside)
            return mark_safe(prefix + quote + suffix)  # noqa: S308 - escaped
    first = next((text for text in texts if text), "")
    suffix = "…" if len(first) > EXCERPT_LENGTH else ""
    return mark_safe(mark(first[:EXCERPT_LENGTH], words) + suffix)  # noqa: S308 - escaped
