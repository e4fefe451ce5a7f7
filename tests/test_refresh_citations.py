"""manage.py refresh_citations: OpenAlex's counts stored as snapshots, asked for
by DOI, PubMed id or arXiv id, fifty at a time; a refresh that fails, wholly or
midway, keeps every snapshot stored before it and says what failed.

OpenAlex is played by the local replay server with responses OpenAlex really
sent (tests/data/recorded/openalex/, whose README names where each was recorded).
The largest is its answer to a filter of fifty DOIs: the site here holds a
publication for each of those DOIs, so that the request the refresh makes is the
one that was recorded. Where a test needs an answer that no recording holds (a
count that is not a number), it is made from a recorded work with that one field
changed, and the test says so.
"""

import io
import json
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portfolio.importing.sources import openalex
from portfolio.publications.citations import owner_metrics
from portfolio.publications.models import CitationSnapshot, PublicationLink

from .factories import make_profile, make_publication
from .replay import RECORDED, Answer, recorded

FIFTY = "openalex/works-filter-doi-50.json"
EARLIER = datetime(2025, 6, 1, tzinfo=UTC)


def works_of(name: str) -> list[dict]:
    return json.loads((RECORDED / name).read_bytes())["results"]


def doi_of(work: dict) -> str:
    return work["doi"].removeprefix("https://doi.org/")


def publications_for(works: list[dict], upper: bool = False):
    """A public publication for each work, linked by its DOI (in capitals if
    asked: a DOI is the same in any case)."""
    return [
        make_publication(
            title=f"Paper {n}",
            links=[(PublicationLink.Kind.DOI, f"https://doi.org/{doi.upper() if upper else doi}")],
        )
        for n, doi in enumerate(doi_of(work) for work in works)
    ]


def refresh(**options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("refresh_citations", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refresh_failing(**options) -> tuple[str, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("refresh_citations", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), str(failed.value)


def asked(request) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(request.query).items()}


def snapshots() -> dict[int, tuple]:
    return {
        s.publication_id: (s.count, s.work_id, s.by_year, s.fetched_at)
        for s in CitationSnapshot.objects.all()
    }


def test_each_public_publication_gets_openalexs_count_in_one_request(services, db, settings):
    settings.OPENALEX_API_KEY = "key-for-tests"
    works = works_of(FIFTY)
    papers = publications_for(works, upper=True)
    make_publication(title="Hidden", is_published=False, links=[("doi", "https://doi.org/10.1/x")])
    services.add("/openalex/works", recorded(FIFTY))

    out, err = refresh()

    assert err == ""
    assert "Citations counted for 50 of 50 publications asked for" in out
    [request] = services.requests
    query = asked(request)
    assert query["filter"].startswith("doi:")
    assert sorted(query["filter"][4:].split("|")) == sorted(doi_of(w) for w in works)
    assert query["select"] == "id,doi,ids,cited_by_count,counts_by_year"
    assert query["mailto"] == "owner@example.org"
    assert query["api_key"] == "key-for-tests"
    assert "mailto:owner@example.org" in request.headers["User-Agent"]
    stored = snapshots()
    for paper, work in zip(papers, works, strict=True):
        count, work_id, by_year, _ = stored[paper.pk]
        assert count == work["cited_by_count"]
        assert f"https://openalex.org/{work_id}" == work["id"]
        # Oldest first, as OpenAlex gives them newest first.
        expected = sorted((c["year"], c["cited_by_count"]) for c in work["counts_by_year"])
        assert by_year == [list(pair) for pair in expected]
    counts = sorted((w["cited_by_count"] for w in works), reverse=True)
    metrics = owner_metrics()
    assert metrics.total == sum(counts)
    assert metrics.h_index == max(h for h in range(51) if h == 0 or counts[h - 1] >= h)
    assert metrics.i10_index == sum(c >= 10 for c in counts)
    assert metrics.works == 50


def test_without_an_api_key_none_is_sent(services, db, settings):
    settings.OPENALEX_API_KEY = ""
    publications_for(works_of(FIFTY))
    services.add("/openalex/works", recorded(FIFTY))
    refresh()
    assert "api_key" not in asked(services.requests[0])


def test_the_panel_shows_the_refreshed_figures(services, db, client):
    make_profile(show_citations=True)
    publications_for(works_of(FIFTY))
    services.add("/openalex/works", recorded(FIFTY))
    refresh()
    html = client.get(reverse("website:home")).content.decode()
    total = sum(w["cited_by_count"] for w in works_of(FIFTY))
    assert f"{total:,}" in html
    assert "Counted by OpenAlex in 50 works" in html


def test_a_page_never_asks_openalex(services, db, client):
    make_profile(show_citations=True)
    publications_for(works_of(FIFTY)[:3])
    for name in ("website:home", "website:cv", "publications:list", "cvdata:json"):
        assert client.get(reverse(name)).status_code == 200
    assert services.requests == []


def test_a_publication_is_asked_for_by_pubmed_id_then_arxiv_id_when_openalex_lacks_the_doi(
    services, db
):
    by_pmid = make_publication(
        links=[
            ("doi", "https://doi.org/10.9999/not-in-openalex"),
            ("pubmed", "https://pubmed.ncbi.nlm.nih.gov/10706275/"),
        ]
    )
    by_arxiv = make_publication(links=[("arxiv", "https://arxiv.org/abs/2205.01833v2")])
    services.add("/openalex/works", recorded("openalex/works-no-results.json"))
    services.add("/openalex/works/pmid:10706275", recorded("openalex/work-W2162348455.json"))

    out, _ = refresh()

    first, second = services.requests
    # Both publications' first identifiers, DOIs (arXiv's for an arXiv paper), at once.
    assert sorted(asked(first)["filter"][4:].split("|")) == [
        "10.48550/arxiv.2205.01833", "10.9999/not-in-openalex"
    ]  # fmt: skip
    # Then the PubMed id of the one that has one, asked for alone.
    assert second.path == "/openalex/works/pmid:10706275"
    work = json.loads((RECORDED / "openalex/work-W2162348455.json").read_bytes())
    snapshot = CitationSnapshot.objects.get(publication=by_pmid)
    assert (snapshot.count, snapshot.work_id) == (work["cited_by_count"], "W2162348455")
    assert not CitationSnapshot.objects.filter(publication=by_arxiv).exists()
    assert "1 not in OpenAlex" in out and by_arxiv.title in out


def test_a_publication_openalex_does_not_know_keeps_its_last_count(services, db):
    paper = make_publication(links=[("doi", "https://doi.org/10.9999/gone")])
    CitationSnapshot.objects.create(
        publication=paper, work_id="W1", count=7, by_year=[[2024, 7]], fetched_at=EARLIER
    )
    services.add("/openalex/works", recorded("openalex/works-no-results.json"))
    out, _ = refresh()
    assert snapshots()[paper.pk] == (7, "W1", [[2024, 7]], EARLIER)
    assert "1 not in OpenAlex (a count stored before is kept)" in out


def test_a_work_with_no_citations_is_stored_as_nought(services, db):
    paper = make_publication(links=[("doi", "https://doi.org/10.53731/ybhah-9jy85")])
    services.add(
        "/openalex/works/doi:10.53731/ybhah-9jy85",
        recorded("openalex/work-doi-10.53731_ybhah-9jy85.json"),
    )
    refresh()
    count, work_id, by_year, _ = snapshots()[paper.pk]
    assert (count, work_id, by_year) == (0, "W4387341806", [])


def test_a_doi_with_a_comma_is_asked_for_alone_and_a_404_is_not_found(services, db):
    """OpenAlex's recorded 404 for a DOI it does not know (an HTML page)."""
    paper = make_publication(links=[("doi", "https://doi.org/10.1000/a,b")])
    services.add(
        "/openalex/works/doi:10.1000/a%2Cb",
        recorded("openalex/error-404-unknown-doi.html", "text/html", status=404),
    )
    out, err = refresh()
    assert [r.path for r in services.requests] == ["/openalex/works/doi:10.1000/a%2Cb"]
    assert err == "" and "1 not in OpenAlex" in out
    assert paper.pk not in snapshots()


FAILURES = {
    "server error": (
        Answer(500, b"Internal Server Error", "text/plain"),
        "OpenAlex answered HTTP 500",
    ),
    "refused filter": (
        recorded("openalex/error-400-invalid-filter.json", status=400),
        "OpenAlex answered HTTP 400",
    ),
    "not JSON": (Answer(body=b"<html>maintenance</html>"), "something that is not JSON"),
    "cut short": (Answer(body=b'{"results": [', cut_short=True), "Could not reach OpenAlex"),
    "too slow": (Answer(body=b"{}", delay=3), "no answer within 2 seconds"),
    "rate limited": (
        Answer(429, b"", "text/plain", headers={"Retry-After": "3600"}),
        "refusing requests for now (HTTP 429) and asks to wait 3600 seconds",
    ),
}


@pytest.mark.parametrize("failure", FAILURES, ids=list(FAILURES))
def test_a_refresh_that_fails_midway_keeps_every_earlier_snapshot(
    services, db, monkeypatch, failure
):
    monkeypatch.setattr(openalex, "MAX_IDS", 25)
    papers = publications_for(works_of(FIFTY))
    for paper in papers:
        CitationSnapshot.objects.create(
            publication=paper, work_id="W1", count=1, by_year=[[2020, 1]], fetched_at=EARLIER
        )
    answer, message = FAILURES[failure]
    services.add("/openalex/works", recorded(FIFTY), answer)

    out, err, error = refresh_failing()

    first, second = [asked(r)["filter"][4:].split("|") for r in services.requests[:2]]
    assert len(first) == len(second) == 25
    stored = snapshots()
    by_doi = {doi_of(w): w for w in works_of(FIFTY)}
    for paper in papers:
        doi = paper.doi
        if doi in first:  # the answered request's snapshots are written
            assert stored[paper.pk][0] == by_doi[doi]["cited_by_count"]
            assert stored[paper.pk][3] > EARLIER
        else:  # the failed request's are as they were
            assert stored[paper.pk] == (1, "W1", [[2020, 1]], EARLIER)
    assert message in err
    assert "25 keep their last count" in err
    assert "Citations counted for 25 of 50" in out
    assert "25 publications could not be refreshed" in error


def test_a_refusal_stops_the_requests_after_it(services, db, monkeypatch):
    monkeypatch.setattr(openalex, "MAX_IDS", 10)
    publications_for(works_of(FIFTY))
    services.add(
        "/openalex/works",
        recorded(FIFTY),
        Answer(429, b"", "text/plain", headers={"Retry-After": "3600"}),
    )
    out, err, _ = refresh_failing()
    assert len(services.requests) == 2  # none after the refusal
    assert "40 keep their last count" in err
    assert "Citations counted for 10 of 50" in out


def test_an_answer_that_is_not_a_count_is_refused_by_name_and_writes_nothing(services, db):
    """OpenAlex's recorded answer for fifty DOIs, with one work's cited_by_count
    changed to a string."""
    data = json.loads((RECORDED / FIFTY).read_bytes())
    data["results"][3]["cited_by_count"] = "many"
    publications_for(data["results"])
    services.add("/openalex/works", Answer(body=json.dumps(data).encode()))
    _, err, _ = refresh_failing()
    work_id = data["results"][3]["id"].rsplit("/", 1)[1]
    assert f"work {work_id} whose cited_by_count is 'many', not a count" in err
    assert snapshots() == {}


def test_without_a_contact_address_nothing_is_asked(services, db, settings):
    settings.CONTACT_EMAIL = ""
    publications_for(works_of(FIFTY)[:2])
    _, err, error = refresh_failing()
    assert services.requests == []
    assert "PORTFOLIO_CONTACT_EMAIL" in err
    assert "2 publications could not be refreshed" in error


def test_publications_without_an_identifier_are_named_and_not_asked_for(services, db):
    paper = make_publication(title="A Talk Abstract Without a DOI")
    out, _ = refresh()
    assert services.requests == []
    assert "1 without a DOI, PubMed id or arXiv id, not asked for:\n  A Talk Abstract" in out
    assert paper.pk not in snapshots()


def test_a_second_refresh_replaces_the_snapshot_with_the_newer_count(services, db):
    works = works_of(FIFTY)
    papers = publications_for(works)
    services.add("/openalex/works", recorded(FIFTY))
    refresh()
    CitationSnapshot.objects.filter(publication=papers[0]).update(count=1, fetched_at=EARLIER)
    refresh()
    assert CitationSnapshot.objects.count() == 50
    snapshot = CitationSnapshot.objects.get(publication=papers[0])
    assert snapshot.count == works[0]["cited_by_count"] and snapshot.fetched_at > EARLIER
