"""Files of references in: BibTeX, RIS or CSL-JSON, told apart by what they hold,
each read by its source into records that go through the one pipeline (the same
preview, matcher and writer)."""

from dataclasses import dataclass

from .outcomes import Deadline, Outcome
from .pipeline import run
from .sources import bibtex, csl, ris


@dataclass(frozen=True)
class FileFormat:
    label: str
    parse: object  # (text, deadline) -> (records, errors)
    count: object  # text -> how many references it starts


FORMATS = {
    "bibtex": FileFormat("BibTeX", bibtex.parse, bibtex.count_entries),
    "ris": FileFormat("RIS", ris.parse, ris.count_references),
    "csl": FileFormat("CSL-JSON", csl.parse, lambda text: len(csl.read_items(text))),
}
NO_REFERENCES = (
    "No references found. BibTeX entries start like @article{key, ...; RIS references "
    "with a line TY  - JOUR; a CSL-JSON file is a list of items, [{...}, ...]."
)


class NoReferences(ValueError):
    pass


def format_of(text: str) -> str:
    """The format of ``text`` ("csl", "ris" or "bibtex"); NoReferences when it is
    none of them, and ValueError when it is JSON that cannot be read."""
    if text.lstrip("\ufeff \t\r\n").startswith(("[", "{")):
        items = csl.read_items(text)
        if any(isinstance(item, dict) and ("title" in item or "type" in item) for item in items):
            return "csl"
        raise NoReferences(f"{csl.NO_ITEMS}, each with a type and a title.")
    if ris.has_references(text):
        return "ris"
    if bibtex.has_entries(text):
        return "bibtex"
    raise NoReferences(NO_REFERENCES)


def count(text: str) -> tuple[str, int]:
    """The format of ``text`` and how many references it holds; NoReferences, or
    ValueError for CSL-JSON that is not JSON, with a message for the owner."""
    name = format_of(text)
    return name, FORMATS[name].count(text)


def import_references(
    text: str, *, update: bool = False, dry_run: bool = False, seconds: float | None = None
) -> list[Outcome]:
    """Import every reference of ``text`` (BibTeX, RIS or CSL-JSON): one outcome
    per reference, in the file's order (see ``pipeline.run``). With ``seconds``,
    raise TooSlow, having written nothing, when it takes longer."""
    deadline = Deadline(seconds)
    records, errors = FORMATS[format_of(text)].parse(text, deadline)
    return run(records, errors, update=update, dry_run=dry_run, deadline=deadline)


def place(text: str) -> str:
    """How a report names where a reference is: a line of BibTeX or RIS, an item of
    CSL-JSON."""
    return "item {o.line:>4} " if format_of(text) == "csl" else "line {o.line:>4} "
