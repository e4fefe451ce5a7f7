"""The made-up CVs the tests and the quality scripts load (see
tests/data/make_sample_cvs.py). A module of its own, without side effects, so
that scripts run outside pytest can import it (tests/conftest.py changes the
settings of the process that imports it)."""

from pathlib import Path

# A made-up researcher's CV for the code tests: no code test depends on what
# fixtures/cv.json holds.
SAMPLE_CV = Path(__file__).resolve().parent / "data" / "sample-cv.json"


def add_citations() -> None:
    """Citation counts on the public publications, and the profile showing them:
    each publication is given the counts of one work of OpenAlex's recorded
    answer (tests/data/recorded/openalex/works-filter-doi-50.json), in turn, as
    if OpenAlex had counted it, so that pages show the figures and the chart a
    researcher's site shows."""
    import json
    from datetime import UTC, datetime

    from portfolio.importing.sources.openalex import work_of
    from portfolio.profile.models import Profile
    from portfolio.publications.models import CitationSnapshot, Publication

    recorded = Path(__file__).resolve().parent / "data/recorded/openalex/works-filter-doi-50.json"
    works = [
        work_of(item, "a recorded answer") for item in json.loads(recorded.read_bytes())["results"]
    ]
    counted = datetime(2026, 1, 16, tzinfo=UTC)
    for publication, work in zip(Publication.objects.published(), works, strict=False):
        CitationSnapshot.objects.update_or_create(
            publication=publication,
            defaults={
                "work_id": work.work_id,
                "count": work.count,
                "by_year": [list(pair) for pair in work.by_year],
                "fetched_at": counted,
            },
        )
    Profile.objects.update(show_citations=True)


# Topics as researchers type them: lower case, capitalised, acronyms, accents.
LOOK_TOPICS = (
    "Bayesian inference", "compressed sensing", "GPU kernels", "optimization",
    "Markov chains", "variational methods", "graph neural networks", "fairness",
    "Reinforcement learning", "causal inference", "Monte Carlo", "convex analysis",
    "differential privacy", "federated learning", "time series", "Gaussian processes",
    "kernel methods", "information theory", "natural language processing",
    "computer vision", "scientific computing", "écologie numérique", "open science",
    "signal processing",
)  # fmt: skip
LOOK_KINDS = ("conference", "journal", "book", "chapter", "workshop", "preprint")
LONG_VENUE = (
    "Proceedings of the Twenty-Third International Conference on Artificial Intelligence "
    "and Statistics, Workshop on Sparse and Structured Probabilistic Models"
)
LONG_EVENT = (
    "Joint Annual Meeting of the European Society for Mathematical and Theoretical "
    "Biology and the Society for Industrial and Applied Mathematics, Minisymposium on "
    "Inverse Problems"
)
LOOK_OWNER = "Maria-Kristina Oyelaran-Vásquez"


def add_look_content() -> None:
    """Content that stretches the public pages' layout, on top of the sample CV:
    24 topics, publications of 6 kinds over 12 years, a long venue without a
    short name, a title with math, a long talk event, 2 more free pages in the
    navigation and a long owner's name, so that every section of the navigation
    is shown and the filters, headers and meta lines are full."""
    from portfolio.profile.models import Profile
    from portfolio.publications.models import Author
    from tests.factories import make_page, make_publication, make_talk

    owner = Author.objects.filter(is_owner=True).first() or Author.objects.create(
        given_name="Maria-Kristina", family_name="Oyelaran-Vásquez", slug="look-owner",
        is_owner=True,
    )  # fmt: skip
    for n, year in enumerate(range(2014, 2026)):
        # The first topics tag more papers than the last, as on a real site.
        tags = [*LOOK_TOPICS[2 * n : 2 * n + 2], *LOOK_TOPICS[: n % 5]]
        make_publication(
            authors=[owner],
            title=f"Layout study number {n + 1}",
            slug=f"look-{year}",
            kind=LOOK_KINDS[n % len(LOOK_KINDS)],
            year=year,
            venue=f"Venue of the year {year}",
            venue_short=f"LV {year}",
            tags=tags,
        )
    make_publication(
        authors=[owner],
        title=r"$\ell_1$ priors for sparse signals in long, bold titles",
        slug="look-math",
        kind="journal",
        year=2024,
        venue=LONG_VENUE,
        tags=LOOK_TOPICS[:3],
    )
    make_talk(
        title="Inverse problems with sparse priors",
        slug="look-talk",
        event=LONG_EVENT,
        location="Universitat Politècnica de València",
        year=2025,
        tags=LOOK_TOPICS[:2],
    )
    for order, title in enumerate(("Students and open positions", "Software"), start=1):
        make_page(title=title, slug=f"look-page-{order}", body=f"# {title}", menu_order=order)
    Profile.objects.update(name=LOOK_OWNER)
