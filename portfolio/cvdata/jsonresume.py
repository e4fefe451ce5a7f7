"""The CV as JSON Resume (https://jsonresume.org/schema, version 1.0.0).

What the schema has no place for is kept under the key "x-portfolio":
- in each publication: authors (in order), those marked as equal contributors
  and as corresponding authors, kind, venue short name, presentation note,
  citation key, typed links and topics;
- in each work and education entry: the kind of position, the unit, and for
  education the advisor, thesis, research topic, specialisation and honours;
- in each project: its status, typed links and topics;
- in "meta": the talks and the courses taught.

When the owner shows citations, each publication that has a count carries it
("citations": count, counts by year, source, work id, date) and "meta" the
figures computed from them ("citationMetrics").
"""

from django.urls import reverse

from portfolio.positions.models import Position
from portfolio.profile.models import Award, Language, Profile, Skill
from portfolio.projects.models import Project
from portfolio.publications.citations import Metrics, owner_metrics
from portfolio.publications.models import Publication
from portfolio.publications.records import record_of
from portfolio.richtext.markdown import markdown_text
from portfolio.talks.models import Talk
from portfolio.teaching.models import Course

EXTENSION = "x-portfolio"


def iso(year: int | None, month: int | None = None) -> str:
    if not year:
        return ""
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def compact(data: dict) -> dict:
    """Leave out empty values, as JSON Resume documents do."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def basics(profile: Profile | None, absolute) -> dict:
    if profile is None:
        return {}
    contact = profile.public_contact
    return compact(
        {
            "name": profile.name,
            "label": profile.headline,
            "image": absolute(profile.photo.url) if profile.photo_available else "",
            "email": contact.get("email", ""),
            "phone": contact.get("phone", ""),
            "url": contact.get("website", "") or absolute(reverse("website:home")),
            "summary": profile.bio,
            "profiles": [
                compact(
                    {"network": link.get_kind_display(), "username": link.label, "url": link.url}
                )
                for link in profile.public_links
            ],
        }
    )


def typed_links(links) -> list[dict]:
    return [{"kind": link.kind, "url": link.url} for link in links]


def dates(position) -> dict:
    return {
        "startDate": iso(position.start_year, position.start_month),
        "endDate": "" if position.is_current else iso(position.end_year, position.end_month),
    }


def work(position: Position) -> dict:
    return compact(
        {
            "name": position.organisation,
            "position": position.role,
            "location": position.location,
            **dates(position),
            "summary": position.description,
            EXTENSION: compact({"kind": position.kind, "unit": position.unit}),
        }
    )


def education(position: Position) -> dict:
    return compact(
        {
            "institution": position.organisation,
            "area": position.field,
            "studyType": position.degree,
            **dates(position),
            "score": position.grade,
            EXTENSION: compact(
                {
                    "unit": position.unit,
                    "location": position.location,
                    "researchTopic": position.research_topic,
                    "advisor": position.advisor,
                    "thesis": position.thesis,
                    "specialisation": position.specialisation,
                    "honours": position.honours,
                    "description": position.description,
                }
            ),
        }
    )


def citations(item: Publication) -> dict:
    snapshot = item.citations
    if snapshot is None:
        return {}
    return {
        "count": snapshot.count,
        "byYear": [{"year": year, "count": count} for year, count in snapshot.by_year],
        "source": snapshot.source,
        "workId": snapshot.work_id,
        "date": snapshot.fetched_at.date().isoformat(),
    }


def citation_metrics(metrics: Metrics | None) -> dict:
    if metrics is None:
        return {}
    return {
        "total": metrics.total,
        "hIndex": metrics.h_index,
        "i10Index": metrics.i10_index,
        "works": metrics.works,
        "byYear": [{"year": year, "count": count} for year, count in metrics.by_year],
        "source": metrics.source,
        "date": metrics.counted_on.date().isoformat(),
    }


def publication(item: Publication, absolute, with_citations: bool = False) -> dict:
    record = record_of(item, absolute=absolute)
    return compact(
        {
            "name": record.title,
            "publisher": record.venue or record.venue_short,
            "releaseDate": iso(record.year, record.month),
            "url": absolute(record.url),
            "summary": record.abstract,
            EXTENSION: compact(
                {
                    "authors": [record.name(i) for i in range(len(record.authors))],
                    # Names, as in "authors": a reader needs no other key to match them.
                    "equalContribution": record.equal_contribution,
                    "correspondingAuthors": record.corresponding,
                    "kind": record.kind,
                    "venueShort": record.venue_short,
                    "note": record.note,
                    "citationKey": record.key,
                    "links": [{"kind": kind, "url": url} for kind, url in record.links],
                    "topics": record.topics,
                    "citations": citations(item) if with_citations else {},
                }
            ),
        }
    )


def talk(item: Talk, absolute) -> dict:
    return compact(
        {
            "title": item.title,
            "event": item.event,
            "location": item.location,
            "date": iso(item.year, item.month),
            "kind": item.kind,
            "url": absolute(item.get_absolute_url()),
            "slides": item.slides_url,
            "video": item.video_url,
            "abstract": item.abstract,
            "topics": [tag.name for tag in item.tags.all()],
        }
    )


def project(item: Project, absolute) -> dict:
    return compact(
        {
            "name": item.title,
            "description": item.summary or markdown_text(item.description),
            **dates(item),
            "url": absolute(item.get_absolute_url()),
            "keywords": [tag.name for tag in item.tags.all()],
            EXTENSION: compact(
                {
                    "status": item.status.lower(),
                    "links": typed_links(item.links.all()),
                }
            ),
        }
    )


def course(item: Course, absolute) -> dict:
    return compact(
        {
            "title": item.title,
            "code": item.code,
            "role": item.role,
            "institution": item.institution,
            "level": item.level,
            **dates(item),
            "terms": item.terms,
            "url": absolute(item.get_absolute_url()),
            "description": item.description,
            "links": typed_links(item.links.all()),
            "topics": [tag.name for tag in item.tags.all()],
        }
    )


def award(item: Award) -> dict:
    return compact(
        {
            "title": item.title,
            "date": iso(item.end_year or item.start_year),
            "awarder": item.giver,
            "summary": item.description,
            EXTENSION: compact({"years": item.date_range_display}),
        }
    )


def json_resume(absolute) -> dict:
    """The public CV as a JSON Resume document; ``absolute`` makes a path a full URL."""
    profile = Profile.get_solo()
    positions = list(Position.objects.published().prefetch_related("tags"))
    skills: dict[str, list[str]] = {}
    for skill in Skill.objects.published().select_related("category"):
        skills.setdefault(skill.category.name, []).append(skill.name)
    talks = Talk.objects.published().prefetch_related("tags")
    courses = Course.objects.published().with_related()
    with_citations = bool(profile and profile.show_citations)
    return compact(
        {
            "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
            "basics": basics(profile, absolute),
            "work": [work(p) for p in positions if p.kind != Position.Kind.EDUCATION],
            "education": [education(p) for p in positions if p.kind == Position.Kind.EDUCATION],
            "awards": [award(a) for a in Award.objects.published()],
            "publications": [
                publication(item, absolute, with_citations)
                for item in Publication.objects.published()
                .in_cv_order()
                .for_list(tags=True)
                .chunks()
            ],
            "projects": [project(p, absolute) for p in Project.objects.published().with_related()],
            "skills": [{"name": name, "keywords": names} for name, names in skills.items()],
            "languages": [
                {"language": language.name, "fluency": language.get_level_display()}
                for language in Language.objects.published()
            ],
            "interests": [{"name": name} for name in (profile.interest_list if profile else [])],
            "meta": compact(
                {
                    "canonical": absolute(reverse("cvdata:json")),
                    "version": "v1.0.0",
                    EXTENSION: {
                        "talks": [talk(t, absolute) for t in talks],
                        **compact(
                            {
                                "teaching": [course(c, absolute) for c in courses],
                                "citationMetrics": citation_metrics(
                                    owner_metrics() if with_citations else None
                                ),
                            }
                        ),
                    },
                }
            ),
        }
    )
