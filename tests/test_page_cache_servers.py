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
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
        finally:
            connection.close()
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


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, which it may freeze (SIGSTOP) and resume."""
    import shutil
    import signal

    from .test_production_server import free_port

    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/redis.sh installs it.")
        pytest.skip("redis-server is not installed (see .ci/redis.sh)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import redis

    client = redis.Redis(port=port, socket_timeout=1)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=30)


def test_a_change_made_while_redis_is_frozen_is_never_hidden_by_the_cache(own_redis, tmp_path):
    import json
    import signal

    url, redis_process = own_redis
    env = production_env(tmp_path, DJANGO_SSL_REDIRECT="0", CACHE_URL=url)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_cv", str(SAMPLE_CV), "--verbosity", "0")
    rows = json.loads(SAMPLE_CV.read_text())
    paper = next(
        row for row in rows
        if row["model"] == "publications.publication" and row["fields"].get("is_public", True)
    )  # fmt: skip
    slug, old_title = paper["fields"]["slug"], paper["fields"]["title"]
    paper["fields"]["title"] = "A Title Loaded While Redis Was Frozen"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(rows))
    ports = [free_port(), free_port()]
    processes = [start(env, port) for port in ports]
    try:
        path = f"/publications/{slug}/"
        states = [state for state, _ in every_worker(ports, path)]
        assert "HIT" in states and old_title.split()[0] in every_worker(ports, path)[0][1]

        redis_process.send_signal(signal.SIGSTOP)
        # While Redis does not answer, pages are still served (never a 500)...
        every_worker(ports, path, times=2)
        # ...and a command in another process changes the paper.
        manage(env, "load_cv", str(changed), "--overwrite", "--verbosity", "0")
        redis_process.send_signal(signal.SIGCONT)
        time.sleep(6)  # the servers' wait before they try the cache again

        results = every_worker(ports, path)
        assert len(results) == 12
        assert all("A Title Loaded While Redis Was Frozen" in body for _, body in results)
    finally:
        redis_process.send_signal(signal.SIGCONT)
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
            process.stderr.close()
