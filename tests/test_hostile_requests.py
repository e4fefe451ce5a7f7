"""Odd URLs and query strings, on the public site and in the admin: a page or a
4xx, never a server error, on SQLite and on PostgreSQL (which refuses NUL). And
OPTIONS, which tells of a public address what GET tells: whether a page is there."""

import pytest
from django.test import Client
from django.urls import reverse

from .factories import (
    make_author,
    make_course,
    make_news,
    make_page,
    make_profile,
    make_project,
    make_publication,
    make_talk,
)

PUBLIC = [
    "/topics/%00/",
    "/topics/a%00b/",
    "/topics/%E2%80%8B/",
    "/topics/" + "x" * 3000 + "/",
    "/publications/%00/",
    "/publications/a%00.bib",
    "/talks/%00/",
    "/authors/%00/",
    "/publications/?topic=%00&kind=%00&year=%00&group=%00",
    "/publications/?year=99999999999999999999&kind=conference&topic=a%00",
    "/publications.bib?topic=%00&year=-1&kind=<script>",
    "/%00",
]
ADMIN = [
    "/admin/publications/publication/?q=%00",
    "/admin/publications/publication/?year=%00",
    "/admin/publications/publication/?tags__id__exact=%00",
    "/admin/publications/publication/?o=%00",
    "/admin/publications/publication/?p=%00",
    "/admin/publications/publication/%00/change/",
    "/admin/publications/author/?q=%00",
    "/admin/publications/author/autocomplete/?term=%00",
    "/admin/autocomplete/?term=%00&app_label=publications&model_name=publication"
    "&field_name=versions",
    "/admin/talks/talk/?q=%00",
    "/admin/positions/position/?q=%00",
    "/admin/taggit/tag/?q=%00",
    "/admin/taggit/tag/%00/change/",
    "/admin/profile/award/?q=%00",
    "/admin/publications/publication/recover/%00/",
    "/admin/publications/publication/1/history/%00/",
]


@pytest.fixture
def client_500():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_urls_never_fail(client_500, db, url):
    make_publication(tags=["a"])
    assert client_500.get(url).status_code in {200, 301, 302, 400, 404}


@pytest.mark.parametrize("url", ADMIN)
def test_admin_urls_never_fail(client_500, admin_user, db, url):
    make_publication(tags=["a"])
    client_500.force_login(admin_user)
    assert client_500.get(url).status_code in {200, 301, 302, 400, 403, 404}


@pytest.mark.parametrize("url", ["/topics/%00/", "/publications/?topic=%00", "/?a%00=1"])
def test_a_null_character_in_the_address_is_a_bad_request(client_500, db, url):
    response = client_500.get(url)
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_a_null_character_in_a_cookie_is_a_bad_request(db):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefghij\x00klmnop"
    response = client.get("/admin/")
    assert response.status_code == 400


# --- OPTIONS ----------------------------------------------------------------------------

# Every address with a slug: the pages of each content type, the topic and author
# pages, and the exports of one entry or one filter.
ENTRIES = [
    ("publications:detail", "paper"),
    ("publications:bibtex", "paper"),
    ("publications:author", "ada"),
    ("talks:detail", "talk"),
    ("news:detail", "news"),
    ("projects:detail", "project"),
    ("teaching:detail", "course"),
    ("freepages:detail", "page"),
    ("website:topic", "routing"),
    ("publications:topic", "routing"),
    ("publications:kind", "conference"),
    ("publications:topic_bibtex", "routing"),
    ("publications:kind_bibtex", "conference"),
]
# Addresses that are always there: lists, feeds, exports, the site's own pages.
ALWAYS = [
    "website:home", "website:cv", "website:topics", "search:search", "website:robots", "sitemap",
    "publications:list", "publications:by_year", "publications:list_bibtex", "talks:list",
    "news:list", "projects:list", "teaching:list", "cvdata:json", "feeds:publications_rss",
    "feeds:publications_atom", "feeds:talks_rss", "feeds:talks_atom", "feeds:news_rss",
    "feeds:news_atom",
]  # fmt: skip


@pytest.fixture
def one_of_each(db):
    make_profile()
    ada = make_author(slug="ada", is_owner=True)
    make_publication(slug="paper", authors=[ada], tags=["routing"], kind="conference")
    make_talk(slug="talk")
    make_news(slug="news")
    make_project(slug="project")
    make_course(slug="course")
    make_page(slug="page")


def assert_options_say_the_page_is_there(response) -> None:
    assert response.status_code == 200
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.getvalue() == b""


@pytest.mark.parametrize(("name", "slug"), ENTRIES)
def test_options_on_an_entry_is_200_naming_the_methods(client, one_of_each, name, slug):
    url = reverse(name, args=[slug])
    assert client.get(url).status_code == 200
    assert_options_say_the_page_is_there(client.options(url))


@pytest.mark.parametrize(("name", "slug"), ENTRIES)
def test_options_on_a_missing_entry_is_404_as_get_is(client, one_of_each, name, slug):
    url = reverse(name, args=["zzz"])
    assert client.get(url).status_code == 404
    assert client.options(url).status_code == 404


@pytest.mark.parametrize("name", ALWAYS)
def test_options_on_lists_feeds_and_exports_is_200_naming_the_methods(client, one_of_each, name):
    assert client.get(reverse(name)).status_code == 200
    assert_options_say_the_page_is_there(client.options(reverse(name)))


def test_options_on_hidden_entries_is_404(client, db):
    hidden = [
        reverse("publications:detail", args=[make_publication(is_published=False).slug]),
        reverse("talks:detail", args=[make_talk(is_published=False).slug]),
        reverse("news:detail", args=[make_news(is_published=False).slug]),
        reverse("projects:detail", args=[make_project(is_published=False).slug]),
        reverse("teaching:detail", args=[make_course(is_published=False).slug]),
        reverse("freepages:detail", args=[make_page(is_published=False).slug]),
    ]
    # An author of hidden publications only has no page.
    author = make_author(slug="hidden-author")
    make_publication(authors=[author], is_published=False)
    hidden.append(reverse("publications:author", args=[author.slug]))
    for url in hidden:
        assert client.get(url).status_code == 404, url
        assert client.options(url).status_code == 404, url


def test_options_on_a_former_slug_redirects_as_get_does(client, db):
    page = make_page(slug="old")
    page.slug = "new"
    page.save()
    old = reverse("freepages:detail", args=["old"])
    response = client.options(old)
    assert response.status_code == 301
    assert response["Location"] == client.get(old)["Location"] == page.get_absolute_url()
