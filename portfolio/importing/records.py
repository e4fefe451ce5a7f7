"""The normalised records sources yield: one publication as the writer makes it,
whatever it was read from (BibTeX, CSL-JSON, arXiv, PubMed, ORCID); and, from a
source that knows the person (ORCID), the profile and the other entries of the
CV."""

from dataclasses import dataclass, field

from portfolio.publications.identifiers import arxiv_id_of, doi_of, pmid_of
from portfolio.publications.models import PublicationLink

LinkKind = PublicationLink.Kind


@dataclass
class Record:
    """One publication, decoded into the fields of a Publication.

    ``key`` names the record to the researcher (a BibTeX key, a DOI, an arXiv
    id); ``line`` is its place in the source (a line of a file, or a number).
    ``source`` and ``source_key`` say where it came from, for a source that is
    read again (ORCID): the row it makes remembers them. ``version_of`` is the
    key of another record of the same import that this one is a version of (a
    preprint of a published paper)."""

    key: str
    line: int
    title: str
    kind: str
    year: int
    month: int | None
    venue: str = ""
    venue_short: str = ""
    note: str = ""
    abstract: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    # (equal contribution, corresponding author) of each author, in order.
    author_marks: list[tuple[bool, bool]] = field(default_factory=list)
    truncated_authors: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # The ORCID iD of each author, in order, where the source gives one.
    author_orcids: list[str] = field(default_factory=list)
    source: str = ""
    source_key: str = ""
    version_of: str = ""
    # The DOI of the published version, where the source knows one (arXiv does).
    published_doi: str = ""
    # What the source has to say about the record, shown in the preview.
    notes: list[str] = field(default_factory=list)

    @property
    def doi(self) -> str:
        return next((doi_of(url) for kind, url in self.links if kind == LinkKind.DOI), "")

    @property
    def arxiv_id(self) -> str:
        return next((arxiv_id_of(url) for kind, url in self.links if kind == LinkKind.ARXIV), "")

    @property
    def pmid(self) -> str:
        return next((pmid_of(url) for kind, url in self.links if kind == LinkKind.PUBMED), "")


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
