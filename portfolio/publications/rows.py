"""Publications read as plain rows, for the pages and exports that list many.

Model instances with their prefetched authors, links and topics cost a query set
per relation per publication: at 10,000 publications, hundreds of megabytes.
Here a list is read in a fixed number of queries (``values_list``) into tuples,
and :class:`PublicationRow` offers what the exports read of a ``Publication``.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from taggit.models import TaggedItem

from .identifiers import arxiv_id_of, doi_of
from .models import Authorship, PublicationLink

AUTHOR_FIELDS = (
    "publication_id", "author__given_name", "author__family_name", "author__slug",
    "author__is_owner", "equal_contribution", "corresponding",
)  # fmt: skip
LINK_FIELDS = ("publication_id", "kind", "url", "label")


def related_rows(publications, tags: bool = False) -> tuple[dict, dict, dict]:
    """The authors (in order), links (in order) and, if asked, topic names of the
    publications of the queryset, as tuples by publication id."""
    chosen = publications.order_by().values("pk")
    authors: dict[int, list] = {}
    for pk, *author in (
        Authorship.objects.filter(publication__in=chosen)
        .order_by("publication_id", "position")
        .values_list(*AUTHOR_FIELDS)
    ):
        authors.setdefault(pk, []).append(tuple(author))
    links: dict[int, list] = {}
    for pk, *link in (
        PublicationLink.objects.filter(publication__in=chosen)
        .order_by("publication_id", *PublicationLink._meta.ordering)
        .values_list(*LINK_FIELDS)
    ):
        links.setdefault(pk, []).append(tuple(link))
    topics: dict[int, list] = {}
    if tags:
        for pk, name in (
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(publications.model),
                object_id__in=chosen,
            )
            .order_by("object_id", "tag__name")
            .values_list("object_id", "tag__name")
        ):
            topics.setdefault(pk, []).append(name)
    return authors, links, topics


def url_maker(name: str):
    """``slug -> URL`` for a URL pattern with one slug, without a reverse() each."""
    marker = "slug-placeholder"
    prefix, suffix = reverse(name, args=[marker]).split(marker)
    return lambda slug: f"{prefix}{slug}{suffix}"


class AuthorRow:
    __slots__ = ("corresponding", "equal_contribution", "family_name", "given_name")

    def __init__(self, given_name, family_name, equal_contribution=False, corresponding=False):
        self.given_name, self.family_name = given_name, family_name
        self.equal_contribution, self.corresponding = equal_contribution, corresponding

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class LinkRow:
    __slots__ = ("kind", "url")

    def __init__(self, kind, url):
        self.kind, self.url = kind, url


ROW_FIELDS = (
    "pk", "slug", "title", "citation_key", "kind", "venue", "venue_short", "note", "year",
    "month", "abstract",
)  # fmt: skip


class PublicationRow:
    """What the BibTeX and JSON exports read of a ``Publication``."""

    __slots__ = (*ROW_FIELDS, "authors", "link_list", "tag_names", "url")

    def __init__(self, row, authors, links, tag_names, url_of):
        for name, value in zip(ROW_FIELDS, row, strict=True):
            setattr(self, name, value)
        self.authors = [
            AuthorRow(given, family, equal, corresponding)
            for given, family, _slug, _owner, equal, corresponding in authors
        ]
        self.link_list = [LinkRow(kind, link_url) for kind, link_url, _ in links]
        self.tag_names = tag_names
        self.url = url_of(self.slug)

    def get_absolute_url(self) -> str:
        return self.url

    def ordered_authors(self) -> list[AuthorRow]:
        return self.authors

    def _link(self, kind: str) -> str:
        return next((link.url for link in self.link_list if link.kind == kind), "")

    @property
    def pdf_url(self) -> str:
        return self._link(PublicationLink.Kind.PDF)

    @property
    def arxiv_id(self) -> str:
        return arxiv_id_of(self._link(PublicationLink.Kind.ARXIV))

    @property
    def doi(self) -> str:
        return doi_of(self._link(PublicationLink.Kind.DOI))


def publication_rows(publications, tags: bool = False) -> list[PublicationRow]:
    """The publications of the queryset, in its order, as :class:`PublicationRow`."""
    rows = list(publications.values_list(*ROW_FIELDS))
    authors, links, topics = related_rows(publications, tags=tags)
    url = url_maker("publications:detail")
    return [
        PublicationRow(
            row, authors.get(row[0], ()), links.get(row[0], ()), topics.get(row[0], []), url
        )
        for row in rows
    ]
