"""The one HTTP client of the outside services: what it sends, and every way an
answer can go wrong, each a clear error naming what was asked for. The services
are played by a local server (tests/replay.py)."""

import socket
import time

import pytest

from portfolio.importing import http
from portfolio.importing.http import (
    BadResponse,
    NoContact,
    NotFound,
    RateLimited,
    Unreachable,
)

from .replay import Answer


def test_a_request_names_the_site_and_its_contact_and_asks_for_the_format(services):
    services.add("/doi/10.1/x", Answer(body=b"{}"))
    answer = http.get("doi", "10.1/x", accept="application/json", what="DOI 10.1/x")
    assert (answer.status, answer.body) == (200, b"{}")
    sent = services.requests[0].headers
    assert sent["Accept"] == "application/json"
    assert "mailto:owner@example.org" in sent["User-Agent"]
    assert sent["User-Agent"].startswith("academic-portfolio/")


def test_without_a_contact_address_nothing_is_fetched(services, settings):
    settings.CONTACT_EMAIL = ""
    with pytest.raises(NoContact, match="PORTFOLIO_CONTACT_EMAIL"):
        http.get("doi", "10.1/x")
    assert services.requests == []


def test_an_unknown_record_is_not_found_naming_it(services):
    with pytest.raises(NotFound, match=r"doi\.org has no record of DOI 10\.1/nope \(HTTP 404\)"):
        http.get("doi", "10.1/nope", what="DOI 10.1/nope")


def test_a_short_retry_after_is_waited_out(services, monkeypatch):
    waits = []
    monkeypatch.setattr(time, "sleep", waits.append)
    services.add(
        "/orcid/x",
        Answer(429, b"slow down", "text/plain", {"Retry-After": "2"}),
        Answer(body=b"ok"),
    )
    assert http.get("orcid", "x").body == b"ok"
    assert 2 in waits
    assert len(services.requests) == 2


def test_a_long_retry_after_is_a_rate_limit_error_at_once(services, monkeypatch):
    monkeypatch.setattr(time, "sleep", lambda s: pytest.fail("waited"))
    services.add("/orcid/x", Answer(429, b"", "text/plain", {"Retry-After": "3600"}))
    with pytest.raises(RateLimited, match="asks to wait 3600 seconds; ORCID iD x was not"):
        http.get("orcid", "x", what="ORCID iD x")
    assert len(services.requests) == 1


def test_a_rate_limit_that_lasts_ends_in_an_error(services, monkeypatch):
    monkeypatch.setattr(time, "sleep", lambda s: None)
    services.add("/arxiv/query", Answer(503, b"", "text/plain", {"Retry-After": "1"}))
    with pytest.raises(RateLimited, match=r"arXiv is refusing requests for now \(HTTP 503\)"):
        http.get("arxiv", "query")
    assert len(services.requests) == 3


def test_a_slow_service_is_a_timeout(services, settings):
    settings.IMPORT_TIMEOUT = 0.2
    services.add("/pubmed/efetch.fcgi", Answer(body=b"late", delay=1))
    with pytest.raises(Unreachable, match=r"no answer within 0\.2 seconds"):
        http.get("pubmed", "efetch.fcgi", what="PMID 1")


def test_a_body_cut_short_is_unreachable(services):
    services.add("/doi/x", Answer(body=b"{", cut_short=True))
    with pytest.raises(Unreachable, match=r"Could not reach doi\.org for x"):
        http.get("doi", "x")


def test_a_server_error_is_a_bad_response(services):
    services.add("/doi/x", Answer(500, b"oops", "text/plain"))
    with pytest.raises(BadResponse, match=r"doi\.org answered HTTP 500 for x"):
        http.get("doi", "x")


def test_a_service_nobody_answers_is_unreachable(services, settings):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    settings.IMPORT_SERVICES["doi"]["url"] = f"http://127.0.0.1:{port}"
    with pytest.raises(Unreachable, match=r"Could not reach doi\.org for DOI 10\.1/x"):
        http.get("doi", "10.1/x", what="DOI 10.1/x")


def test_requests_to_one_service_keep_its_pace(services, settings, monkeypatch):
    settings.IMPORT_SERVICES["arxiv"]["pace"] = 3
    waits = []
    monkeypatch.setattr(time, "sleep", waits.append)
    services.add("/arxiv/query", Answer(body=b"ok"))
    http.get("arxiv", "query")
    http.get("arxiv", "query")
    assert waits and 2.5 < waits[-1] <= 3


def test_the_suite_reaches_no_other_machine():
    with pytest.raises(Exception, match=r"[Ss]ocket"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_retry_after_reads_seconds_and_dates():
    assert http.retry_after("120") == 120
    assert http.retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert http.retry_after("soon") is None


def test_a_refusal_keeps_what_the_service_said(services):
    services.add("/arxiv/query", Answer(400, b"<feed>why</feed>", "application/atom+xml"))
    with pytest.raises(BadResponse, match="arXiv answered HTTP 400 for query") as refused:
        http.get("arxiv", "query")
    answer = refused.value.response
    assert (answer.status, answer.content_type, answer.body) == (
        400,
        "application/atom+xml",
        b"<feed>why</feed>",
    )
