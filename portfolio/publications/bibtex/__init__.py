"""BibTeX in and out, in modules that depend on each other one way:
``latex`` (LaTeX and Unicode) <- ``parsing`` (text to entries, no database) <-
``match`` (against the database) <- ``importer`` (writing); ``export`` writes
BibTeX; ``outcomes`` holds the types they report with."""

from .export import to_bibtex
from .importer import import_bibtex, summarise
from .outcomes import Action, Match, MatchedBy, Outcome, TooSlow
from .parsing import MAX_FIELD_CHARS, NO_ENTRIES, count_entries, has_entries, parse

__all__ = [
    "MAX_FIELD_CHARS",
    "NO_ENTRIES",
    "Action",
    "Match",
    "MatchedBy",
    "Outcome",
    "TooSlow",
    "count_entries",
    "has_entries",
    "import_bibtex",
    "parse",
    "summarise",
    "to_bibtex",
]
