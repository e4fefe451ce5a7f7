"""What an import reports: per entry, an action and why; how a duplicate was
matched; and the deadline an import in a web request keeps."""

import time
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models
from django.urls import NoReverseMatch, reverse

from portfolio.publications.models import Publication


class Action(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    ERROR = "error"


class MatchedBy(StrEnum):
    """What made an entry the same publication as one already here."""

    CITATION_KEY = "citation key"
    DOI = "DOI"
    PMID = "PubMed id"
    ARXIV_ID = "arXiv id"
    TITLE = "title"
    SOURCE = "source"  # written by an earlier import from the same source


@dataclass(frozen=True)
class Match:
    """The publication an entry is, if any, and its other versions.

    ``is_preprint``: the entry is the preprint of ``publication`` (Google Scholar
    lists both): it is skipped even when duplicates are updated, since updating
    would turn the published paper back into a preprint."""

    publication: Publication | None = None
    by: MatchedBy | None = None
    is_preprint: bool = False
    versions: tuple[Publication, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        return f"{self.by}; this is its preprint" if self.is_preprint else str(self.by)


@dataclass
class Outcome:
    key: str
    line: int
    action: Action
    title: str = ""
    message: str = ""
    publication: Publication | None = None
    kind: str = ""
    year: int | None = None
    venue: str = ""
    # (name, whether the import creates the person) for each author, in order
    authors: list[tuple[str, bool]] = field(default_factory=list)
    # The row other than a publication (a position, an award, a profile link) that
    # the outcome is about, once it is here.
    entry: models.Model | None = None

    PREVIEW = {
        Action.CREATED: "will be created",
        Action.UPDATED: "will update the existing entry",
        Action.SKIPPED: "skipped",
        Action.ERROR: "error",
    }

    @property
    def already_here(self) -> models.Model | None:
        """The existing row a skipped entry is (its page can be opened)."""
        if self.action != Action.SKIPPED:
            return None
        return self.publication or self.entry

    @property
    def already_here_url(self) -> str:
        """The admin page of ``already_here``, or ""."""
        row = self.already_here
        if row is None or row.pk is None:
            return ""
        meta = row._meta
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
        except NoReverseMatch:
            return ""

    @property
    def is_error(self) -> bool:
        return self.action == Action.ERROR

    @property
    def preview(self) -> str:
        """What the import preview says will happen to the entry."""
        return self.PREVIEW[self.action]


class TooSlow(Exception):
    """The import passed its deadline; nothing was written."""

    def __init__(self, done: int, total: int, seconds: float):
        self.done, self.total, self.seconds = done, total, seconds
        super().__init__(
            f"The import was stopped after {seconds:g} seconds, at entry {done} of {total}, "
            "and nothing was imported. Import fewer entries at a time, or use the "
            "import_bibtex command, which has no time limit."
        )


class Deadline:
    """Checked between entries: an import in a web request must end before the
    server gives up on the request."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.at = time.monotonic() + seconds if seconds else None

    def check(self, done: int, total: int) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise TooSlow(done, total, self.seconds)
