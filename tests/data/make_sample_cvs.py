"""Writes the made-up CVs the tests use: sample-cv.json (the code tests' CV) and
other-cv.json (the CV that CI puts in place of fixtures/cv.json).

    .venv/bin/python tests/data/make_sample_cvs.py

Both people and everything about them are invented. other-cv.json is written as
export_cv writes a fixture, without private fields. sample-cv.json keeps its
made-up private details (phone, birth date, birthplace) in the one file, as a
fixture written before they moved to a file of their own: the tests check that
they stay off every public page, and that such a fixture still loads.
"""

import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.standalone import setup_django  # noqa: E402


def wipe() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def paper(slug, title, kind, year, authors, key, month=None, venue="", venue_short="",
          note="", abstract="", links=(), tags=(), featured=False, equal=(),
          corresponding=()):  # fmt: skip
    from portfolio.publications.models import Authorship, Publication, PublicationLink

    publication = Publication.objects.create(
        slug=slug, title=title, kind=kind, year=year, month=month, venue=venue,
        venue_short=venue_short, note=note, abstract=abstract, citation_key=key,
        featured=featured,
    )  # fmt: skip
    for position, author in enumerate(authors, start=1):
        Authorship.objects.create(
            publication=publication, author=author, position=position,
            equal_contribution=author in equal, corresponding=author in corresponding,
        )  # fmt: skip
    for order, (kind_, url) in enumerate(links, start=1):
        PublicationLink.objects.create(publication=publication, kind=kind_, url=url, order=order)
    publication.tags.add(*tags)
    return publication


def sample_cv() -> None:
    from portfolio.positions.models import Position
    from portfolio.profile.models import (
        Award,
        Language,
        Profile,
        ProfileLink,
        Skill,
        SkillCategory,
    )  # fmt: skip
    from portfolio.publications.models import Author
    from portfolio.talks.models import Talk

    profile = Profile.objects.create(
        name="Mira Castellanos",
        headline="Associate Professor of Computer Science, Northfield University",
        bio="I study *efficient* machine learning: models that do more with less.",
        interests="Efficient machine learning, Sparsity, Robust statistics",
        email="mira@example.org",
        phone="+1 555 0100",
        birth_date=date(1985, 3, 14),
        birth_place="Lisbon",
        website="https://mira.example.org",
        author_list_limit=3,  # her four-author paper shows as a long list
    )
    ProfileLink.objects.create(
        profile=profile, kind="github", label="mcastellanos",
        url="https://github.com/mcastellanos", order=1,
    )  # fmt: skip
    ProfileLink.objects.create(
        profile=profile, kind="orcid", url="https://orcid.org/0000-0002-0000-0001",
        is_public=False, order=2,
    )  # fmt: skip
    mira = Author.objects.create(
        given_name="Mira", family_name="Castellanos", slug="mira-castellanos", is_owner=True
    )
    jonas = Author.objects.create(given_name="Jonas", family_name="Weber", slug="jonas-weber")
    priya = Author.objects.create(given_name="Priya", family_name="Raman", slug="priya-raman")
    tomas = Author.objects.create(given_name="Tomás", family_name="Lind", slug="tomas-lind")
    ana = Author.objects.create(given_name="Ana", family_name="Sousa", slug="ana-sousa")

    routing = paper(
        "sparse-routing", "Sparse Routing for Efficient Transformers", "conference", 2021,
        [mira, jonas, priya, tomas], "castellanos2021sparse", month=7, corresponding=[mira],
        venue="International Conference on Machine Learning", venue_short="ICML 2021",
        note="Oral", abstract="We route each token through a few experts, chosen sparsely.",
        links=[("arxiv", "https://arxiv.org/abs/2101.00001"),
               ("pdf", "https://mira.example.org/papers/sparse-routing.pdf"),
               ("code", "https://github.com/mcastellanos/sparse-routing")],
        tags=["efficiency", "transformers"], featured=True,
    )  # fmt: skip
    workshop = paper(
        "sparse-routing-workshop", "Sparse Routing in Transformers", "workshop", 2020,
        [mira, jonas], "castellanos2020sparse", month=12,
        venue="NeurIPS Workshop on Efficient Natural Language Processing",
        venue_short="EffNLP 2020", tags=["transformers"],
    )  # fmt: skip
    routing.versions.add(workshop)
    paper(
        "robust-estimation", "Robust Estimation under Heavy Tails", "journal", 2019,
        [priya, mira, ana], "raman2019robust", venue="Journal of Machine Learning Research",
        equal=[priya, mira],
        venue_short="JMLR", abstract="Estimators that stay accurate when the data do not.",
        links=[("doi", "https://doi.org/10.1000/jmlr.2019.001")],
        tags=["robustness", "statistics"],
    )  # fmt: skip
    paper(
        "learning-to-compress", "Learning to Compress Neural Networks", "preprint", 2022,
        [mira, tomas], "castellanos2022learning", month=3, venue="arXiv",
        links=[("arxiv", "https://arxiv.org/abs/2203.00002")], tags=["efficiency"],
    )  # fmt: skip
    paper(
        "efficient-inference", "Efficient Inference", "chapter", 2018, [mira, ana],
        "castellanos2018efficient", venue="Handbook of Machine Learning Systems",
        tags=["efficiency"],
    )  # fmt: skip
    paper(
        "structured-sparsity", "Structured Sparsity in Neural Networks", "thesis", 2014, [mira],
        "castellanos2014structured", venue="Northfield University", note="PhD thesis",
        tags=["sparsity"],
    )  # fmt: skip

    talk = Talk.objects.create(
        slug="sparse-models-at-scale", title="Sparse models at scale",
        event="Northfield AI Seminar", location="Northfield", year=2022, month=11,
        kind="invited", slides_url="https://mira.example.org/talks/sparse-models.pdf",
    )  # fmt: skip
    talk.tags.add("efficiency")
    Talk.objects.create(
        slug="efficient-systems-keynote-2023", event="Workshop on Efficient Systems 2023",
        location="Porto", year=2023, month=5, kind="keynote",
    )  # fmt: skip

    current = Position.objects.create(
        kind="employment", role="Associate Professor", organisation="Northfield University",
        unit="Department of Computer Science", start_year=2019, is_current=True,
        description="Teaching machine learning and leading the Efficient Learning group.",
    )  # fmt: skip
    current.tags.add("efficiency")
    Position.objects.create(
        kind="research", role="Research Scientist", organisation="Acme Research Lab",
        location="Boston", start_year=2015, end_year=2019,
    )  # fmt: skip
    Position.objects.create(
        kind="service", role="Area chair", organisation="ICML", start_year=2021, end_year=2023,
    )  # fmt: skip
    Position.objects.create(
        kind="education", degree="PhD", field="Computer Science",
        organisation="Northfield University", start_year=2010, end_year=2014,
        advisor="Prof. Jonas Weber", thesis="Structured Sparsity in Neural Networks",
        research_topic="Sparse neural networks",
    )  # fmt: skip
    Position.objects.create(
        kind="education", degree="BSc", field="Mathematics", organisation="University of Porto",
        start_year=2006, end_year=2009, honours="Summa cum laude",
        thesis="A study of random graphs",
    )  # fmt: skip

    Award.objects.create(title="Best Paper Award", giver="ICML", start_year=2021)
    Award.objects.create(
        title="Graduate Fellowship", giver="Northfield University", start_year=2010,
        end_year=2013,
    )  # fmt: skip
    programming = SkillCategory.objects.create(name="Programming", order=1)
    tools = SkillCategory.objects.create(name="Tools", order=2)
    for order, name in enumerate(("Python", "C++"), start=1):
        Skill.objects.create(category=programming, name=name, order=order)
    for order, name in enumerate(("PyTorch", "Git"), start=1):
        Skill.objects.create(category=tools, name=name, order=order)
    Language.objects.create(name="Portuguese", level="native", order=1)
    Language.objects.create(name="English", level="fluent", order=2)
    more_of_her_work(mira, jonas, routing, workshop, talk)


def more_of_her_work(mira, jonas, routing, workshop, talk) -> None:
    """News, projects, teaching and a free page."""
    from portfolio.news.models import NewsItem
    from portfolio.pages.models import Page
    from portfolio.projects.models import Project, ProjectLink
    from portfolio.teaching.models import Course, CourseLink

    accepted = NewsItem.objects.create(
        slug="sparse-routing-oral", date=date(2021, 6, 1),
        title="Our paper on sparse routing will be an oral at ICML 2021.",
        text="Read [the paper](/publications/sparse-routing/) before the talk.",
    )  # fmt: skip
    accepted.tags.add("efficiency")
    NewsItem.objects.create(
        slug="recruiting-2024", date=date(2023, 9, 1), pinned=True,
        title="I am recruiting PhD students for 2024.",
        text="See [the students page](/pages/students/).",
    )  # fmt: skip

    efficient = Project.objects.create(
        slug="efficient-learning", title="Efficient Learning",
        summary="Models that do more with less compute.", start_year=2019, is_current=True,
        description="We study **sparse** models and how to train them cheaply.",
    )  # fmt: skip
    ProjectLink.objects.create(
        project=efficient, kind="code", url="https://github.com/mcastellanos/efficient", order=1
    )
    ProjectLink.objects.create(
        project=efficient, kind="website", url="https://mira.example.org/efficient/", order=2
    )
    efficient.publications.add(routing, workshop)
    efficient.talks.add(talk)
    efficient.people.add(mira, jonas)
    efficient.tags.add("efficiency")
    Project.objects.create(
        slug="robust-toolkit", title="A Toolkit for Robust Statistics", start_year=2016,
        end_year=2019, summary="Estimators for heavy-tailed data, as a library.",
    )  # fmt: skip

    learning = Course.objects.create(
        slug="machine-learning", title="Machine Learning", code="CS 540", role="lecturer",
        institution="Northfield University", level="graduate", terms="Fall 2020, Fall 2021",
        start_year=2020, end_year=2021, description="Supervised learning, from the ground up.",
    )  # fmt: skip
    CourseLink.objects.create(
        course=learning, kind="website", url="https://mira.example.org/cs540/", order=1
    )
    learning.tags.add("efficiency")
    Course.objects.create(
        slug="linear-algebra", title="Linear Algebra", role="assistant",
        institution="University of Porto", level="undergraduate", start_year=2008,
        end_year=2009,
    )  # fmt: skip

    Page.objects.create(
        slug="students", title="Students", menu_order=1,
        body="I supervise PhD students in efficient learning.\n\n- Ana Sousa (2020–)",
    )  # fmt: skip


def other_cv() -> None:
    from portfolio.positions.models import Position
    from portfolio.profile.models import Profile
    from portfolio.publications.models import Author
    from portfolio.talks.models import Talk

    Profile.objects.create(
        name="Kenji Arata", headline="Postdoctoral researcher in ecology",
        email="kenji@example.net",
    )  # fmt: skip
    kenji = Author.objects.create(
        given_name="Kenji", family_name="Arata", slug="kenji-arata", is_owner=True
    )
    lea = Author.objects.create(given_name="Léa", family_name="Morel", slug="lea-morel")
    paper(
        "river-fish-counts", "Counting River Fish with Sonar", "journal", 2023, [kenji, lea],
        "arata2023counting", venue="Freshwater Biology", tags=["ecology", "sonar"],
    )  # fmt: skip
    paper(
        "alpine-lakes", "Alpine Lakes in a Warming Climate", "conference", 2021, [lea, kenji],
        "morel2021alpine", venue_short="ESA 2021", tags=["ecology"],
    )  # fmt: skip
    Talk.objects.create(
        slug="sonar-ecology", title="Sonar for ecologists", event="Lake Days", year=2024,
        kind="contributed",
    )  # fmt: skip
    Position.objects.create(
        kind="research", role="Postdoctoral researcher", organisation="Lakeside Institute",
        start_year=2023, is_current=True,
    )  # fmt: skip


def main() -> None:
    setup_django("sample-cv-")
    from portfolio.cvdata.fixtures import export_fixture

    for name, build, with_private in (
        ("sample-cv.json", sample_cv, True),
        ("other-cv.json", other_cv, False),
    ):
        wipe()
        build()
        (HERE / name).write_text(export_fixture(with_private=with_private), encoding="utf-8")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
