"""The page cache across processes: two gunicorn servers (two workers each) share
one database and one cache, the default folder or Redis. An edit made through
one server, or by a command in another process, shows on the next request to
every worker of both."""

import http.client
import os
import re
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .admin_forms import FormParser
from .conftest import SAMPLE_CV
from .test_production_server import BIN, ROOT, free_port, production_env

pytestmark = pytest.mark.process

HOST = "portfolio.example.org"
PASSWORD = "a-long-test-password-1234"


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL is not set: .ci/run starts a Redis server for these tests.")
        pytest.skip("REDIS_URL is not set (see .ci/redis.sh)")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def start(env, port):
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "site_config/gunicorn.py", "site_config.wsgi"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
        time.sleep(0.1)
    pytest.fail("gunicorn did not start")


@pytest.fixture(params=["file", "redis"])
def servers(request, tmp_path):
    env = production_env(tmp_path, DJANGO_SSL_REDIRECT="0")
    if request.param == "redis":
        env["CACHE_URL"] = redis_url()
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_cv", str(SAMPLE_CV), "--verbosity", "0")
    manage(
        env, "shell", "--no-imports", "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('editor', 'editor@example.org', '{PASSWORD}')",
    )  # fmt: skip
    ports = [free_port(), free_port()]
    processes = []
    try:
        for port in ports:
            processes.append(start(env, port))
        yield env, ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
            process.stderr.close()


def request(port, method, path, body=None, cookies=None, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": HOST, **headers}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    if cookies is not None:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value
    return response, content


def every_worker(ports, path, times=6):
    """The bodies and cache states of several requests to each server (each on a
    new connection, so that they reach both workers)."""
    results = []
    for port in ports:
        for _ in range(times):
            response, body = request(port, "GET", path)
            assert response.status == 200, (port, path, response.status)
            results.append((response.getheader("X-Cache"), body.decode()))
    return results


def sign_in(port):
    cookies = {}
    _, page = request(port, "GET", "/admin/login/", cookies=cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD}
    response, _ = request(port, "POST", "/admin/login/", urlencode(form), cookies=cookies)
    assert response.status == 302, "sign-in failed"
    return cookies


def admin_save(port, cookies, url, **changes):
    _, page = request(port, "GET", url, cookies=cookies)
    parser = FormParser()
    parser.feed(page.decode())
    data = {**parser.data, **{k: [v] for k, v in changes.items()}}
    body = urlencode([(k, v) for k, values in data.items() for v in values])
    response, content = request(
        port, "POST", url, body, cookies=cookies, Referer=f"http://{HOST}{url}"
    )
    assert response.status == 302, content.decode()[:2000]


def test_an_edit_shows_on_every_worker_of_every_server(servers):
    env, ports = servers
    slug = manage(
        env, "shell", "--no-imports", "-c",
        "from portfolio.publications.models import Publication; "
        "print(Publication.objects.published().first().slug)",
    ).stdout.strip()  # fmt: skip
    pages = ["/publications/", f"/publications/{slug}/", "/cv.json", "/feeds/publications.rss"]
    for path in pages:
        states = [state for state, _ in every_worker(ports, path)]
        assert "HIT" in states, (path, states)

    # An admin save through the first server.
    cookies = sign_in(ports[0])
    pk = manage(
        env, "shell", "--no-imports", "-c",
        f"from portfolio.publications.models import Publication; "
        f"print(Publication.objects.get(slug='{slug}').pk)",
    ).stdout.strip()  # fmt: skip
    admin_save(ports[0], cookies, f"/admin/publications/publication/{pk}/change/",
               title="A Title Saved In The Admin")  # fmt: skip
    for path in pages:
        bodies = [body for _, body in every_worker(ports, path)]
        assert all("A Title Saved In The Admin" in body for body in bodies), path

    # A bulk update by a command in another process: a co-author renamed.
    manage(
        env, "shell", "--no-imports", "-c",
        "from portfolio.publications.models import Author; "
        "Author.objects.filter(is_owner=False).update(family_name='Quillfeather')",
    )  # fmt: skip
    bodies = [body for _, body in every_worker(ports, "/publications/")]
    assert all("Quillfeather" in body for body in bodies)

    # A BibTeX import from the command line.
    bib = Path(env["HOME"]) / "new.bib"
    bib.write_text(
        "@article{fresh2024, title={A Freshly Imported Paper}, author={Doe, Jane},"
        " journal={Journal of Things}, year={2024}}\n"
    )
    manage(env, "import_bibtex", str(bib))
    bodies = [body for _, body in every_worker(ports, "/publications/")]
    assert all("A Freshly Imported Paper" in body for body in bodies)

    # An admin delete through the second server.
    cookies = sign_in(ports[1])
    url = f"/admin/publications/publication/{pk}/delete/"
    _, page = request(ports[1], "GET", url, cookies=cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    response, _ = request(
        ports[1], "POST", url, urlencode({"csrfmiddlewaretoken": token, "post": "yes"}),
        cookies=cookies, Referer=f"http://{HOST}{url}",
    )  # fmt: skip
    assert response.status == 302
    bodies = [body for _, body in every_worker(ports, "/publications/")]
    assert not any("A Title Saved In The Admin" in body for body in bodies)
    for port in ports:
        assert request(port, "GET", f"/publications/{slug}/")[0].status == 404

    # Signed in, the editor is never served from the cache.
    response, _ = request(ports[0], "GET", "/publications/", cookies=cookies)
    assert response.getheader("X-Cache") == "BYPASS"
