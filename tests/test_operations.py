"""What the owner of a running site relies on: read-only documents refuse other
methods, /healthz tells whether the site can serve, and a server error is logged
with its traceback and mailed to the admins."""

import logging.config
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from site_config.settings import logging_config

from .factories import make_publication, make_talk
from .test_settings import PRODUCTION, ROOT

DOCUMENTS = [
    ("cvdata:json", ()),
    ("feeds:publications_rss", ()),
    ("feeds:publications_atom", ()),
    ("feeds:talks_rss", ()),
    ("feeds:talks_atom", ()),
    ("sitemap", ()),
    ("website:robots", ()),
    ("publications:list_bibtex", ()),
    ("publications:bibtex", ("a-paper",)),
]


@pytest.fixture
def content(db):
    make_publication(slug="a-paper", title="A paper")
    make_talk()


@pytest.mark.parametrize(("name", "args"), DOCUMENTS)
@pytest.mark.parametrize("method", ["post", "put", "delete", "trace", "patch"])
def test_read_only_documents_refuse_other_methods(client, content, name, args, method):
    # The test client sends no CSRF check: this is a request that carries a token.
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize(("name", "args"), DOCUMENTS)
def test_read_only_documents_answer_get_and_head(client, content, name, args):
    url = reverse(name, args=args)
    got = client.get(url)
    assert got.status_code == 200 and got.getvalue()
    head = client.head(url)
    assert head.status_code == 200 and head.getvalue() == b""
    assert head["Content-Type"] == got["Content-Type"]


@pytest.mark.parametrize("url", ["/", "/publications/", "/cv/", "/topics/", "/talks/"])
def test_pages_refuse_trace(client, db, url):
    assert client.generic("TRACE", url).status_code == 405


def test_the_admin_refuses_trace_even_when_signed_in(admin_client):
    for url in (reverse("admin:index"), reverse("admin:publications_publication_changelist"),
                reverse("admin:publications_publication_import_bibtex")):  # fmt: skip
        assert admin_client.generic("TRACE", url).status_code == 405, url
        assert admin_client.generic("CONNECT", url).status_code == 405, url


def test_healthz_answers_when_the_database_does(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    # A load balancer probes by address over plain HTTP: no host check, no redirect.
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200 and response.getvalue() == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_is_503_when_the_database_is_unreachable(client, db, caplog):
    with mock.patch(
        "portfolio.serving.middleware.connection.cursor",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.getvalue() == b"database unavailable\n"
    assert "could not connect to server" in caplog.text


@pytest.fixture
def production_logging(settings):
    """The logging the settings build when DJANGO_ADMINS and DJANGO_EMAIL_HOST are set
    (applied in the test, where standard output is the captured one)."""
    settings.ADMINS = [("Owner", "owner@example.org")]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield lambda: logging.config.dictConfig(logging_config(mail_admins=True))
    logging.config.dictConfig(django_settings.LOGGING)


def test_a_server_error_is_logged_with_its_traceback_and_mailed(db, production_logging, capsys):
    production_logging()
    client = Client(raise_request_exception=False)
    with mock.patch(
        "portfolio.cvdata.views.json_resume", side_effect=RuntimeError("the exporter broke")
    ):
        response = client.get(reverse("cvdata:json"))
    assert response.status_code == 500
    assert b"Traceback" not in response.getvalue()
    out = capsys.readouterr().out
    assert "Internal Server Error: /cv.json" in out
    assert "Traceback (most recent call last)" in out and "the exporter broke" in out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.org"]
    assert "/cv.json" in message.subject and "the exporter broke" in message.body


def configured(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(PRODUCTION, DJANGO_SETTINGS_MODULE="site_config.settings", **env)
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.ADMINS, s.EMAIL_BACKEND.rsplit('.', 2)[1], s.SERVER_EMAIL,"
        " s.LOGGING['loggers']['django.request']['handlers'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.process
def test_errors_are_mailed_only_with_admins_and_a_mail_server():
    assert configured().stdout.split() == ["[]", "dummy", "portfolio@example.org", "['console']"]
    only_admins = configured(DJANGO_ADMINS="ops@example.org")
    assert only_admins.stdout.endswith("['console']\n")
    both = configured(
        DJANGO_ADMINS="Ada Lovelace <ada@example.org>, ops@example.org",
        DJANGO_EMAIL_HOST="smtp.example.org",
        DJANGO_SERVER_EMAIL="site@example.org",
    )
    assert both.stdout == (
        "[('Ada Lovelace', 'ada@example.org'), ('ops@example.org', 'ops@example.org')] "
        "smtp site@example.org ['console', 'mail_admins']\n"
    ), both.stderr


@pytest.mark.process
def test_an_admin_that_is_not_an_address_stops_start_up():
    result = configured(DJANGO_ADMINS="Ada Lovelace")
    assert result.returncode != 0
    assert "DJANGO_ADMINS holds 'Ada Lovelace', which is not an email address" in result.stderr


def test_a_503_is_not_mailed_or_logged_twice(db, production_logging, capsys):
    production_logging()
    client = Client(raise_request_exception=False)
    with mock.patch(
        "portfolio.serving.middleware.connection.cursor",
        side_effect=OperationalError("could not connect to server"),
    ):
        for _ in range(3):
            assert client.get("/healthz").status_code == 503
    out = capsys.readouterr().out
    assert out.count("Health check: the database does not answer") == 3
    assert "Service Unavailable: /healthz" not in out
    assert mail.outbox == []


# --- Conditional requests and compression -------------------------------------------


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
def test_public_pages_are_compressed_as_the_client_accepts(client, content, encoding):
    import gzip

    import brotli
    import zstandard

    decompress = {
        "gzip": gzip.decompress,
        "br": brotli.decompress,
        "zstd": lambda data: zstandard.ZstdDecompressor().decompressobj().decompress(data),
    }[encoding]
    for url in (reverse("publications:list"), reverse("feeds:publications_rss"),
                reverse("cvdata:json")):  # fmt: skip
        plain = client.get(url).getvalue()
        response = client.get(url, headers={"accept-encoding": encoding})
        assert response["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in response["Vary"]
        assert decompress(response.getvalue()) == plain


def test_pages_with_a_csrf_token_are_never_compressed(admin_client, client, db):
    for page, url in ((client, reverse("admin:login")), (admin_client, reverse("admin:index"))):
        response = page.get(url, headers={"accept-encoding": "gzip, br"})
        assert b"csrfmiddlewaretoken" in response.getvalue()
        assert not response.has_header("Content-Encoding"), url


def test_a_repeat_visit_with_a_matching_etag_is_304(client, content):
    url = reverse("publications:list")
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.getvalue() == b""
    # A change makes a new page, and a new ETag.
    make_publication(title="A new paper")
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    # Compressed responses carry a weak ETag, which still matches.
    zipped = client.get(url, headers={"accept-encoding": "gzip"})
    assert zipped["ETag"].startswith('W/"')
    repeat = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]})
    assert repeat.status_code == 304
