import hashlib
import json
from itertools import groupby
from typing import NamedTuple

from csp.decorators import csp_exempt
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.generic import DetailView, TemplateView

from portfolio.core import registry
from portfolio.core.models import FollowsFormerSlugs, FormerSlug
from portfolio.core.topics import topics_of
from portfolio.core.views import read_only
from portfolio.media import media
from portfolio.media.streaming import file_chunks, in_chunks
from portfolio.richtext.markdown import markdown_text
from portfolio.richtext.mathtext import math_text

from . import styles
from .bibtex.export import bibtex_of
from .csl import csl_of
from .entries import entries, joined
from .exports import FORMATS
from .filters import PublicationFilter, filter_url, is_own_path, list_url
from .models import Author, Publication, PublicationLink, known_kind
from .records import record_of
from .ris import ris_of

# The Highwire Press tag that names the venue, by kind (a book's venue is its publisher).
VENUE_META = {
    Publication.Kind.CONFERENCE: "citation_conference_title",
    Publication.Kind.WORKSHOP: "citation_conference_title",
    Publication.Kind.JOURNAL: "citation_journal_title",
    Publication.Kind.BOOK: "citation_publisher",
    Publication.Kind.CHAPTER: "citation_inbook_title",
}


def scholarly_article(publication: Publication, url: str) -> dict:
    """schema.org ScholarlyArticle data for the publication page: text only, math
    written as Unicode."""
    title = math_text(publication.title)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": title[:110],
        "name": title,
        "url": url,
        "author": [
            {"@type": "Person", "name": author.name} for author in publication.ordered_authors()
        ],
        "datePublished": f"{publication.year}-{publication.month:02d}"
        if publication.month
        else str(publication.year),
        "sameAs": [link.url for link in publication.link_list if link.kind in SAME_AS],
        "keywords": [tag.name for tag in publication.tags.all()],
    }
    if publication.abstract:
        data["abstract"] = markdown_text(publication.abstract)
    if publication.venue_display:
        data["publication"] = {"@type": "PublicationEvent", "name": publication.venue_display}
    return {key: value for key, value in data.items() if value}


# Links to the same work elsewhere, for schema.org's sameAs.
Link = PublicationLink.Kind
SAME_AS = {
    Link.ARXIV, Link.DOI, Link.PROCEEDINGS, Link.OPENREVIEW, Link.PUBMED, Link.PMC,
    Link.BIORXIV, Link.MEDRXIV, Link.SSRN, Link.HAL,
}  # fmt: skip


def filtered_publications(data):
    publications = Publication.objects.published()
    filters = PublicationFilter(data)
    return filters, filters.apply(publications).distinct()


def filter_data(request, filter_name=None, value=None, by_year=False):
    """The filters a request asks for: from its path (one filter, or the grouping)
    or, on /publications/ itself, from its query string."""
    if filter_name:
        return {filter_name: value}
    if by_year:
        return {"group": "year"}
    return request.GET


def path_redirect(request, filters, publications, target: str):
    """A query string that names one filter (``/publications/?topic=x``) moves to
    that filter's own path, if the filter shows something (that path is a 404
    otherwise); combinations are answered where they are."""
    if request.GET and target and (not filters.active or publications.exists()):
        return HttpResponsePermanentRedirect(target)
    return None


# The topics a reader sees before "more": the most used, enough for a few lines
# of chips on a phone; the others stay one click away, each still a link.
SHOWN_TOPICS = 8


class FilterRow(NamedTuple):
    """One row of the list's filters: its label, its links (text, url, current)
    and the links folded behind "more" (the less used topics)."""

    label: str
    links: list
    folded: tuple = ()

    @property
    def folded_current(self) -> bool:
        return any(current for _, _, current in self.folded)


def filter_links(filters, kinds, years, topics) -> list[FilterRow]:
    """The rows of the list's filter links. Each link narrows by one filter: a
    static copy of the site has every one. ``topics`` are (slug, name, count):
    the most used are shown, the rest folded, by name."""
    chosen = filters.narrowing
    everything = list_url(by_year=filters.group_by_year and not chosen)
    rows = []
    if not chosen:
        rows.append(
            FilterRow("Group", [
                ("by kind", list_url(), not filters.group_by_year),
                ("by year", list_url(by_year=True), filters.group_by_year),
            ])
        )  # fmt: skip
    most_used = sorted(topics, key=lambda topic: -topic[2])  # stable: by name within a count
    shown = {slug for slug, _, _ in most_used[:SHOWN_TOPICS]}
    rows_of = (
        ("kind", kinds, []),
        ("year", years, []),
        (
            "topic",
            [(slug, name) for slug, name, _ in most_used if slug in shown],
            [(slug, name) for slug, name, _ in topics if slug not in shown],
        ),
    )
    for name, values, folded in rows_of:
        links = [("all", everything, name not in chosen)]
        links += [
            (text, filter_url(name, value), chosen.get(name) == value) for value, text in values
        ]
        folded = tuple(
            (text, filter_url(name, value), chosen.get(name) == value) for value, text in folded
        )
        rows.append(FilterRow(name.title(), links, folded))
    return rows


ITEM = "includes/publication_item.html"


def list_entries(publications, context: dict) -> list:
    """The publications as list items, shortened as the owner asks. The entries
    are rendered apart from the page, so they are given the profile (its limit,
    whether citations show); so is the page, which spares it a query of its own."""
    profile = registry.owner()
    context["site_profile"] = profile
    limit = profile.author_list_limit if profile else None
    return entries(publications, ITEM, author_list_limit=limit, site_profile=profile)


class PublicationListView(TemplateView):
    """All publications, or those of one filter given by the path
    (``filter_name`` and the ``value`` in the URL), or of the query string's filters."""

    template_name = "publications/publication_list.html"
    filter_name = None
    by_year = False

    def get(self, request, *args, **kwargs):
        data = filter_data(request, self.filter_name, kwargs.get("value"), self.by_year)
        self.filtered = filtered_publications(data)
        filters, publications = self.filtered
        if self.filter_name and not is_own_path(filters, self.filter_name, kwargs["value"]):
            raise Http404("No such filter.")
        if not (self.filter_name or self.by_year):
            redirect = path_redirect(request, filters, publications, filters.path_url)
            if redirect:
                return redirect
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters, publications = self.filtered
        if filters.group_by_year:
            items = list_entries(publications.order_by(*Publication._meta.ordering), context)
            groups = [
                (str(year), joined(group)) for year, group in groupby(items, lambda p: p.year)
            ]
        else:
            labels = dict(Publication.Kind.choices)
            items = list_entries(publications.in_cv_order(), context)
            groups = [
                (labels[kind], joined(group))
                for kind, group in groupby(items, lambda p: known_kind(p.kind))
            ]
        published = Publication.objects.published()
        if self.filter_name and (filters.errors or not items):
            # A filter's own address exists only while it shows something.
            raise Http404("No publications match this filter.")
        kinds_present = set(published.order_by().values_list("kind", flat=True).distinct())
        kinds = [(v, label.lower()) for v, label in Publication.Kind.choices if v in kinds_present]
        years = published.order_by("-year").values_list("year", flat=True).distinct()
        topics = [(topic.slug, topic.name, topic.count) for topic in topics_of(published)]
        context.update(
            filters=filters,
            groups=groups,
            count=len(items),
            filter_links=filter_links(filters, kinds, [(y, y) for y in years], topics),
            exports=[
                (export.label, filters.export_url(fmt), reverse(f"publications:list_{fmt}"))
                for fmt, export in FORMATS.items()
            ],
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # Filters that match nothing, or were not understood, are not kept in the
        # page cache: made-up values would each take an entry.
        filters = context["filters"]
        response.page_cache = not filters.errors and (context["count"] > 0 or not filters.active)
        return response


@read_only
def publication_list_export(request, fmt="bibtex", filter_name=None, value=None):
    """A list in one of the export formats (BibTeX, RIS, CSL-JSON): all
    publications, one filter's (by path) or the query string's filters."""
    export = FORMATS[fmt]
    filters, publications = filtered_publications(filter_data(request, filter_name, value))
    if filter_name is None:
        redirect = path_redirect(request, filters, publications, filters.export_url(fmt))
        if redirect:
            return redirect
    elif not is_own_path(filters, filter_name, value) or not publications.exists():
        raise Http404("No publications match this filter.")
    listed = publications.in_cv_order().for_list(tags=export.topics).chunks()
    texts = export.many(listed, request.build_absolute_uri)
    response = StreamingHttpResponse(in_chunks(texts), content_type=media_type(export))
    response["Content-Disposition"] = f'inline; filename="publications.{export.extension}"'
    response.page_cache = not filters.errors and (not filters.active or publications.exists())
    return response


def media_type(export) -> str:
    return f"{export.media_type}; charset=utf-8"


class PublicationDetailView(FollowsFormerSlugs, DetailView):
    template_name = "publications/publication_detail.html"
    context_object_name = "publication"

    def get_queryset(self):
        return Publication.objects.published().with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = self.object
        context["versions"] = publication.versions.published().order_by(
            *Publication._meta.ordering
        )
        absolute = self.request.build_absolute_uri
        record = record_of(publication, absolute=absolute)
        context["bibtex"] = bibtex_of(record)
        context["ris"] = ris_of(record)
        context["csl"] = json.dumps([csl_of(record)], ensure_ascii=False, indent=2)
        profile = registry.owner()
        first = getattr(profile, "citation_style", styles.DEFAULT)
        names = sorted(styles.STYLES, key=lambda name: name != first)
        context["references"] = [
            (styles.STYLES[name].label, styles.formatted(record, name)) for name in names
        ]
        context["canonical_url"] = absolute(publication.get_absolute_url())
        context["citation_pdf_url"] = publication.pdf_address(absolute)
        context["venue_meta"] = VENUE_META.get(publication.kind, "")
        context["article_jsonld"] = scholarly_article(publication, context["canonical_url"])
        return context


@read_only
def publication_export(request, slug, fmt="bibtex"):
    """One publication in one of the export formats; a former slug redirects."""
    export = FORMATS[fmt]
    published = Publication.objects.published().with_related()
    publication = published.filter(slug=slug).first()
    if publication is None:
        moved = FormerSlug.current(published, slug)
        if moved is None:
            raise Http404("No such publication.")
        return HttpResponsePermanentRedirect(reverse(f"publications:{fmt}", args=[moved.slug]))
    text = export.one(publication, request.build_absolute_uri)
    response = HttpResponse(text, content_type=media_type(export))
    response["Content-Disposition"] = f'inline; filename="{publication.slug}.{export.extension}"'
    return response


# The site's policy is written for its HTML pages; the PDF viewers of browsers
# render inside the PDF's own document, and some break under it.
@csp_exempt()
@read_only
def publication_pdf(request, slug, name):
    """The paper's own PDF, in the folder of its page (``<slug>/<slug>.pdf``), as
    Google Scholar wants it; read from the media folder as it is sent."""
    if name != slug:
        raise Http404("No such PDF.")
    published = Publication.objects.published()
    publication = published.filter(slug=slug).first()
    if publication is None:
        moved = FormerSlug.current(published, slug)
        if moved is None or not moved.pdf:
            raise Http404("No such publication.")
        return HttpResponsePermanentRedirect(moved.paper_pdf_path)
    stored = publication.pdf
    try:
        if not media.is_available(stored):
            raise Http404("This publication has no PDF here.")
        size = stored.size
    except OSError:
        raise Http404("This publication has no PDF here.") from None
    # A stored file's name is never given to another (media.MediaStorage): it tells
    # this file apart from the one before it and from one a revert brings back.
    tag = hashlib.blake2b(f"{stored.name}\n{size}".encode(), digest_size=12).hexdigest()
    etag = f'"{tag}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    response = StreamingHttpResponse(
        file_chunks(stored.storage, stored.name), content_type="application/pdf"
    )
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = f'inline; filename="{publication.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    # Not kept in the page cache: the file is read from disk as it is sent, where a
    # cached copy would be read whole into memory at each visit.
    response.page_cache = False
    return response


class AuthorDetailView(FollowsFormerSlugs, DetailView):
    template_name = "publications/author_detail.html"
    context_object_name = "author"

    def get_queryset(self):
        # Only authors of public publications have a page (and an old address).
        return Author.objects.with_public_publications()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publications = list_entries(
            Publication.objects.published().filter(authors=self.object), context
        )
        if not publications:
            # An author of hidden publications only is not revealed.
            raise Http404("No such author.")
        context.update(count=len(publications), publications_html=joined(publications))
        return context
