"""Odd URLs and query strings, on the public site and in the admin: a page or a
4xx, never a server error, on SQLite and on PostgreSQL (which refuses NUL)."""

import pytest
from django.test import Client

from .factories import make_publication

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
