"""Small factories for test data: each makes one valid object with overridable fields."""

import itertools

from django.apps import apps

from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile
from portfolio.projects.models import Project, ProjectLink
from portfolio.publications.models import Author, Authorship, Publication, PublicationLink
from portfolio.talks.models import Talk
from portfolio.teaching.models import Course, CourseLink

_seq = itertools.count(1)


def make_author(**fields) -> Author:
    n = next(_seq)
    fields.setdefault("given_name", f"Given{n}")
    fields.setdefault("family_name", f"Family{n}")
    fields.setdefault("slug", f"author-{n}")
    return Author.objects.create(**fields)


def make_publication(authors=None, tags=(), links=(), **fields) -> Publication:
    n = next(_seq)
    fields.setdefault("title", f"Publication {n}")
    fields.setdefault("slug", f"publication-{n}")
    fields.setdefault("year", 2018)
    publication = Publication.objects.create(**fields)
    for position, author in enumerate(authors or [make_author()], start=1):
        Authorship.objects.create(publication=publication, author=author, position=position)
    for kind, url in links:
        PublicationLink.objects.create(publication=publication, kind=kind, url=url)
    if tags:
        publication.tags.add(*tags)
    return publication


def make_talk(tags=(), **fields) -> Talk:
    n = next(_seq)
    fields.setdefault("title", f"Talk {n}")
    fields.setdefault("slug", f"talk-{n}")
    fields.setdefault("event", f"Event {n}")
    fields.setdefault("year", 2018)
    talk = Talk.objects.create(**fields)
    if tags:
        talk.tags.add(*tags)
    return talk


def make_position(tags=(), **fields) -> Position:
    n = next(_seq)
    fields.setdefault("role", f"Role {n}")
    fields.setdefault("organisation", f"Organisation {n}")
    position = Position.objects.create(**fields)
    if tags:
        position.tags.add(*tags)
    return position


def _tagged(entry, tags):
    if tags:
        entry.tags.add(*tags)
    return entry


def make_news(tags=(), **fields) -> NewsItem:
    n = next(_seq)
    fields.setdefault("title", f"News {n}")
    fields.setdefault("slug", f"news-{n}")
    return _tagged(NewsItem.objects.create(**fields), tags)


def make_project(tags=(), links=(), publications=(), talks=(), people=(), **fields) -> Project:
    n = next(_seq)
    fields.setdefault("title", f"Project {n}")
    fields.setdefault("slug", f"project-{n}")
    project = Project.objects.create(**fields)
    for order, (kind, url) in enumerate(links, start=1):
        ProjectLink.objects.create(project=project, kind=kind, url=url, order=order)
    project.publications.add(*publications)
    project.talks.add(*talks)
    project.people.add(*people)
    return _tagged(project, tags)


def make_course(tags=(), links=(), **fields) -> Course:
    n = next(_seq)
    fields.setdefault("title", f"Course {n}")
    fields.setdefault("slug", f"course-{n}")
    course = Course.objects.create(**fields)
    for order, (kind, url) in enumerate(links, start=1):
        CourseLink.objects.create(course=course, kind=kind, url=url, order=order)
    return _tagged(course, tags)


def make_page(tags=(), **fields) -> Page:
    n = next(_seq)
    fields.setdefault("title", f"Page {n}")
    fields.setdefault("slug", f"page-{n}")
    return _tagged(Page.objects.create(**fields), tags)


def make_award(**fields) -> Award:
    fields.setdefault("title", f"Award {next(_seq)}")
    return Award.objects.create(**fields)


def make_profile(**fields) -> Profile:
    fields.setdefault("name", "Ada Researcher")
    fields.setdefault("headline", "Professor of Things")
    return Profile.objects.create(**fields)


CONTENT_APPS = ("profile", "publications", "positions", "talks", "projects", "teaching", "news",
                "freepages", "taggit")  # fmt: skip


def content_counts() -> dict[str, int]:
    """How many rows each content model holds."""
    return {
        model._meta.label: model.objects.count()
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
    }
