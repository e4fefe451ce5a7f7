"""Publications, their authors (in order) and their typed links."""

import functools
import logging
import re
import unicodedata
from urllib.parse import quote

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, Prefetch, Q, Value, When
from django.urls import get_script_prefix, reverse

from portfolio.core.dates import YEAR_VALIDATORS, format_partial_date, month_field
from portfolio.core.fields import HttpURLField, MarkdownField
from portfolio.core.models import (
    NaturalKeyMixin,
    NaturalKeyQuerySet,
    PublishedQuerySet,
    TaggedModel,
    TypedLink,
    link_fields,
)
from portfolio.media.images import WithImage, image_fields
from portfolio.media.pdfs import PDF_HELP, SafePDFField
from portfolio.richtext.mathtext import slug_text

from .identifiers import ORCID_ID, arxiv_id_of, doi_of, is_orcid, orcid_in, pmcid_of, pmid_of

logger = logging.getLogger(__name__)

# A list of ten thousand publications names some fifty thousand addresses: one
# reverse() each would cost about a second.
SLUG_MARKER = "slug-marker"


@functools.lru_cache(maxsize=32)
def _around_slug(name: str, urlconf: str, prefix: str) -> tuple[str, str]:
    before, after = reverse(name, urlconf=urlconf, args=[SLUG_MARKER]).split(SLUG_MARKER)
    return before, after


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, args=[slug])`` for a URL pattern with one slug, resolved once
    per URL configuration and script prefix (a static build serves the site under
    another) and then filled in. (The site sets no URL configuration per request.)"""
    before, after = _around_slug(name, settings.ROOT_URLCONF, get_script_prefix())
    return f"{before}{quote(slug, safe='')}{after}"


class AuthorQuerySet(NaturalKeyQuerySet):
    def with_public_publications(self):
        """Authors of at least one public publication (only they have a public page),
        each with ``lastmod``: the latest change among those publications."""
        public = Publication.objects.published()
        return self.filter(publications__in=public).annotate(
            lastmod=models.Max("publications__updated_at")
        )

    def owner(self) -> "Author | None":
        """The site owner's author record (the person the portfolio is about), or None."""
        return self.filter(is_owner=True).order_by("pk").first()


def validate_orcid(value: str) -> None:
    if not re.fullmatch(ORCID_ID, value):
        raise ValidationError(
            "An ORCID iD is four groups of four digits, the last of which may be X, as in "
            "0000-0002-1825-0097 (or its address, https://orcid.org/0000-0002-1825-0097).",
            code="orcid_format",
        )
    if not is_orcid(value):
        raise ValidationError(
            f"{value} is not an ORCID iD: its last character does not match the others "
            "(check it for a typo).",
            code="orcid_checksum",
        )


@reversion.register()
class Author(NaturalKeyMixin, models.Model):
    """One row per person, so that a co-author's papers can be listed together."""

    given_name = models.CharField("given names", max_length=100, blank=True)
    family_name = models.CharField("family name", max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    is_owner = models.BooleanField(
        "site owner",
        default=False,
        help_text="The person this portfolio is about: highlighted in author lists.",
    )
    url = HttpURLField("home page", blank=True)
    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text="E.g. 0000-0002-1825-0097 (its orcid.org address will do).",
    )

    objects = AuthorQuerySet.as_manager()
    keeps_former_slugs = True

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_owner"],
                condition=Q(is_owner=True),
                name="only_one_owner_author",
                violation_error_message="Only one author can be the site owner.",
            ),
            models.UniqueConstraint(
                fields=["orcid"],
                condition=~Q(orcid=""),
                name="author_orcid_unique",
                violation_error_message="Another author has this ORCID iD.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("publications:author", self.slug)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def clean_fields(self, exclude=None):
        # An iD is often pasted as its address: it is kept as the iD alone.
        self.orcid = orcid_in(self.orcid) or (self.orcid or "").strip()
        super().clean_fields(exclude)

    def make_owner(self) -> "Author | None":
        """Make this (saved) author the site owner, in place of the owner there was,
        who is returned (None if there was none, or it was this author already)."""
        with transaction.atomic():
            former = Author.objects.select_for_update().filter(is_owner=True).exclude(pk=self.pk)
            former = former.first()
            if former is not None:
                former.is_owner = False
                former.save(update_fields=["is_owner"])
            self.is_owner = True
            self.save(update_fields=["is_owner"])
        return former


# Newest first; a publication without a month comes after the dated ones of its year.
NEWEST_FIRST = [models.F("year").desc(), models.F("month").desc(nulls_last=True), "title"]


# What a list item or an export reads of a publication and of its authors: long
# lists leave out the rest (the bookkeeping columns, the versions).
LIST_FIELDS = (
    "slug", "title", "citation_key", "kind", "venue", "venue_short", "note", "year", "month",
    "abstract", "image", "image_width", "image_height", "image_alt", "pdf",
)  # fmt: skip
# A list entry shows its citation count, with the source and the date.
CITATION_FIELDS = tuple(
    f"citation_snapshot__{name}" for name in ("source", "work_id", "count", "fetched_at")
)
AUTHOR_FIELDS = (
    "publication_id", "position", "equal_contribution", "corresponding",
    "author__given_name", "author__family_name", "author__slug", "author__is_owner",
)  # fmt: skip
# Publications read at a time by a long list: their authors and links are read
# with them, and the instances of one chunk are let go before the next is read.
CHUNK_SIZE = 500


def related_lists(authorships=None, tags: bool = False) -> list:
    """The prefetches of a publication's authorships (in order, each with its author)
    and links (in order), and of its topics if asked, read for many publications at
    once into a plain list on each, ``prefetched_<relation>``, which
    ``Publication._related()`` reads (a queryset made for each of thousands of
    instances would cost more than the reading)."""
    if authorships is None:
        authorships = Authorship.objects.all()
    return [
        Prefetch(
            "authorships",
            queryset=authorships.select_related("author"),
            to_attr="prefetched_authorships",
        ),
        Prefetch("links", queryset=PublicationLink.objects.all(), to_attr="prefetched_links"),
        *([Prefetch("tags", to_attr="prefetched_tags")] if tags else []),
    ]


class PublicationQuerySet(PublishedQuerySet):
    def with_related(self):
        """Everything a publication's page, or a short list (home, feeds, search,
        topics), shows, in a fixed number of queries."""
        return self.select_related("citation_snapshot").prefetch_related(*related_lists(), "tags")

    def for_list(self, tags: bool = False):
        """What a list item or an export shows, and only that (with the topics if
        asked), in a fixed number of queries per chunk of :meth:`chunks`."""
        authorships = Authorship.objects.only(*AUTHOR_FIELDS)
        return (
            self.only(*LIST_FIELDS, *CITATION_FIELDS)
            .select_related("citation_snapshot")
            .prefetch_related(*related_lists(authorships, tags))
        )

    def chunks(self):
        """The publications, read :data:`CHUNK_SIZE` at a time with what they prefetch:
        a long list or export never holds every instance at once."""
        return self.iterator(chunk_size=CHUNK_SIZE)

    def in_cv_order(self):
        """Grouped by kind in the order of ``Publication.Kind``, newest first within each."""
        rank = Case(
            *(When(kind=value, then=Value(i)) for i, value in enumerate(Publication.Kind.values)),
            default=Value(len(Publication.Kind.values)),
        )
        return self.alias(kind_rank=rank).order_by("kind_rank", *NEWEST_FIRST)


CITATION_KEY = RegexValidator(
    r"^[A-Za-z0-9_:.\-]+$", "Use letters, digits and - _ : . only (no spaces)."
)


def letters(n: int) -> str:
    """a, b, ..., z, aa, ab, ...: the suffix that tells apart keys made alike (a
    key holds letters, digits and - _ : . only, so nothing after z)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


KEY_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "by", "from"}


def ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).lower())


# The first path segments under /publications/ that belong to the list's filters
# (filters.py): a publication may not take one as its slug.
RESERVED_SLUGS = frozenset({"topic", "kind", "year", "by-year"})


def not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        names = ", ".join(sorted(RESERVED_SLUGS))
        raise ValidationError(
            f"“{slug}” is taken by the addresses of the publication filters; choose another slug "
            f"(reserved: {names}).",
            code="reserved",
        )


# A publication's history keeps its authors, links and topics with it.
@reversion.register(follow=("authorships", "links", "tagged_items"))
class Publication(WithImage, NaturalKeyMixin, TaggedModel):
    class Kind(models.TextChoices):
        # Declared in the order a CV groups them.
        CONFERENCE = "conference", "Conference proceedings"
        JOURNAL = "journal", "Journal articles"
        BOOK = "book", "Books"
        CHAPTER = "chapter", "Book chapters"
        WORKSHOP = "workshop", "Workshop papers"
        PREPRINT = "preprint", "Preprints"
        THESIS = "thesis", "Theses"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True, validators=[not_reserved])
    citation_key = models.CharField(
        "citation key",
        max_length=100,
        unique=True,
        blank=True,
        validators=[CITATION_KEY],
        help_text="The BibTeX key, e.g. hoffer2018norm. Left empty, one is made from the first "
        "author, year and title.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    venue = models.CharField(
        max_length=300,
        blank=True,
        help_text="Full name of the conference, journal or workshop; a book's publisher.",
    )
    venue_short = models.CharField(
        "venue short name", max_length=100, blank=True, help_text="E.g. NeurIPS 2018, ICLR 2018."
    )
    note = models.CharField(
        "presentation note", max_length=100, blank=True, help_text="E.g. Oral, Spotlight."
    )
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    month = month_field("month")
    abstract = MarkdownField()
    featured = models.BooleanField(default=False, help_text="Shown on the home page.")
    # A teaser figure, shown beside the entry in lists and as the paper's og:image.
    image, image_width, image_height, image_alt = image_fields("publications/")
    # The paper itself, served beside its page (publications/<slug>/<slug>.pdf).
    pdf = SafePDFField(
        "PDF", upload_to="publications/pdf/", max_length=200, blank=True, help_text=PDF_HELP
    )
    authors = models.ManyToManyField(Author, through="Authorship", related_name="publications")
    versions = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name="other versions",
        help_text="Other versions of the same work, e.g. a workshop paper and its conference "
        "version.",
    )

    objects = PublicationQuerySet.as_manager()
    reserved_slugs = RESERVED_SLUGS
    # A title keeps its math as LaTeX; its slug has the words ("sparse-l1-priors").
    slug_text = staticmethod(slug_text)
    keeps_former_slugs = True

    class Meta:
        ordering = NEWEST_FIRST

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("publications:detail", self.slug)

    def save(self, *args, **kwargs):
        if not self.citation_key:
            self.citation_key = self.make_citation_key()
        super().save(*args, **kwargs)

    def make_citation_key(self, first_author: "Author | None" = None) -> str:
        """first-author family name + year + first significant title word, made unique."""
        if first_author is None and self.pk:
            first = self.authorships.select_related("author").first()
            first_author = first.author if first else None
        words = [ascii_word(w) for w in self.title.split()]
        word = next((w for w in words if w and w not in KEY_STOPWORDS), "")
        family = ascii_word(first_author.family_name) if first_author else ""
        base = (f"{family}{self.year or ''}{word}" or "publication")[:90]
        taken = Publication.objects.exclude(pk=self.pk).filter(citation_key__startswith=base)
        existing = set(taken.values_list("citation_key", flat=True))
        key, n = base, 0
        while key in existing:
            n += 1
            key = base + letters(n)
        return key

    @property
    def date_display(self) -> str:
        return format_partial_date(self.year, self.month)

    @property
    def kind_label(self) -> str:
        """The kind of one publication: "Conference paper" rather than "Conference proceedings"."""
        return KIND_SINGULAR.get(self.kind, self.get_kind_display())

    @property
    def venue_display(self) -> str:
        return self.venue_short or self.venue

    def _related(self, name: str) -> list:
        """The rows of a relation as related_lists() read them, or, for a publication
        read otherwise, as the relation gives them now."""
        rows = self.__dict__.get(f"prefetched_{name}")
        return list(getattr(self, name).all()) if rows is None else rows

    @property
    def authorship_list(self) -> list["Authorship"]:
        """Authorships in order (each with its author and marks)."""
        return self._related("authorships")

    @property
    def link_list(self) -> list["PublicationLink"]:
        """Links in order."""
        return self._related("links")

    @property
    def topic_names(self) -> list[str]:
        """The names of its topics, in alphabetical order."""
        return sorted(tag.name for tag in self._related("tags"))

    def _link(self, kind: str) -> "PublicationLink | None":
        return next((link for link in self.link_list if link.kind == kind), None)

    @property
    def paper_pdf_path(self) -> str:
        """The site path of its uploaded PDF, in the folder of its page, or ""."""
        if not self.pdf:
            return ""
        return reverse("publications:pdf", kwargs={"slug": self.slug, "name": self.slug})

    @property
    def pdf_url(self) -> str:
        """The address of its PDF link (elsewhere), or "". Its uploaded PDF, if any,
        is at :attr:`paper_pdf_path`."""
        link = self._link(PublicationLink.Kind.PDF)
        return link.url if link else ""

    def pdf_address(self, absolute) -> str:
        """Where its PDF is, as a full address: its uploaded PDF (``absolute`` makes a
        site path a full address, e.g. ``request.build_absolute_uri``), else its
        PDF link's address, or ""."""
        return absolute(self.paper_pdf_path) if self.pdf else self.pdf_url

    @property
    def shown_links(self) -> list["PublicationLink"]:
        """Its links as its page and lists show them: with an uploaded PDF, that
        PDF stands for the paper and PDF links elsewhere are left out."""
        if not self.pdf:
            return self.link_list
        return [link for link in self.link_list if link.kind != PublicationLink.Kind.PDF]

    @property
    def arxiv_id(self) -> str:
        link = self._link(PublicationLink.Kind.ARXIV)
        return link.identifier if link else ""

    @property
    def doi(self) -> str:
        link = self._link(PublicationLink.Kind.DOI)
        return link.identifier if link else ""

    @property
    def pmid(self) -> str:
        link = self._link(PublicationLink.Kind.PUBMED)
        return link.identifier if link else ""

    @property
    def pmcid(self) -> str:
        link = self._link(PublicationLink.Kind.PMC)
        return link.identifier if link else ""

    @property
    def citations(self) -> "CitationSnapshot | None":
        """Its last citation count, if it has one (read with it by ``with_related()``
        and ``for_list()``)."""
        try:
            return self.citation_snapshot
        except CitationSnapshot.DoesNotExist:
            return None

    def ordered_authors(self) -> list[Author]:
        """Authors in order."""
        return [authorship.author for authorship in self.authorship_list]

    @property
    def author_names(self) -> str:
        return ", ".join(author.name for author in self.ordered_authors())


def known_kind(kind: str) -> str:
    """``kind`` if it is one of Publication.Kind, else Other, with a warning: a row
    written around the admin (SQL, an older backup) still has its place in lists,
    the CV and BibTeX."""
    if kind in Publication.Kind.values:
        return kind
    logger.warning(
        "A publication's kind %r is not one of %s: it is shown as %r. Choose its kind in "
        "the admin.",
        kind,
        ", ".join(Publication.Kind.values),
        Publication.Kind.OTHER.value,
    )
    return Publication.Kind.OTHER


KIND_SINGULAR = {
    Publication.Kind.CONFERENCE: "Conference paper",
    Publication.Kind.JOURNAL: "Journal article",
    Publication.Kind.BOOK: "Book",
    Publication.Kind.CHAPTER: "Book chapter",
    Publication.Kind.WORKSHOP: "Workshop paper",
    Publication.Kind.PREPRINT: "Preprint",
    Publication.Kind.THESIS: "Thesis",
}


@reversion.register()
class Authorship(models.Model):
    """An author's place in a publication's author list."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships"
    )
    # PROTECT: deleting a person must never silently drop them from a paper.
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(help_text="1 for the first author, and so on.")
    equal_contribution = models.BooleanField(
        "equal contribution",
        default=False,
        help_text="Marked * in the author list, with the authors who share the credit.",
    )
    corresponding = models.BooleanField(
        "corresponding author", default=False, help_text="Marked † in the author list."
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "author"],
                name="author_once_per_publication",
                violation_error_message="This author is already on this publication.",
            ),
            models.UniqueConstraint(
                fields=["publication", "position"],
                name="one_author_per_position",
                violation_error_message="Two authors cannot share a position.",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.author}"


@reversion.register()
class PublicationLink(TypedLink):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        ARXIV = "arxiv", "arXiv"
        DOI = "doi", "DOI"
        PROCEEDINGS = "proceedings", "Proceedings"
        OPENREVIEW = "openreview", "OpenReview"
        PUBMED = "pubmed", "PubMed"
        PMC = "pmc", "PMC"
        BIORXIV = "biorxiv", "bioRxiv"
        MEDRXIV = "medrxiv", "medRxiv"
        SSRN = "ssrn", "SSRN"
        OSF = "osf", "OSF"
        HAL = "hal", "HAL"
        CODE = "code", "Code"
        # An archived, citable copy: a Zenodo record of a release, a Software
        # Heritage id. Code is where the code is developed.
        SOFTWARE = "software", "Software"
        DATA = "data", "Data"
        SLIDES = "slides", "Slides"
        VIDEO = "video", "Video"
        POSTER = "poster", "Poster"
        PROJECT = "project", "Project page"
        OTHER = "other", "Other"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    url, label, order = link_fields()

    def clean(self):
        super().clean()
        if self.kind == self.Kind.ARXIV and self.url and not arxiv_id_of(self.url):
            raise ValidationError(
                {"url": "An arXiv link looks like https://arxiv.org/abs/1412.6622."}
            )
        if self.kind == self.Kind.DOI and self.url and not doi_of(self.url):
            raise ValidationError(
                {"url": "A DOI link looks like https://doi.org/10.1007/978-3-319-24261-3_7."}
            )
        if self.kind == self.Kind.PUBMED and self.url and not pmid_of(self.url):
            raise ValidationError(
                {"url": "A PubMed link looks like https://pubmed.ncbi.nlm.nih.gov/31452104/."}
            )
        if self.kind == self.Kind.PMC and self.url and not pmcid_of(self.url):
            raise ValidationError(
                {"url": "A PMC link looks like https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/."}
            )

    @property
    def caption(self) -> str:
        return str(self)

    @property
    def identifier(self) -> str:
        """The arXiv id, DOI, PubMed id or PMCID named by the link, or ''."""
        read = IDENTIFIERS.get(self.kind)
        return read(self.url) if read else ""


# How each kind of link that names an identifier names it.
IDENTIFIERS = {
    PublicationLink.Kind.ARXIV: arxiv_id_of,
    PublicationLink.Kind.DOI: doi_of,
    PublicationLink.Kind.PUBMED: pmid_of,
    PublicationLink.Kind.PMC: pmcid_of,
}


class CitationSnapshot(models.Model):
    """A publication's citations as a bibliographic index last counted them: written
    by ``manage.py refresh_citations``, read by pages, never fetched by one. A
    refresh that fails keeps the snapshot before it."""

    publication = models.OneToOneField(
        Publication, on_delete=models.CASCADE, related_name="citation_snapshot"
    )
    source = models.CharField(max_length=40, default="OpenAlex")
    work_id = models.CharField(
        "work id", max_length=40, help_text="The work's id in the source, e.g. W2741809807."
    )
    count = models.PositiveIntegerField("citations")
    # [[year, citations], ...], oldest first: the years the source counts apart
    # (OpenAlex, the last ten or so).
    by_year = models.JSONField("citations by year", default=list, blank=True)
    fetched_at = models.DateTimeField("counted on")

    class Meta:
        verbose_name = "citation count"

    def __str__(self):
        return f"{self.count} citations of “{self.publication}” ({self.source})"

    @property
    def source_url(self) -> str:
        """The work's page at the source, which lists the works citing it."""
        if self.source == "OpenAlex" and self.work_id:
            return f"https://openalex.org/{quote(self.work_id)}"
        return ""
