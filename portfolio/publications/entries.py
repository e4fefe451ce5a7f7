"""Long lists of publications, rendered entry by entry and reused.

A list page (all publications, an author's, the CV) reads its publications,
their authors and their links as plain rows (``values_list``: three queries,
whatever the length), and makes of each publication an :func:`entry` holding
exactly what its list item shows. Each entry's HTML is kept, in this process,
under the hash of those rows, the template and the code's fingerprint: an entry whose rows
did not change is not rendered again, and one that did change (however it was
changed) is another key, and is rendered anew. After one edit, a list of a
thousand publications renders one entry.
"""

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from portfolio.core.dates import format_partial_date
from portfolio.pagecache.lru import SizedLRU
from portfolio.pagecache.version import code_fingerprint

from .identifiers import arxiv_id_of, doi_of
from .models import Publication, PublicationLink
from .rows import related_rows, url_maker

PUBLICATION_FIELDS = (
    "pk", "slug", "title", "kind", "venue", "venue_short", "note", "year", "month", "abstract",
    "image", "image_width", "image_height", "image_alt",
)  # fmt: skip
LINK_LABELS = dict(PublicationLink.Kind.choices)


def entry(row, authors, links, publication_url, author_url) -> dict:
    """One publication as its list item reads it, with the names a ``Publication``
    has (``get_absolute_url``, ``ordered_authors``, ``link_list``...). A dict,
    because templates look keys up faster than attributes."""
    pk, slug, title, kind, venue, venue_short, note, year, month, abstract, *image = row
    return {
        "pk": pk,
        "slug": slug,
        "title": title,
        "kind": kind,
        "venue": venue,
        "venue_short": venue_short,
        "venue_display": venue_short or venue,
        "note": note,
        "year": year,
        "month": month,
        "date_display": format_partial_date(year, month),
        "abstract": abstract,
        "get_absolute_url": publication_url(slug),
        "ordered_authors": [
            {
                "name": f"{given} {family}".strip(),
                "is_owner": is_owner,
                "get_absolute_url": author_url(author_slug),
                "equal_contribution": equal_contribution,
                "corresponding": corresponding,
            }
            for given, family, author_slug, is_owner, equal_contribution, corresponding in authors
        ],
        "link_list": [
            {"kind": link_kind, "url": url, "caption": label or LINK_LABELS.get(link_kind, "")}
            for link_kind, url, label in links
        ],
        "arxiv_id": next((arxiv_id_of(url) for k, url, _ in links if k == "arxiv"), ""),
        "doi": next((doi_of(url) for k, url, _ in links if k == "doi"), ""),
        **teaser(*image),
    }


def teaser(name, width, height, alt) -> dict:
    """The names the list item reads of the publication's image, if it has one."""
    if not name:
        return {"image_available": False}
    # An unsaved row, for the address and responsive sizes of the file it names.
    pictured = Publication(image=name, image_width=width, image_height=height, image_alt=alt)
    return {
        "image_available": pictured.image_available,
        "image": pictured.image,
        "image_srcset": pictured.image_srcset,
        "image_width": width,
        "image_height": height,
        "image_alt": alt,
    }


# Rendered entries by the hash of their rows, the least recently used dropped
# beyond about 20 MB of HTML: every entry of a 10,000-publication site, in two
# templates.
fragments = SizedLRU(20_000_000)


class Rendered:
    """A list item: what lists group by, and its HTML."""

    __slots__ = ("html", "kind", "pk", "year")

    def __init__(self, pk, kind, year, html):
        self.pk, self.kind, self.year, self.html = pk, kind, year, html


def joined(items) -> str:
    """The HTML of several items, one after another."""
    return mark_safe("".join(item.html for item in items))  # noqa: S308 (each item is safe)


def entries(publications, template_name: str, **context) -> list[Rendered]:
    """The publications of the queryset, in its order, each with ``html``: its item
    rendered with ``template_name`` (which reads it as ``publication``)."""
    rows = publications.values_list(*PUBLICATION_FIELDS)
    authors, links, _ = related_rows(publications)

    # Links depend on where the site is served (a static build's base URL).
    where = (get_script_prefix(), settings.MEDIA_URL, settings.STATIC_URL)
    salt = (code_fingerprint(), where, template_name, tuple(sorted(context.items())))
    template = publication_url = author_url = None
    result = []
    for row in rows:
        pk = row[0]
        row_authors, row_links = tuple(authors.get(pk, ())), tuple(links.get(pk, ()))
        # The key is the hash of the rows themselves: any change to them is another
        # key. (Python's 64-bit hashes of strings are keyed per process, so two
        # different entries share a key with a chance of about one in 2^64.)
        key = hash((salt, row, row_authors, row_links))
        html = fragments.get(key)
        if html is None:
            if template is None:
                template = get_template(template_name)
                publication_url = url_maker("publications:detail")
                author_url = url_maker("publications:author")
            publication = entry(row, row_authors, row_links, publication_url, author_url)
            html = mark_safe(template.render({"publication": publication, **context}))  # noqa: S308
            fragments.put(key, html)
        result.append(Rendered(pk, row[3], row[7], html))
    return result
