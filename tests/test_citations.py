"""Citation counts: the figures computed from the stored snapshots (total, h-index,
i10-index, citations per year), the panel and its bar chart on the home page and
the CV, "Cited by N" on each paper, and the exports; all only when the owner
turns citations on. Refreshing the snapshots from OpenAlex is tested in
tests/test_refresh_citations.py."""

import io
import json
import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from portfolio.publications.citations import chart, h_index, i10_index, owner_metrics
from portfolio.publications.models import CitationSnapshot

from .factories import make_profile, make_publication
from .test_json_resume import get_resume, validator  # noqa: F401 (a fixture)

COUNTED = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def counted(publication, count, by_year=(), work_id=None, fetched_at=COUNTED):
    return CitationSnapshot.objects.create(
        publication=publication,
        work_id=work_id or f"W{publication.pk}00",
        count=count,
        by_year=[list(pair) for pair in by_year],
        fetched_at=fetched_at,
    )


# --- The figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "h", "i10"),
    [
        ([10, 8, 5, 4, 3], 4, 1),
        ([3, 4, 10, 5, 8], 4, 1),  # in any order
        ([], 0, 0),
        ([0, 0, 0], 0, 0),
        ([1], 1, 0),
        ([100, 100, 100], 3, 3),
        ([25, 8, 5, 3, 3], 3, 1),
        ([10, 10, 9], 3, 2),
        ([6, 6, 6, 6, 6, 6, 6], 6, 0),
    ],
)
def test_h_index_and_i10_index_of_known_sets(counts, h, i10):
    assert h_index(counts) == h
    assert i10_index(counts) == i10


def test_the_owners_figures_count_each_public_work_once(db):
    papers = [make_publication() for _ in range(5)]
    for paper, count in zip(papers, [10, 8, 5, 4, 3], strict=True):
        counted(paper, count, by_year=[(2024, count - 2), (2025, 2)])
    # A preprint that OpenAlex holds as the same work as its paper counts once.
    preprint = make_publication()
    counted(preprint, 10, by_year=[(2024, 8), (2025, 2)], work_id=f"W{papers[0].pk}00")
    # A hidden paper counts not at all; one without a count, nothing.
    counted(make_publication(is_published=False), 500, by_year=[(2020, 500)])
    make_publication()
    metrics = owner_metrics()
    assert (metrics.total, metrics.h_index, metrics.i10_index) == (30, 4, 1)
    assert metrics.works == 5
    assert metrics.by_year == [(2024, 20), (2025, 10)]
    assert metrics.source == "OpenAlex"
    assert metrics.counted_on == COUNTED


def test_the_newest_count_of_a_work_is_the_one_taken_and_its_date_the_panels(db):
    old = datetime(2025, 1, 1, tzinfo=UTC)
    first, second = make_publication(), make_publication()
    counted(first, 3, work_id="W1", fetched_at=old)
    counted(second, 7, work_id="W1")
    metrics = owner_metrics()
    assert (metrics.total, metrics.works, metrics.counted_on) == (7, 1, COUNTED)


def test_no_count_no_figures(db):
    make_publication()
    assert owner_metrics() is None


def test_the_chart_has_a_bar_per_year_in_proportion_to_its_count():
    drawn = chart([(2019, 4), (2021, 10), (2022, 5)])
    assert [(bar.year, bar.count) for bar in drawn.bars] == [
        (2019, 4), (2020, 0), (2021, 10), (2022, 5)
    ]  # fmt: skip
    tallest = drawn.base - drawn.top
    assert [bar.height for bar in drawn.bars] == pytest.approx(
        [tallest * 0.4, 0, tallest, tallest * 0.5]
    )
    for bar in drawn.bars:
        assert bar.y + bar.height == drawn.base
        assert bar.x >= 0 and bar.x + bar.width <= drawn.width
    assert (drawn.first_year, drawn.last_year, drawn.peak) == (2019, 2022, 10)


def test_the_chart_shows_the_last_twelve_years_and_nothing_without_counts():
    drawn = chart([(year, 1) for year in range(2000, 2027)])
    assert [bar.year for bar in drawn.bars] == list(range(2015, 2027))
    assert chart([]) is None


# --- The pages -----------------------------------------------------------------------


@pytest.fixture
def cited(db):
    """A profile that shows citations and three papers, two of them counted."""
    profile = make_profile(show_citations=True)
    papers = [
        make_publication(title="Sparse Routing", slug="sparse-routing", year=2021),
        make_publication(title="Dense Routing", slug="dense-routing", year=2022),
        make_publication(title="Uncounted", slug="uncounted", year=2023),
    ]
    counted(papers[0], 1234, by_year=[(2023, 400), (2024, 500), (2025, 300), (2026, 34)])
    counted(papers[1], 12, by_year=[(2024, 2), (2025, 10)])
    return profile, papers


def panel_of(html: str) -> str:
    match = re.search(r'<section class="citation-metrics".*?</section>', html, re.S)
    assert match, "no citation panel"
    return match.group(0)


def bars_of(panel: str) -> list[tuple[int, int, float]]:
    """(year, count, height) of each bar the SVG draws."""
    return [
        (int(year), int(count), float(height))
        for height, year, count in re.findall(
            r'<rect class="bar" [^>]*height="([\d.]+)" data-year="(\d+)" data-count="(\d+)"',
            panel,
        )
    ]


@pytest.mark.parametrize("page", ["website:home", "website:cv"])
def test_the_panel_shows_the_figures_and_bars_that_match_the_stored_counts(client, cited, page):
    html = client.get(reverse(page)).content.decode()
    panel = panel_of(html)
    figures = re.findall(r"<dt>(.*?)</dt>\s*<dd>\s*(.*?)\s*</dd>", panel)
    assert figures == [("Citations", "1,246"), ("h-index", "2"), ("i10-index", "2")]
    bars = bars_of(panel)
    assert [(year, count) for year, count, _ in bars] == [
        (2023, 400), (2024, 502), (2025, 310), (2026, 34)
    ]  # fmt: skip
    tallest = max(height for _, _, height in bars)
    for _, count, height in bars:
        assert height == pytest.approx(tallest * count / 502, abs=0.1)
    # The text alternative: the same figures in a table, and the chart's name.
    rows = re.findall(r'<th scope="row">(\d+)</th>\s*<td>([\d,]+)</td>', panel)
    assert rows == [("2023", "400"), ("2024", "502"), ("2025", "310"), ("2026", "34")]
    assert re.search(r'<svg [^>]*role="img"\s+aria-labelledby="([\w-]+)"', panel)
    title = re.search(r"<title id=\"[\w-]+\">(.*?)</title>", panel).group(1)
    assert "citations per year, 2023 to 2026" in title
    # Where the figures come from, when, and that Google Scholar's differ.
    assert "Counted by OpenAlex in 2 works, last on 6 December 2026" in panel
    assert "Google Scholar" in panel
    # One panel, its heading in the page's outline.
    assert html.count('class="citation-metrics"') == 1
    assert re.search(r'<h2 id="(cv-)?citations">Citations</h2>', panel)


def test_the_panel_comes_after_the_introduction_on_the_home_page(client, cited):
    profile, _ = cited
    profile.bio = "I study routing."
    profile.save()
    html = client.get(reverse("website:home")).content.decode()
    assert html.index('class="bio"') < html.index('class="citation-metrics"')
    assert html.index('class="citation-metrics"') < html.index('id="selected"')


def test_each_paper_says_how_often_it_is_cited_with_the_source_and_date(client, cited):
    _, papers = cited
    listed = client.get(reverse("publications:list")).content.decode()
    assert 'Cited by 1,234 <span class="meta">· OpenAlex, 6 Dec 2026</span>' in listed
    assert "Cited by 12 " in listed
    assert listed.count("Cited by") == 2  # the uncounted paper says nothing
    page = client.get(papers[0].get_absolute_url()).content.decode()
    assert re.search(
        r'Cited by 1,234 <span class="meta">· <a href="https://openalex.org/W\d+00">OpenAlex</a>, '
        r"6 Dec 2026</span>",
        page,
    )
    assert "Cited by" not in client.get(papers[2].get_absolute_url()).content.decode()
    cv = client.get(reverse("website:cv")).content.decode()
    assert "Cited by 1,234 (OpenAlex, 6 Dec 2026)." in cv
    home = client.get(reverse("website:home")).content.decode()
    assert "Cited by 12 " in home


def test_with_citations_off_no_page_or_export_shows_them(client, cited, tmp_path):
    profile, papers = cited
    profile.show_citations = False
    profile.save()
    pages = [
        reverse("website:home"),
        reverse("website:cv"),
        reverse("publications:list"),
        papers[0].get_absolute_url(),
    ]
    for path in pages:
        html = client.get(path).content.decode()
        assert "citation-metrics" not in html, path
        assert "Cited by" not in html, path
    resume = json.dumps(get_resume(client))
    assert "citations" not in resume.lower()
    call_command(
        "build_site", str(tmp_path / "site"), base_url="https://example.org/", stdout=io.StringIO()
    )
    built = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "Cited by" not in built and "citation-metrics" not in built


def test_a_site_without_counts_shows_no_panel_even_with_citations_on(client, db):
    make_profile(show_citations=True)
    make_publication()
    html = client.get(reverse("website:home")).content.decode()
    assert "citation-metrics" not in html and "Cited by" not in html


def test_the_publication_list_reads_the_counts_in_the_same_queries_for_any_number(client, cited):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("publications:list")).status_code == 200
        return len(context)

    queries()  # the caches a first request fills
    before = queries()
    for n in range(6):
        counted(make_publication(year=2010 + n), n)
    assert queries() == before


def test_cv_json_carries_the_counts_and_figures_and_stays_valid(client, cited, validator):  # noqa: F811
    resume = get_resume(client)
    assert list(validator.iter_errors(resume)) == []
    by_name = {p["name"]: p for p in resume["publications"]}
    assert by_name["Sparse Routing"]["x-portfolio"]["citations"] == {
        "count": 1234,
        "byYear": [
            {"year": 2023, "count": 400},
            {"year": 2024, "count": 500},
            {"year": 2025, "count": 300},
            {"year": 2026, "count": 34},
        ],
        "source": "OpenAlex",
        "workId": f"W{cited[1][0].pk}00",
        "date": "2026-12-06",
    }
    assert "citations" not in by_name["Uncounted"].get("x-portfolio", {})
    metrics = resume["meta"]["x-portfolio"]["citationMetrics"]
    assert {k: metrics[k] for k in ("total", "hIndex", "i10Index", "works", "date")} == {
        "total": 1246, "hIndex": 2, "i10Index": 2, "works": 2, "date": "2026-12-06"
    }  # fmt: skip


def test_the_static_build_carries_the_panel_and_the_counts(cited, tmp_path):
    folder = tmp_path / "site"
    call_command("build_site", str(folder), base_url="https://example.org/", stdout=io.StringIO())
    home = (folder / "index.html").read_text(encoding="utf-8")
    assert bars_of(panel_of(home))[-1][:2] == (2026, 34)
    paper = (folder / "publications" / "sparse-routing" / "index.html").read_text(encoding="utf-8")
    assert "Cited by 1,234" in paper
    resume = json.loads((folder / "cv.json").read_text(encoding="utf-8"))
    assert resume["meta"]["x-portfolio"]["citationMetrics"]["total"] == 1246


def test_a_new_count_shows_at_once_on_cached_pages(client, cited, settings):
    _, papers = cited
    first = client.get(reverse("website:home")).content.decode()
    assert "1,246" in first
    snapshot = papers[0].citation_snapshot
    snapshot.count = 2000
    snapshot.save()
    assert "2,012" in client.get(reverse("website:home")).content.decode()


def test_the_admin_shows_a_papers_count_and_how_to_get_one(admin_client, cited):
    _, papers = cited
    change = reverse("admin:publications_publication_change", args=[papers[0].pk])
    html = admin_client.get(change).content.decode()
    assert f"1234 (OpenAlex W{papers[0].pk}00, counted on 6 December 2026)" in html
    html = admin_client.get(
        reverse("admin:publications_publication_change", args=[papers[2].pk])
    ).content.decode()
    assert "manage.py refresh_citations" in html


def test_the_profile_switch_is_in_the_admin_and_off_by_default(admin_client, db):
    profile = make_profile()
    assert profile.show_citations is False
    html = admin_client.get(
        reverse("admin:profile_profile_change", args=[profile.pk])
    ).content.decode()
    assert 'name="show_citations"' in html


def test_the_counts_travel_with_a_backup_but_not_in_the_cv_fixture(
    transactional_db, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_profile(show_citations=True)
    paper = make_publication(slug="counted-paper")
    counted(paper, 42, by_year=[(2025, 40), (2026, 2)])
    before = list(
        CitationSnapshot.objects.values_list("count", "by_year", "work_id", "fetched_at")
    )
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    fixture = tmp_path / "cv.json"
    call_command("export_cv", str(fixture), stdout=io.StringIO())
    assert "citationsnapshot" not in fixture.read_text(encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=io.StringIO())
    after = list(CitationSnapshot.objects.values_list("count", "by_year", "work_id", "fetched_at"))
    assert after == before
    assert CitationSnapshot.objects.get().publication.slug == "counted-paper"
