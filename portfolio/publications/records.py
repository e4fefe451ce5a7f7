"""The normalised record of a publication: what every import source yields (BibTeX,
RIS, CSL-JSON, doi.org, arXiv, PubMed, ORCID) and what every export is written
from (BibTeX, RIS, CSL-JSON, JSON Resume). ``record_of`` makes it from a
publication of the site, once per export."""

from dataclasses import dataclass, field

from .identifiers import arxiv_id_of, doi_of, pmcid_of, pmid_of
from .models import Publication, PublicationLink, known_kind

LinkKind = PublicationLink.Kind


@dataclass
class Record:
    """One publication, decoded into the fields of a Publication.

    ``key`` names the record (a citation key, a DOI, an arXiv id); ``line`` is
    its place in the source (a line of a file, or a number). ``source`` and
    ``source_key`` say where it came from, for a source that is read again
    (ORCID): the row it makes remembers them. ``version_of`` is the key of
    another record of the same import that this one is a version of (a preprint
    of a published paper). ``url`` is its page on this site, for an export."""

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
    # (given name, family name) of each author, in order.
    authors: list[tuple[str, str]] = field(default_factory=list)
    # (equal contribution, corresponding author) of each author, in order.
    author_marks: list[tuple[bool, bool]] = field(default_factory=list)
    truncated_authors: bool = False
    # (kind, url) of each link, in order.
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
    url: str = ""
    # Shown on the home page (a theme's "selected" paper).
    featured: bool = False
    # Files that come with the record, by the field they fill ("pdf", "image"): each
    # a ``django.core.files.base.ContentFile`` named as in the source, checked as an
    # upload is before it is stored. ``image_alt`` describes the image.
    files: dict = field(default_factory=dict)
    image_alt: str = ""

    def _identifier(self, kind: str, read) -> str:
        return next((read(url) for k, url in self.links if k == kind and read(url)), "")

    @property
    def doi(self) -> str:
        return self._identifier(LinkKind.DOI, doi_of)

    @property
    def arxiv_id(self) -> str:
        return self._identifier(LinkKind.ARXIV, arxiv_id_of)

    @property
    def pmid(self) -> str:
        return self._identifier(LinkKind.PUBMED, pmid_of)

    @property
    def pmcid(self) -> str:
        return self._identifier(LinkKind.PMC, pmcid_of)

    @property
    def pdf_url(self) -> str:
        return next((url for kind, url in self.links if kind == LinkKind.PDF), "")

    @property
    def equal_contribution(self) -> list[str]:
        """The names of the authors marked as equal contributors."""
        return [self.name(i) for i, (equal, _) in enumerate(self.author_marks) if equal]

    @property
    def corresponding(self) -> list[str]:
        """The names of the authors marked as corresponding authors."""
        return [self.name(i) for i, (_, mark) in enumerate(self.author_marks) if mark]

    def name(self, i: int) -> str:
        """The ``i``-th author's name as the site writes it ("Given Family")."""
        return " ".join(part for part in self.authors[i] if part)


def record_of(publication: Publication, topics: bool = True, absolute=None) -> Record:
    """The record of a publication of the site, read with ``with_related()`` or
    ``for_list()`` so that its authors and links come with it (and its topics,
    ``for_list(tags=True)``, unless ``topics`` is False: BibTeX has no use for them).
    With ``absolute`` (``request.build_absolute_uri``), its uploaded PDF is its PDF
    link, by its full address, in place of any other."""
    authorships = publication.authorship_list
    links = [(link.kind, link.url) for link in publication.link_list]
    if absolute and publication.pdf:
        pdf = LinkKind.PDF
        links = [(pdf, publication.pdf_address(absolute)), *(k for k in links if k[0] != pdf)]
    return Record(
        key=publication.citation_key,
        line=0,
        title=publication.title,
        kind=known_kind(publication.kind),
        year=publication.year,
        month=publication.month,
        venue=publication.venue,
        venue_short=publication.venue_short,
        note=publication.note,
        abstract=publication.abstract,
        authors=[(a.author.given_name, a.author.family_name) for a in authorships],
        author_marks=[(a.equal_contribution, a.corresponding) for a in authorships],
        links=links,
        topics=publication.topic_names if topics else [],
        url=publication.get_absolute_url(),
    )
