"""Pages that span the content apps: home, CV, topics, robots.txt."""

from datetime import UTC, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, StreamingHttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.timezone import is_aware, localtime
from django.views.generic import TemplateView
from taggit.models import Tag

from portfolio.core import registry
from portfolio.core.views import read_only
from portfolio.media.streaming import in_chunks
from portfolio.news.models import NewsItem
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Language, Profile, Skill
from portfolio.publications.citations import owner_metrics
from portfolio.publications.entries import entries
from portfolio.publications.models import Publication, known_kind
from portfolio.talks.models import Talk
from portfolio.teaching.models import Course

from . import cvpdf
from .sitemaps import all_sitemaps
from .topics import topic_index

RECENT_TALKS = 3
RECENT_NEWS = 5
RECENT_PUBLICATIONS = 5


def person_data(request, profile: Profile) -> dict:
    """schema.org ProfilePage data about the person, with public details only."""
    contact = profile.public_contact
    person = {
        "@type": "Person",
        "name": profile.name,
        "description": profile.headline,
        "email": contact.get("email", ""),
        "url": request.build_absolute_uri(reverse("website:home")),
        "sameAs": [contact.get("website", "")] + [link.url for link in profile.public_links],
        "knowsAbout": profile.interest_list,
    }
    if profile.photo_available:
        person["image"] = request.build_absolute_uri(profile.photo.url)
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "mainEntity": {
            key: [v for v in value if v] if isinstance(value, list) else value
            for key, value in person.items()
            if value and value != [""]
        },
    }


def citation_metrics(profile: Profile | None):
    """The owner's citation figures, if the owner shows them and there are some."""
    return owner_metrics() if profile and profile.show_citations else None


class HomeView(TemplateView):
    template_name = "website/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publications = Publication.objects.published().with_related()
        featured = list(publications.filter(featured=True))
        profile = Profile.get_solo()
        context.update(
            site_profile=profile,  # already fetched: spares the context processor's query
            person_jsonld=person_data(self.request, profile) if profile else None,
            featured=featured or list(publications[:RECENT_PUBLICATIONS]),
            featured_is_selection=bool(featured),
            talks=Talk.objects.published()[:RECENT_TALKS],
            news=NewsItem.objects.published().pinned_first()[:RECENT_NEWS],
            current_positions=Position.objects.published().filter(is_current=True),
            citation_metrics=citation_metrics(profile),
        )
        if profile is None and (settings.DEBUG or settings.ADMIN_URL == "admin/"):
            # A site without a profile tells its owner where to start (not in a static
            # copy: see the template); a custom admin address is a secret, not shown.
            context["admin_url"] = reverse("admin:index")
        return context


class CVView(TemplateView):
    template_name = "website/cv.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        positions = Position.objects.published()
        labels = dict(Publication.Kind.choices)
        publication_groups = {}
        cv_order = Publication.objects.published().in_cv_order()
        profile = Profile.get_solo()
        for publication in entries(cv_order, "includes/cv_publication.html", site_profile=profile):
            label = labels[known_kind(publication.kind)]
            publication_groups.setdefault(label, []).append(publication)
        skills = {}
        for skill in Skill.objects.published().select_related("category"):
            skills.setdefault(skill.category.name, []).append(skill.name)
        context.update(
            experience=positions.exclude(kind=Position.Kind.EDUCATION),
            education=positions.filter(kind=Position.Kind.EDUCATION),
            publication_groups=publication_groups,
            talks=Talk.objects.published(),
            courses=Course.objects.published(),
            awards=Award.objects.published(),
            skills=skills,
            languages=Language.objects.published(),
            site_profile=profile,
            citation_metrics=citation_metrics(profile),
            # A server that cannot make it (docs/cv-pdf.md) links no PDF.
            cv_pdf=not cvpdf.unavailable(),
        )
        return context


class TopicListView(TemplateView):
    template_name = "website/topic_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = topic_index()
        return context


class TopicDetailView(TemplateView):
    template_name = "website/topic_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag = Tag.objects.filter(slug=kwargs["slug"]).first()
        if tag is None:
            raise Http404("No such topic.")
        sections = [
            (content_type, list(content_type.published().filter(tags__slug=tag.slug)))
            for content_type in registry.tagged_types()
        ]
        sections = [(content_type, entries) for content_type, entries in sections if entries]
        if not sections:
            raise Http404("No public entry has this topic.")
        context.update(topic=tag, sections=sections)
        return context


@read_only
def cv_pdf(request):
    """The PDF of the CV: the last good copy, never a render for a visitor (a
    change to the CV renders a new copy in a process of its own). A static build,
    which asks once, gets a copy rendered then."""
    reason = cvpdf.unavailable()
    if reason:
        return HttpResponse(reason, status=503, content_type="text/plain; charset=utf-8")
    if settings.STATIC_BUILD:
        return pdf_response(cvpdf.render(), timezone.now())
    path, _, stale = cvpdf.paths()
    if (stale.exists() or not path.exists()) and not cvpdf.building():
        cvpdf.start_build()
    try:
        data, made = path.read_bytes(), path.stat().st_mtime
    except FileNotFoundError:
        response = HttpResponse(
            "The PDF of the CV is being made; try again in a minute.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    return pdf_response(data, datetime.fromtimestamp(made, tz=UTC))


def pdf_response(data: bytes, made: datetime) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="cv.pdf"'
    response["Last-Modified"] = http_date(made.timestamp())
    response["X-Content-Type-Options"] = "nosniff"
    # The copy changes after the change that makes it commits: never a cached one.
    response.page_cache = False
    return response


@read_only
def favicon(request):
    """Browsers ask for /favicon.ico on every site, the admin's pages included."""
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


@read_only
def robots_txt(request):
    # The admin is not named here: its address may be a secret (DJANGO_ADMIN_URL),
    # and its pages tell robots not to index them.
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@read_only
def sitemap_xml(request):
    """/sitemap.xml: every section of ``all_sitemaps()``, written as it is sent,
    reading each section's rows a chunk at a time."""
    root = f"{request.scheme}://{request.get_host()}"
    sections = [section() for section in all_sitemaps().values()]

    def lines():
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        )
        for section in sections:
            items = section.items()
            if isinstance(items, QuerySet):
                items = items.iterator(chunk_size=2000)
            for item in items:
                lastmod = section.lastmod(item)
                if isinstance(lastmod, datetime) and is_aware(lastmod):
                    lastmod = localtime(lastmod)
                stamp = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
                yield f"<url><loc>{escape(root + section.location(item))}</loc>{stamp}</url>\n"
        yield "</urlset>\n"

    response = StreamingHttpResponse(in_chunks(lines()), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
