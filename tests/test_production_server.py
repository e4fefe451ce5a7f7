"""`make serve`'s stack end to end: gunicorn with the production settings behind a
(simulated) TLS-terminating proxy, whitenoise serving compressed hashed files."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLE_CV

# Starts servers, a browser or other processes: run once in CI, not on each database.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KEY = "server-test-key-5d1f8e0b2c7a4f3e9d6b1a0c8e7f6d5c4b3a29181716151413"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(folder: Path, **overrides) -> dict:
    """This environment without the test run's settings, and the production
    settings of a site whose database, cache and files are in ``folder``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))
    }
    env.update(
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="portfolio.example.org",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        CACHE_URL=f"file://{folder / 'cache'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        GUNICORN_WORKERS="2",
        # gunicorn's per-user files (its control socket) would go here.
        HOME=str(folder),
    )
    env.update(overrides)
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    port = free_port()
    env = production_env(tmp, GUNICORN_BIND=f"127.0.0.1:{port}", XDG_RUNTIME_DIR=str(tmp / "run"))
    (tmp / "run").mkdir()
    for command in (
        ["check", "--deploy", "--fail-level", "WARNING"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["migrate", "--noinput", "--verbosity", "0"],
        ["load_cv", str(SAMPLE_CV), "--verbosity", "0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            capture_output=True, timeout=300,
        )  # fmt: skip
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "site_config/gunicorn.py", "site_config.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())
                time.sleep(0.1)
        yield port, tmp
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()


@pytest.fixture(scope="module")
def port(server):
    return server[0]


def get(port, path, https=True, method="GET", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "portfolio.example.org", **headers}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_plain_http_is_redirected_to_https(port):
    response, _ = get(port, "/publications/?kind=preprint", https=False)
    assert response.status == 301
    assert response.getheader("Location") == (
        "https://portfolio.example.org/publications/?kind=preprint"
    )


def test_security_headers(port):
    response, body = get(port, "/")
    assert response.status == 200 and b"Mira Castellanos" in body
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    csp = response.getheader("Content-Security-Policy")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"


def test_an_unknown_host_is_refused(port):
    response, _ = get(port, "/", Host="attacker.example.com")
    assert response.status == 400


def test_static_files_are_hashed_compressed_and_cached(port):
    _, body = get(port, "/")
    stylesheet = re.search(rb'href="(/static/core/site\.[0-9a-f]{12}\.css)"', body).group(1)
    for encoding in ("br", "gzip"):
        response, _ = get(port, stylesheet.decode(), **{"Accept-Encoding": encoding})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == encoding
        assert "immutable" in response.getheader("Cache-Control")


def test_error_pages_are_the_sites_own(port):
    response, body = get(port, "/no-such-page/")
    assert response.status == 404
    assert b"Page not found" in body and b"Traceback" not in body


def test_healthz_answers_a_probe_by_address_over_plain_http(port):
    response, body = get(port, "/healthz", https=False, Host="10.0.0.5")
    assert response.status == 200 and body == b"ok\n"


def test_head_has_no_body_and_other_methods_are_refused(port):
    for path in ("/cv.json", "/feeds/publications.rss", "/sitemap.xml", "/robots.txt"):
        got, body = get(port, path)
        head, head_body = get(port, path, method="HEAD")
        assert got.status == head.status == 200 and body and head_body == b""
        trace, _ = get(port, path, method="TRACE")
        assert trace.status == 405


def test_no_control_socket_is_left_in_a_shared_place(server):
    _, tmp = server
    assert not (tmp / "home" / ".gunicorn").exists()
    assert not any((tmp / "run").iterdir())
