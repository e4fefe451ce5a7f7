"""Generated portfolios for the benchmarks: any number of publications, with
authors, topics, links, talks and positions in proportion, written in bulk.

The shape follows a real CV: four authors a paper (the owner among them), two
topics, two links and a short abstract each; a talk for every three papers and
a position for every fifty. With ``more_types``, also news (one item for every
ten papers), projects (one for every twenty, each with five papers, a talk and
two links), courses (one for every twenty-five) and two free pages.
"""

import random

PARAGRAPH = (
    "We study how the *scale* of training interacts with normalisation and show, "
    "on several benchmarks, that a simple change closes most of the gap. "
)


def generate(publications: int, seed: int = 1, more_types: bool = False) -> None:
    """Fill the (empty, migrated) database with a portfolio of this many publications."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    from portfolio.positions.models import Position
    from portfolio.profile.models import Profile
    from portfolio.publications.models import Author, Authorship, Publication, PublicationLink
    from portfolio.talks.models import Talk

    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    Profile.objects.create(
        name="Ada Researcher",
        headline="Professor of Things",
        bio="Works on learning systems.",
        interests="Deep learning, Optimisation",
        email="ada@example.org",
    )
    authors = Author.objects.bulk_create(
        [Author(given_name="Ada", family_name="Researcher", slug="ada-researcher", is_owner=True)]
        + [
            Author(given_name=f"Given{i}", family_name=f"Family{i}", slug=f"author-{i}")
            for i in range(max(12, publications * 2))
        ]
    )
    tags = Tag.objects.bulk_create(
        [Tag(name=f"Topic {i}", slug=f"topic-{i}") for i in range(max(5, publications // 20))]
    )
    kinds = list(Publication.Kind.values)
    rows = Publication.objects.bulk_create(
        [
            Publication(
                title=f"A study of things, part {i}",
                slug=f"study-{i}",
                citation_key=f"study{i}",
                kind=kinds[i % len(kinds)],
                venue=f"Conference on Things {2000 + i % 25}",
                venue_short=f"CoT {2000 + i % 25}",
                year=2000 + i % 25,
                month=1 + i % 12,
                abstract=PARAGRAPH * 2,
                featured=i < 3,
            )
            for i in range(publications)
        ]
    )
    authorships, links, tagged = [], [], []
    publication_type = ContentType.objects.get_for_model(Publication).pk
    for publication in rows:
        # The first paper's co-authors are the first three: author-0 has a page.
        others = authors[1:4] if publication is rows[0] else rng.sample(authors[1:], 3)
        team = [others[0], authors[0], *others[1:]]
        authorships += [
            Authorship(publication=publication, author=author, position=position)
            for position, author in enumerate(team, start=1)
        ]
        links += [
            PublicationLink(
                publication=publication,
                kind=PublicationLink.Kind.ARXIV,
                url=f"https://arxiv.org/abs/2101.{publication.pk:05d}",
            ),
            PublicationLink(
                publication=publication,
                kind=PublicationLink.Kind.CODE,
                url=f"https://example.org/code/{publication.pk}",
                order=1,
            ),
        ]
        tagged += [
            TaggedItem(tag=tag, content_type_id=publication_type, object_id=publication.pk)
            for tag in rng.sample(tags, 2)
        ]
    Authorship.objects.bulk_create(authorships, batch_size=2000)
    PublicationLink.objects.bulk_create(links, batch_size=2000)
    talks = Talk.objects.bulk_create(
        [
            Talk(
                title=f"Talk {i}",
                slug=f"talk-{i}",
                event=f"Workshop {i}",
                year=2000 + i % 25,
                abstract=PARAGRAPH,
            )
            for i in range(max(3, publications // 3))
        ]
    )
    talk_type = ContentType.objects.get_for_model(Talk).pk
    tagged += [
        TaggedItem(tag=rng.choice(tags), content_type_id=talk_type, object_id=talk.pk)
        for talk in talks
    ]
    TaggedItem.objects.bulk_create(tagged, batch_size=2000)
    Position.objects.bulk_create(
        [
            Position(
                role=f"Role {i}",
                organisation=f"Organisation {i}",
                start_year=2000 + i % 25,
                end_year=2001 + i % 25 if i else None,
                is_current=i == 0,
                description=PARAGRAPH,
            )
            for i in range(max(4, publications // 50))
        ]
    )
    if more_types:
        generate_more_types(publications, rows, talks, authors)


def generate_more_types(publications: int, papers, talks, authors) -> None:
    import datetime

    from portfolio.news.models import NewsItem
    from portfolio.pages.models import Page
    from portfolio.projects.models import Project, ProjectLink
    from portfolio.teaching.models import Course

    NewsItem.objects.bulk_create(
        [
            NewsItem(
                title=f"News {i}",
                slug=f"news-{i}",
                pinned=i == 0,
                text=PARAGRAPH,
                date=datetime.date(2000 + i % 25, 1 + i % 12, 1),
            )
            for i in range(max(3, publications // 10))
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                title=f"Project {i}",
                slug=f"project-{i}",
                summary="A line about it.",
                description=PARAGRAPH,
                start_year=2000 + i % 25,
                is_current=i % 3 == 0,
            )
            for i in range(max(2, publications // 20))
        ]
    )
    ProjectLink.objects.bulk_create(
        [
            ProjectLink(
                project=project, kind=kind, url=f"https://example.org/{project.slug}/{kind}"
            )
            for project in projects
            for kind in ("code", "website")
        ]
    )
    Project.publications.through.objects.bulk_create(
        [
            Project.publications.through(project=project, publication=paper)
            for i, project in enumerate(projects)
            for paper in papers[i * 5 : i * 5 + 5]
        ]
    )
    Project.talks.through.objects.bulk_create(
        [
            Project.talks.through(project=project, talk=talks[i % len(talks)])
            for i, project in enumerate(projects)
        ]
    )
    Project.people.through.objects.bulk_create(
        [Project.people.through(project=project, author=authors[0]) for project in projects]
    )
    Course.objects.bulk_create(
        [
            Course(
                title=f"Course {i}",
                slug=f"course-{i}",
                institution="University",
                start_year=2000 + i % 25,
                description=PARAGRAPH,
            )
            for i in range(max(2, publications // 25))
        ]
    )
    Page.objects.bulk_create(
        [Page(title=f"Page {i}", slug=f"page-{i}", body=PARAGRAPH, menu_order=i) for i in range(2)]
    )
