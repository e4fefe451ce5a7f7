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
