"""The rows of the CV other than publications that a source yields (ORCID): the
profile, its links, positions and awards. A publication is a
``portfolio.publications.records.Record``, the record the exports are written
from too."""

from dataclasses import dataclass


@dataclass
class EntryRecord:
    """A row of the CV other than a publication: the profile, one of its links, a
    position or an award (``model``: "profile", "link", "position", "award").

    ``values`` are its fields as the model takes them; ``key`` names it in the
    preview ("employment 4288") and ``label`` says what it is ("Employment")."""

    model: str
    key: str
    label: str
    source: str
    source_key: str
    values: dict
