"""The rows of the site other than publications that a source yields (ORCID, a
peer theme's repository): the profile, its links, positions, awards, talks,
news, projects, courses and free pages. A publication is a
``portfolio.publications.records.Record``, the record the exports are written
from too."""

from dataclasses import dataclass, field


@dataclass
class EntryRecord:
    """A row of the site other than a publication (``model``: "profile", "link",
    "position", "award", "talk", "news", "project", "course", "page").

    ``values`` are its fields as the model takes them; ``key`` names it in the
    preview ("employment 4288", "_news/announcement_1.md") and ``label`` says
    what it is ("Employment"). ``topics`` and ``links`` ((kind, url) pairs) go to
    the row's tags and typed links; ``files`` are as a publication record's
    (``{"image": ContentFile}``; the profile's is "photo"); ``notes`` are what the
    source has to say about it, shown in the preview."""

    model: str
    key: str
    label: str
    source: str
    source_key: str
    values: dict
    topics: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    files: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
