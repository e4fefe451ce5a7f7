"""The page cache (portfolio.pagecache): public pages answered from the cache
for visitors who are not signed in, and fresh after every kind of write."""

import logging

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from portfolio.pagecache import lru, middleware, version
from portfolio.profile.models import Profile
from portfolio.publications.models import Author, Publication

from .factories import make_author, make_publication, make_talk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    version._State.pending.clear()
    middleware.outage.failed_at = 0.0
    middleware.recent.clear()
    yield
    version._State.pending.clear()
    middleware.outage.failed_at = 0.0


@pytest.fixture
def portfolio():
    owner = make_author(given_name="Ada", family_name="Researcher", is_owner=True)
    coauthor = make_author(given_name="Basil", family_name="Coauthor", slug="basil-coauthor")
    topic = Tag.objects.create(name="Optimisation", slug="optimisation")
    publication = make_publication(
        authors=[owner, coauthor], tags=[topic], title="On Steady Things", slug="steady"
    )
    make_talk(tags=[topic], title="A Talk on Steady Things", slug="steady-talk")
    Profile.objects.create(name="Ada Researcher", headline="Professor of Things")
    return publication


def fetch(client, path, **headers):
    response = client.get(path, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def twice(path, client=None, **headers):
    """The cache state and body of two requests in a row."""
    client = client or Client()
    first, first_body = fetch(client, path, **headers)
    second, second_body = fetch(client, path, **headers)
    assert first.status_code == second.status_code == 200, path
    return first["X-Cache"], second["X-Cache"], first_body, second_body


PUBLIC = [
    "/",
    "/cv/",
    "/publications/",
    "/publications/?group=year&kind=conference",
    "/publications/steady/",
    "/publications/steady.bib",
    "/publications.bib",
    "/authors/basil-coauthor/",
    "/talks/",
    "/talks/steady-talk/",
    "/topics/",
    "/topics/optimisation/",
    "/cv.json",
    "/robots.txt",
    "/sitemap.xml",
    "/feeds/publications.rss",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_is_served_from_the_cache_the_second_time(portfolio, path):
    first, second, first_body, second_body = twice(path)
    assert (first, second) == ("MISS", "HIT")
    assert first_body == second_body


def test_feeds_of_every_content_type_are_cached(portfolio):
    from portfolio.core import registry

    for file_name in registry.feeds():
        assert twice(f"/feeds/{file_name}")[:2] == ("MISS", "HIT")


def test_a_hit_keeps_the_headers_of_the_page(portfolio):
    client = Client()
    miss = client.get("/publications/")
    hit = client.get("/publications/")
    for header in ("Content-Type", "Content-Security-Policy", "ETag", "X-Frame-Options"):
        assert hit[header] == miss[header]
    assert hit["Content-Length"] == str(len(hit.content))


def test_the_admin_is_never_cached(portfolio, admin_client):
    for client in (Client(), admin_client):
        for _ in range(2):
            response = client.get(reverse("admin:login"))
            assert "X-Cache" not in response
    response = admin_client.get(reverse("admin:publications_publication_changelist"))
    assert response.status_code == 200 and "X-Cache" not in response


# --- Always fresh -----------------------------------------------------------------------
def assert_fresh(path: str, change, expected: str) -> None:
    client = Client()
    fetch(client, path)
    assert fetch(client, path)[0]["X-Cache"] == "HIT"
    change()
    response, body = fetch(client, path)
    assert response["X-Cache"] == "MISS"
    assert expected in body.decode()


def test_a_save_is_shown_on_the_next_request(portfolio):
    def change():
        portfolio.title = "On Changing Things"
        portfolio.save()

    assert_fresh("/publications/", change, "On Changing Things")


def test_renaming_a_coauthor_changes_every_page_that_names_them(portfolio):
    for path in ("/publications/", "/publications/steady/", "/cv/", "/cv.json"):
        assert_fresh(
            path,
            lambda: Author.objects.filter(slug="basil-coauthor").update(family_name="Renamed"),
            "Renamed",
        )
        Author.objects.filter(slug="basil-coauthor").update(family_name="Coauthor")


def test_renaming_a_topic_and_the_profile_changes_the_pages(portfolio):
    tag = Tag.objects.get(slug="optimisation")

    def rename_topic():
        tag.name = "Steady Optimisation"
        tag.save()

    assert_fresh("/topics/", rename_topic, "Steady Optimisation")
    assert_fresh(
        "/",
        lambda: Profile.objects.update(headline="Reader in Steadiness"),
        "Reader in Steadiness",
    )


def test_bulk_writes_and_raw_sql_count(portfolio):
    assert_fresh(
        "/publications/",
        lambda: Publication.objects.bulk_create(
            [Publication(title="Bulk Made Paper", slug="bulk", citation_key="bulk", year=2020)]
        ),
        "Bulk Made Paper",
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE publications_publication SET title = %s WHERE slug = %s",
                ["Raw Titled Paper", "steady"],
            )

    assert_fresh("/publications/", raw, "Raw Titled Paper")

    def delete():
        Publication.objects.filter(slug="bulk").delete()

    client = Client()
    fetch(client, "/publications/")
    delete()
    assert b"Bulk Made Paper" not in fetch(client, "/publications/")[1]


def test_a_transaction_counts_once_it_commits_and_not_if_it_rolls_back(portfolio):
    client = Client()
    fetch(client, "/publications/")
    with transaction.atomic():
        Publication.objects.filter(pk=portfolio.pk).update(title="Not Yet Committed")
        # Another request during the transaction still gets the stored page.
        assert fetch(Client(), "/publications/")[0]["X-Cache"] == "HIT"
    response, body = fetch(client, "/publications/")
    assert response["X-Cache"] == "MISS" and b"Not Yet Committed" in body

    fetch(client, "/publications/")
    with transaction.atomic():
        Publication.objects.filter(pk=portfolio.pk).update(title="Rolled Back")
        transaction.set_rollback(True)
    response, body = fetch(client, "/publications/")
    assert response["X-Cache"] == "HIT" and b"Rolled Back" not in body


def test_a_page_rendered_while_a_change_commits_is_not_kept(portfolio, monkeypatch):
    """A request that began before the change was saved stores its page under the
    old version: the next request renders the page again."""
    from portfolio.publications import views

    original = views.PublicationListView.get_context_data

    def commit_a_change_while_rendering(self, **kwargs):
        context = original(self, **kwargs)
        Publication.objects.filter(pk=portfolio.pk).update(title="Saved Meanwhile")
        return context

    monkeypatch.setattr(
        views.PublicationListView, "get_context_data", commit_a_change_while_rendering
    )
    client = Client()
    response, body = fetch(client, "/publications/")
    assert b"Saved Meanwhile" not in body  # rendered from the rows read before the change
    monkeypatch.setattr(views.PublicationListView, "get_context_data", original)
    response, body = fetch(client, "/publications/")
    assert response["X-Cache"] == "MISS" and b"Saved Meanwhile" in body


def test_a_process_without_the_page_cache_still_records_its_changes(portfolio, settings):
    client = Client()
    fetch(client, "/publications/")
    settings.PAGE_CACHE = False  # a command run with DJANGO_PAGE_CACHE=0
    before = version.current_version()
    Publication.objects.filter(pk=portfolio.pk).update(title="Saved By A Command")
    assert version.current_version() != before
    settings.PAGE_CACHE = True
    response, body = fetch(client, "/publications/")
    assert response["X-Cache"] == "MISS" and b"Saved By A Command" in body


def test_private_tables_do_not_empty_the_cache(portfolio, admin_user):
    client = Client()
    fetch(client, "/publications/")
    User.objects.filter(pk=admin_user.pk).update(first_name="Editor")
    assert fetch(client, "/publications/")[0]["X-Cache"] == "HIT"


# --- No bypass, no flood -------------------------------------------------------------
def test_signed_in_editors_bypass_the_cache_and_are_never_stored(portfolio, admin_client):
    assert admin_client.get("/publications/")["X-Cache"] == "BYPASS"
    assert admin_client.get("/publications/")["X-Cache"] == "BYPASS"
    assert Client().get("/publications/")["X-Cache"] == "MISS"


def test_a_made_up_session_cookie_does_not_bypass_the_cache(portfolio, settings):
    fetch(Client(), "/publications/")
    for value in ("0123456789abcdefghijklmnopqrstuv", "made-up;value", "x" * 500):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = value
        assert client.get("/publications/")["X-Cache"] == "HIT"


def test_a_signed_out_session_is_served_from_the_cache(portfolio, admin_client):
    session_key = admin_client.cookies["sessionid"].value
    fetch(Client(), "/publications/")
    admin_client.logout()
    client = Client()
    client.cookies["sessionid"] = session_key
    assert client.get("/publications/")["X-Cache"] == "HIT"


@pytest.mark.parametrize(
    ("asked", "normal"),
    [
        ("/publications/?utm_source=news&kind=conference&fbclid=x&group=year",
         "/publications/?group=year&kind=conference"),
        ("/publications/?kind=x1&kind=conference&year=2018",
         "/publications/?kind=conference&year=2018"),
        ("/publications/?year=02018", "/publications/?year=2018"),
        ("/publications/?year=+2018+&topic=+optimisation+&kind=conference",
         "/publications/?kind=conference&topic=optimisation&year=2018"),
        ("/publications/?year=abc&kind=no-such-kind", "/publications/"),
        ("/publications/?kind=conference&kind=no-such-kind", "/publications/"),
        ("/publications/?kind=", "/publications/"),
        ("/publications.bib?year=2018&year=02018&topic=", "/publications.bib?year=2018"),
        ("/?utm_source=news", "/"),
        ("/publications/steady/?ref=x", "/publications/steady/"),
        ("/feeds/publications.rss?x=1", "/feeds/publications.rss"),
    ],
)  # fmt: skip
def test_a_query_string_not_in_normal_form_moves_to_it(portfolio, asked, normal):
    response = Client().get(asked)
    assert response.status_code == 301 and response["Location"] == normal
    # The normal form is stable: asked for, it is not sent to itself again.
    assert Client().get(normal).get("Location") != normal


def test_junk_query_strings_add_no_cache_entries(portfolio, tmp_path):
    client = Client()
    fetch(client, "/publications/?kind=conference&year=2018")
    before = len(list((tmp_path / "cache").iterdir()))
    for i in range(50):
        response = client.get(f"/publications/?kind=x{i}&kind=conference&year=2018")
        assert response.status_code == 301
        response = client.get(f"/publications/?kind=conference&year=0{i:02}2018")
        assert response.status_code == 301
    assert len(list((tmp_path / "cache").iterdir())) == before


def test_the_normal_form_holds_with_the_page_cache_off(portfolio, settings):
    settings.PAGE_CACHE = False
    response = Client().get("/publications/?year=02018&utm_source=x")
    assert response.status_code == 301 and response["Location"] == "/publications/?year=2018"


def test_a_parameter_the_view_reads_reaches_it_only_in_normal_form(portfolio):
    response, body = fetch(Client(), "/publications/?group=year&kind=conference")
    assert response.status_code == 200 and b"utm_source" not in body


def test_filters_that_match_nothing_are_not_stored(portfolio):
    for path in ("/publications/?topic=no-such-topic", "/publications.bib?topic=no-such-topic"):
        client = Client()
        assert client.get(path)["X-Cache"] == "MISS"
        assert client.get(path)["X-Cache"] == "MISS"


def test_missing_pages_are_not_stored(portfolio):
    client = Client()
    for _ in range(2):
        response = client.get("/publications/no-such-paper/")
        assert response.status_code == 404 and response["X-Cache"] == "MISS"


def test_the_file_cache_is_bounded(portfolio, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "small"),
            "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2},
        }
    }
    client = Client()
    for year in range(1950, 2000):
        make_publication(year=year)
    for year in range(1950, 2000):
        client.get(f"/publications/?year={year}")
    assert len(list((tmp_path / "small").iterdir())) <= 11


# --- Validators and compression ------------------------------------------------------------
def test_a_repeat_visit_with_the_etag_is_304_from_the_cache(portfolio):
    client = Client()
    etag = client.get("/publications/")["ETag"]
    response = client.get("/publications/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["X-Cache"] == "HIT"
    assert response.content == b""
    assert client.get("/publications/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_answers_a_repeat_visit_with_304(portfolio, path):
    client = Client()
    first, _ = fetch(client, path)
    assert first["ETag"], path
    repeat = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.status_code == 304 and repeat["X-Cache"] == "HIT", path
    assert repeat["ETag"] == first["ETag"]


@pytest.mark.parametrize("path", ["/sitemap.xml", "/cv.json", "/publications.bib"])
def test_a_streamed_document_keeps_its_etag_until_the_content_changes(portfolio, path):
    client = Client()
    etag = fetch(client, path)[0]["ETag"]
    assert etag.startswith('W/"')
    middleware.recent.clear()
    from django.core.cache import cache

    cache.clear()  # evicted: rendered again, under the same version
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["X-Cache"] == "MISS"
    Publication.objects.filter(pk=portfolio.pk).update(title="A New Title")
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_each_encoding_is_its_own_entry(portfolio):
    client = Client()
    plain = client.get("/publications/")
    gzip = client.get("/publications/", HTTP_ACCEPT_ENCODING="gzip")
    brotli = client.get("/publications/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert gzip["X-Cache"] == brotli["X-Cache"] == "MISS"
    assert client.get("/publications/", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    hit = client.get("/publications/", HTTP_ACCEPT_ENCODING="br, gzip")
    assert hit["X-Cache"] == "HIT" and hit["Content-Encoding"] == "br"
    assert "Content-Encoding" not in client.get("/publications/")
    assert plain.content != gzip.content != brotli.content


# --- When the cache fails -------------------------------------------------------------------
def test_pages_are_served_uncached_when_the_cache_is_unreachable(portfolio, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    with caplog.at_level(logging.WARNING, logger="portfolio.pagecache"):
        for _ in range(2):
            response = Client().get("/publications/")
            assert response.status_code == 200 and b"On Steady Things" in response.content
        portfolio.title = "Saved Without A Cache"
        portfolio.save()
    assert b"Saved Without A Cache" in Client().get("/publications/").content
    assert "Page cache unavailable" in caplog.text


def test_a_change_made_while_the_cache_is_unreachable_shows_once_it_is_back(
    portfolio, monkeypatch
):
    client = Client()
    fetch(client, "/publications/")
    from django.core.cache import caches

    def down(*args, **kwargs):
        raise OSError("down")

    with monkeypatch.context() as patch:
        for method in ("get", "set", "add", "delete"):
            patch.setattr(caches["default"], method, down)
        Publication.objects.filter(pk=portfolio.pk).update(title="Saved While The Cache Was Down")
    middleware.outage.failed_at = 0.0  # the retry delay has passed
    middleware.recent.clear()  # as in another process, which never saw the change
    response, body = fetch(client, "/publications/")
    assert b"Saved While The Cache Was Down" in body and response["X-Cache"] == "MISS"


def test_a_change_the_version_missed_is_recorded_before_any_page_is_served(portfolio, monkeypatch):
    client = Client()
    fetch(client, "/publications/")
    real = version._write_version
    monkeypatch.setattr(version, "_write_version", lambda using: False)
    Publication.objects.filter(pk=portfolio.pk).update(title="Saved While Recording Failed")
    version._State.pending.add("default")
    monkeypatch.setattr(version, "_write_version", real)
    response, body = fetch(client, "/publications/")
    assert b"Saved While Recording Failed" in body and response["X-Cache"] == "MISS"
    assert not version._State.pending


def test_a_hit_costs_one_read_of_the_database(portfolio, django_assert_num_queries):
    client = Client()
    fetch(client, "/publications/steady/")
    with django_assert_num_queries(1):
        assert client.get("/publications/steady/")["X-Cache"] == "HIT"


def test_an_emptied_database_starts_a_new_version(portfolio):
    client = Client()
    fetch(client, "/publications/")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_contentversion")
    assert fetch(client, "/publications/")[0]["X-Cache"] == "MISS"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_contentversion")
        assert cursor.fetchone() == (1,)


def test_commands_and_history_count(portfolio, tmp_path):
    import reversion
    from django.core.management import call_command

    from .conftest import SAMPLE_CV

    Author.objects.update(is_owner=False)  # the sample CV names its own owner
    assert_fresh(
        "/publications/",
        lambda: call_command("load_cv", str(SAMPLE_CV), verbosity=0),
        "Sparse Routing for Efficient Transformers",
    )
    bib = tmp_path / "one.bib"
    bib.write_text(
        "@misc{imported2024, title={An Imported Note}, author={Doe, Jane}, year={2024}}"
    )
    assert_fresh(
        "/publications/",
        lambda: call_command("import_bibtex", str(bib), verbosity=0),
        "An Imported",
    )

    with reversion.create_revision():
        Publication.objects.get(pk=portfolio.pk).save()
    Publication.objects.filter(pk=portfolio.pk).update(title="Edited Before The Revert")
    version = reversion.models.Version.objects.get_for_object(portfolio).first()
    assert_fresh("/publications/", version.revision.revert, "On Steady Things")

    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert_fresh(
        "/publications/", lambda: call_command("restore", str(archive), verbosity=0), "An Imported"
    )


@pytest.mark.parametrize("path", ["/cv.json", "/publications.bib", "/sitemap.xml"])
def test_growing_exports_are_streamed_and_kept_once_complete(portfolio, path):
    client = Client()
    first = client.get(path)
    assert first.streaming and first["X-Cache"] == "MISS"
    body = first.getvalue()
    again = client.get(path)
    assert again["X-Cache"] == "HIT" and again.getvalue() == body


def test_a_streamed_export_too_large_to_keep_is_not_stored(portfolio, settings):
    settings.PAGE_CACHE_MAX_BYTES = 100
    client = Client()
    for _ in range(2):
        response = client.get("/cv.json")
        assert response["X-Cache"] == "MISS" and len(response.getvalue()) > 100


def test_a_page_held_in_memory_is_served_only_under_the_current_version(portfolio):
    client = Client()
    fetch(client, "/publications/")
    assert middleware.recent.items  # kept in this process's memory too
    fetch(client, "/publications/")
    Publication.objects.filter(pk=portfolio.pk).update(title="Changed Under Memory")
    response, body = fetch(client, "/publications/")
    assert response["X-Cache"] == "MISS" and b"Changed Under Memory" in body


def test_memory_holds_a_bounded_number_of_bytes():
    memory = lru.SizedLRU(1000, size_of=middleware._body_size, max_item=250)
    for i in range(20):
        memory.put(f"page{i}", ("v", 200, [], b"x" * 200))
    assert memory.size <= 1000 and memory.get("page0") is None
    assert memory.get("page19") is not None
    memory.put("huge", ("v", 200, [], b"x" * 600))
    assert memory.get("huge") is None


# --- CACHE_URL ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "filebased.FileBasedCache", None),
        ("file:///var/cache/portfolio", "filebased.FileBasedCache", "/var/cache/portfolio"),
        ("redis://cache.internal:6379/0", "redis.RedisCache", "redis://cache.internal:6379/0"),
        ("rediss://cache.internal:6380/1", "redis.RedisCache", "rediss://cache.internal:6380/1"),
        ("locmem://", "locmem.LocMemCache", None),
        ("dummy://", "dummy.DummyCache", None),
    ],
)
def test_cache_url_chooses_the_cache(monkeypatch, url, backend, location):
    from site_config import env
    from site_config.settings import BASE_DIR

    monkeypatch.setenv("CACHE_URL", url)
    config = env.cache("CACHE_URL", f"file://{BASE_DIR / 'cache'}", max_entries=2000)
    assert config["BACKEND"] == f"django.core.cache.backends.{backend}"
    if location:
        assert config["LOCATION"] == location
    if not url:
        assert config["LOCATION"] == str(BASE_DIR / "cache")


@pytest.mark.parametrize("url", ["memcached://cache:11211", "file://relative/folder", "cache"])
def test_an_unknown_cache_url_stops_start_up(monkeypatch, url):
    from django.core.exceptions import ImproperlyConfigured

    from site_config import env

    monkeypatch.setenv("CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        env.cache("CACHE_URL", "file:///var/cache/portfolio", max_entries=2000)


def test_workers_release_memory_after_a_large_response(monkeypatch):
    import importlib.util
    from types import SimpleNamespace

    from site_config.settings import BASE_DIR

    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", BASE_DIR / "site_config" / "gunicorn.py"
    )
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    released = []
    monkeypatch.setattr(config, "_release_free_memory", lambda: released.append(True))
    config.post_request(None, None, {}, SimpleNamespace(sent=20_000))
    assert released == []
    config.post_request(None, None, {}, SimpleNamespace(sent=5_000_000))
    assert released == [True]
    monkeypatch.undo()
    config._release_free_memory()  # runs on this machine's C library


def test_a_new_appearance_reaches_every_cached_page(portfolio):
    def change():
        Profile.objects.update(accent_colour="#2e7d32", font="serif")

    for path in ("/", "/publications/steady/"):
        assert_fresh(path, change, '<link rel="stylesheet" href="/theme/')


@pytest.mark.parametrize("name", ["site.css", "icons.svg", "face.woff2"])
def test_a_static_file_made_again_retires_the_cached_pages(settings, tmp_path, name):
    """Without a collected manifest (development), a stylesheet, sprite or font
    made again in place changes the code's fingerprint, part of every page's key."""
    static = tmp_path / "portfolio" / "core" / "static"
    static.mkdir(parents=True)
    (tmp_path / "templates").mkdir()
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    (static / name).write_bytes(b"first")
    version.code_fingerprint.cache_clear()
    try:
        before = version.code_fingerprint()
        (static / name).write_bytes(b"made again")
        version.code_fingerprint.cache_clear()
        assert version.code_fingerprint() != before
    finally:
        version.code_fingerprint.cache_clear()
