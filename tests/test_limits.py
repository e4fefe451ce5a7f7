"""Limits on the pages rendered for one client and at once (portfolio.pagecache.limits):
a client flooding the site with uncached requests is told to wait, and nobody else
is held up by it."""

import io
import itertools
import logging
import os
import subprocess
import sys
import threading

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from portfolio.pagecache import limits, middleware

from .factories import make_publication
from .test_settings import PRODUCTION, ROOT

pytestmark = pytest.mark.django_db

FLOODER, OTHER = "203.0.113.5", "198.51.100.20"


@pytest.fixture(autouse=True)
def small_limits(settings, monkeypatch):
    """Three uncached requests a window, two at once; the clock stopped 7 s before
    the end of a window (the suite's own settings raise the limits)."""
    settings.CLIENT_REQUESTS = 3
    settings.CLIENT_RENDERS = 2
    settings.RENDERS_PER_WORKER = 2
    now = [1_000_003.0]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    cache.clear()
    middleware.recent.clear()
    yield now
    cache.clear()
    middleware.recent.clear()


_queries = itertools.count()


def search(client, **extra):
    """An uncached page: a search for words not asked for before (a search asked for
    again is answered from the page cache, when it is on)."""
    return client.get(reverse("search:search"), {"q": f"steady {next(_queries)}"}, **extra)


def statuses(client, times: int, **extra) -> list[int]:
    return [search(client, **extra).status_code for _ in range(times)]


# --- Per client ---------------------------------------------------------------------------
def test_a_client_beyond_its_budget_is_told_when_to_come_back(small_limits):
    flooder = Client(REMOTE_ADDR=FLOODER)
    assert statuses(flooder, 3) == [200, 200, 200]
    refused = search(flooder)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "7"  # the rest of the window
    assert refused["Cache-Control"] == "no-store"
    assert refused["Content-Type"].startswith("text/plain")
    assert "wait 7 seconds" in refused.content.decode()
    small_limits[0] += 7  # the next window
    assert statuses(flooder, 3) == [200, 200, 200]


def test_other_clients_are_not_held_up_by_one_that_is_refused():
    assert statuses(Client(REMOTE_ADDR=FLOODER), 5) == [200, 200, 200, 429, 429]
    assert statuses(Client(REMOTE_ADDR=OTHER), 3) == [200, 200, 200]


def test_the_address_is_the_one_the_proxy_saw_and_a_forged_one_changes_nothing(settings):
    settings.PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    answers = [
        search(proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {FLOODER}").status_code for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    assert search(proxy, HTTP_X_FORWARDED_FOR=OTHER).status_code == 200


def test_an_ipv6_client_is_its_64_network(rf, settings):
    settings.PROXY_COUNT = 0
    same = {
        limits.client_of(rf.get("/", REMOTE_ADDR=address))
        for address in ("2001:db8:1:2::5", "2001:db8:1:2:ffff:1:2:3")
    }
    assert same == {"2001:db8:1:2::/64"}
    assert limits.client_of(rf.get("/", REMOTE_ADDR="2001:db8:1:3::5")) == "2001:db8:1:3::/64"
    assert limits.client_of(rf.get("/", REMOTE_ADDR="::ffff:192.0.2.1")) == "192.0.2.1"
    assert limits.client_of(rf.get("/", REMOTE_ADDR="")) is None


def test_signed_in_editors_are_never_limited_nor_counted(admin_client):
    assert statuses(admin_client, 6, REMOTE_ADDR=FLOODER) == [200] * 6
    # The editor's requests did not use up the address's budget.
    assert statuses(Client(REMOTE_ADDR=FLOODER), 4) == [200, 200, 200, 429]


def test_only_get_and_head_count_and_uploads_never_do(settings):
    settings.SERVE_MEDIA = True
    flooder = Client(REMOTE_ADDR=FLOODER)
    assert flooder.head(reverse("search:search")).status_code == 200
    assert flooder.post(reverse("search:search")).status_code == 405
    assert statuses(flooder, 3) == [200, 200, 429]
    assert flooder.post(reverse("search:search")).status_code == 405
    assert flooder.get(settings.MEDIA_URL + "photo.jpg").status_code == 404


def test_cached_pages_are_served_to_a_refused_client_and_never_count(settings):
    settings.PAGE_CACHE = True
    make_publication(title="On Steady Things", slug="steady")
    Client(REMOTE_ADDR=OTHER).get("/publications/")
    flooder = Client(REMOTE_ADDR=FLOODER)
    for _ in range(5):
        hit = flooder.get("/publications/")
        assert (hit.status_code, hit["X-Cache"]) == (200, "HIT")
    assert statuses(flooder, 4) == [200, 200, 200, 429]
    hit = flooder.get("/publications/")
    assert (hit.status_code, hit["X-Cache"]) == (200, "HIT")


def test_a_refusal_is_never_stored_by_the_page_cache(settings):
    settings.PAGE_CACHE = True
    flooder = Client(REMOTE_ADDR=FLOODER)
    statuses(flooder, 3)
    refused = flooder.get("/publications/")
    assert (refused.status_code, refused["X-Cache"]) == (429, "MISS")
    other = Client(REMOTE_ADDR=OTHER)
    first, second = other.get("/publications/"), other.get("/publications/")
    assert (first.status_code, first["X-Cache"]) == (200, "MISS")
    assert (second.status_code, second["X-Cache"]) == (200, "HIT")


def test_a_page_rendered_past_the_limits_is_still_cached_for_a_visitor_with_a_session(settings):
    """Whether the visitor is signed in is read without marking the page as varying
    with the cookie, which would keep it out of the page cache."""
    settings.PAGE_CACHE = True
    visitor = Client(REMOTE_ADDR=OTHER)
    visitor.cookies[settings.SESSION_COOKIE_NAME] = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"
    first, second = visitor.get("/publications/"), visitor.get("/publications/")
    assert "Cookie" not in first.get("Vary", "")
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")


def test_a_refused_client_costs_no_further_trip_to_the_cache(monkeypatch):
    flooder = Client(REMOTE_ADDR=FLOODER)
    assert statuses(flooder, 4) == [200, 200, 200, 429]

    def no_trip(*args, **kwargs):
        raise AssertionError("the cache was asked")

    backend = caches["default"]
    for name in ("add", "incr", "get", "set"):
        monkeypatch.setattr(backend, name, no_trip)
    assert statuses(flooder, 3) == [429, 429, 429]


def test_a_flood_is_logged_once_not_once_a_request(caplog, monkeypatch):
    # Django's log of each 4xx response would show here too.
    monkeypatch.setattr(logging.getLogger("django.request"), "propagate", True)
    flooder = Client(REMOTE_ADDR=FLOODER)
    with caplog.at_level(logging.INFO):
        assert statuses(flooder, 10) == [200] * 3 + [429] * 7
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"Client {FLOODER} made more than 3 uncached requests in 10 s; refused for 7 s."
    ]


def test_if_the_cache_fails_requests_are_served_uncounted_and_the_log_says_so(monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    backend = caches["default"]
    monkeypatch.setattr(backend, "add", down)
    monkeypatch.setattr(backend, "incr", down)
    with caplog.at_level(logging.WARNING, logger="portfolio.pagecache.limits"):
        assert statuses(Client(REMOTE_ADDR=FLOODER), 6) == [200] * 6
    assert "Request limits unavailable (cache down); clients are not counted." in caplog.text


def test_the_static_build_is_never_limited(settings, tmp_path):
    settings.CLIENT_REQUESTS = settings.CLIENT_RENDERS = settings.RENDERS_PER_WORKER = 1
    for n in range(3):
        make_publication(title=f"Paper {n}", slug=f"paper-{n}")
    out = io.StringIO()
    call_command("build_site", str(tmp_path / "site"), base_url="https://example.org/", stdout=out)
    assert (tmp_path / "site" / "publications" / "paper-2" / "index.html").exists()


# --- At once ------------------------------------------------------------------------------
class HeldView:
    """A view that holds its render until let go, as a slow page would."""

    def __init__(self):
        self.inside = threading.Semaphore(0)
        self.go = threading.Event()

    def __call__(self, request):
        self.inside.release()
        self.go.wait(30)
        return HttpResponse("page")


def in_threads(middleware, requests) -> tuple[list, list[threading.Thread]]:
    answers = []
    threads = [
        threading.Thread(target=lambda r=r: answers.append(middleware(r).status_code))
        for r in requests
    ]
    for thread in threads:
        thread.start()
    return answers, threads


@pytest.mark.parametrize("backend", ["locmem", "file"])
def test_a_client_has_at_most_its_number_of_renders_at_once_across_workers(
    backend, settings, rf, tmp_path
):
    if backend == "file":  # adds in two steps, taken under a lock
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
    settings.CLIENT_REQUESTS = 10
    settings.RENDERS_PER_WORKER = 0
    view = HeldView()
    one_worker = limits.RequestLimitMiddleware(view)
    another_worker = limits.RequestLimitMiddleware(lambda request: HttpResponse("page"))
    answers, threads = in_threads(one_worker, [rf.get("/search/", REMOTE_ADDR=FLOODER)] * 2)
    try:
        for _ in threads:
            assert view.inside.acquire(timeout=30)
        third = another_worker(rf.get("/search/", REMOTE_ADDR=FLOODER))
        assert (third.status_code, third["Retry-After"]) == (429, "1")
        assert another_worker(rf.get("/search/", REMOTE_ADDR=OTHER)).status_code == 200
    finally:
        view.go.set()
        for thread in threads:
            thread.join()
    assert answers == [200, 200]
    assert another_worker(rf.get("/search/", REMOTE_ADDR=FLOODER)).status_code == 200


def test_a_worker_renders_at_most_its_number_of_pages_at_once(settings, rf, monkeypatch):
    settings.CLIENT_REQUESTS = settings.CLIENT_RENDERS = 0
    monkeypatch.setattr(limits, "RENDER_WAIT_SECONDS", 0.05)
    view = HeldView()
    worker = limits.RequestLimitMiddleware(view)
    requests = [rf.get("/search/", REMOTE_ADDR=f"198.51.100.{n}") for n in range(2)]
    answers, threads = in_threads(worker, requests)
    try:
        for _ in threads:
            assert view.inside.acquire(timeout=30)
        busy = worker(rf.get("/search/", REMOTE_ADDR=OTHER))
        assert busy.status_code == 503
        assert busy["Retry-After"] == "5"
        assert busy["Cache-Control"] == "no-store"
    finally:
        view.go.set()
        for thread in threads:
            thread.join()
    assert answers == [200, 200]
    assert worker(rf.get("/search/", REMOTE_ADDR=OTHER)).status_code == 200


def test_a_streamed_page_holds_its_place_until_it_is_sent(settings, rf, monkeypatch):
    settings.RENDERS_PER_WORKER = 1
    monkeypatch.setattr(limits, "RENDER_WAIT_SECONDS", 0.05)
    worker = limits.RequestLimitMiddleware(
        lambda request: StreamingHttpResponse(iter([b"a", b"b"]))
    )
    streamed = worker(rf.get("/cv.json", REMOTE_ADDR=OTHER))
    assert worker(rf.get("/cv.json", REMOTE_ADDR=FLOODER)).status_code == 503
    assert b"".join(streamed.streaming_content) == b"ab"
    streamed.close()
    again = worker(rf.get("/cv.json", REMOTE_ADDR=FLOODER))
    assert again.status_code == 200
    again.close()
    assert worker(rf.get("/cv.json", REMOTE_ADDR=FLOODER)).status_code == 200


def test_a_page_that_fails_gives_its_places_back(settings, rf):
    settings.RENDERS_PER_WORKER = settings.CLIENT_RENDERS = 1

    def failing(request):
        raise RuntimeError("the view failed")

    worker = limits.RequestLimitMiddleware(failing)
    with pytest.raises(RuntimeError):
        worker(rf.get("/search/", REMOTE_ADDR=FLOODER))
    worker.get_response = lambda request: HttpResponse("page")
    assert worker(rf.get("/search/", REMOTE_ADDR=FLOODER)).status_code == 200


# --- Settings -----------------------------------------------------------------------------
@pytest.mark.process
def test_the_limits_are_on_in_the_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="site_config.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "m = s.MIDDLEWARE; print(s.CLIENT_REQUESTS, s.CLIENT_RENDERS, s.RENDERS_PER_WORKER,"
        " m.index('portfolio.pagecache.limits.RequestLimitMiddleware')"
        " - m.index('portfolio.pagecache.middleware.PageCacheMiddleware'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["20", "2", "2", "1"]
