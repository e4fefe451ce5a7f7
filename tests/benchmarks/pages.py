"""How fast the public pages are, cached and not: `make bench`.

    .venv/bin/python tests/benchmarks/pages.py [--quick] [--flood-only [--limits-off]]

Builds portfolios of 13, 1,000 and 10,000 publications (generated, with authors,
topics, talks, positions, news, projects, courses and pages in proportion;
tests/benchmarks/portfolio_data.py)
in throwaway SQLite databases, with the production settings, and measures:

1. in this process, for every public page at each size: SQL queries, bytes
   (raw, gzip, brotli), and render time cold (first in each run), warm, and
   after one edit (a publication's title), each the median of several runs,
   the sizes taken in turn within each run;
2. under load: gunicorn (production settings, 2 sync workers) on 127.0.0.1,
   driven by wrk (1 thread, 8 connections) for a cached page and for the same
   HTML as a static file served by whitenoise from the same server, neither
   compressed, alternating, three pairs: requests/s, p50, p99, errors, and the
   median ratio;
3. the resident memory of a gunicorn worker after serving every page at
   10,000 publications;
4. the compressed weight of the home and publications pages and the style
   sheet, with the CV in fixtures/cv.json;
5. the search at the largest size (tests/benchmarks/search.py): a few queries'
   medians with the index built, the first search after an edit, the rebuild;
6. a cached page while one client floods the search: gunicorn as in production
   (2 x cores + 1 sync workers) at 1,000 publications; wrk (8 connections) on
   the cached home page alone, then while a second wrk (50 connections, from
   one client address) asks for one search without pause, then while that
   second wrk asks for a cached page instead (what a flood costs the others
   even when each of its requests costs no more than a cache hit), in turn,
   three times: the home page's p50 and p99 in each, their ratios to the home
   page alone, and what became of the flood's requests.

``--flood-only`` measures 6 alone, builds only the 1,000-publication portfolio
and prints its table instead of writing RESULTS.md; with ``--limits-off`` the
server runs without its request limits (DJANGO_CLIENT_REQUESTS,
DJANGO_CLIENT_RENDERS and DJANGO_RENDERS_PER_WORKER set to 0), to compare.

Writes tests/benchmarks/RESULTS.md and prints a one-line summary last.
Machines are noisy: compare the ratios, which are measured side by side.
"""

# The tools it runs (wrk, pgrep, git) are found on PATH.
# ruff: noqa: S607
import itertools
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.standalone import ROOT, setup_django

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
QUICK = "--quick" in sys.argv
FLOOD_ONLY = "--flood-only" in sys.argv
LIMITS_OFF = "--limits-off" in sys.argv
FLOOD_SIZE = 1000
SIZES = (FLOOD_SIZE,) if FLOOD_ONLY else (13, 1000) if QUICK else (13, 1000, 10_000)
RUNS = 3 if QUICK else 5
WRK_SECONDS = 2 if QUICK else 4
PAIRS = 3


def pages() -> list[str]:
    return [
        "/", "/cv/", "/publications/", "/publications/study-0/", "/publications/study-0.bib",
        "/publications.bib", "/authors/ada-researcher/", "/authors/author-0/", "/talks/",
        "/talks/talk-0/", "/topics/", "/topics/topic-0/", "/cv.json", "/sitemap.xml",
        "/feeds/publications.rss", "/feeds/talks.atom", "/robots.txt", "/news/",
        "/news/news-0/", "/feeds/news.rss", "/projects/", "/projects/project-0/", "/teaching/",
        "/teaching/course-0/", "/pages/page-0/",
    ]  # fmt: skip


# The pages that list every publication (or an author's, the owner's being on all).
LISTS = ("/cv/", "/publications/", "/authors/ada-researcher/", "/publications.bib", "/cv.json")


def use(path: Path) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = str(path)


def body(response) -> bytes:
    return response.getvalue()


def timed(client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    body(response)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def build(work: Path) -> dict[int, Path]:
    from django.core.management import call_command

    import tests.benchmarks.portfolio_data as data

    empty = work / "db.sqlite3"
    databases = {}
    for size in SIZES:
        databases[size] = work / f"db-{size}.sqlite3"
        use(empty)
        from django.db import connection

        connection.close()
        shutil.copy(empty, databases[size])
        use(databases[size])
        data.generate(size, more_types=True)
    if FLOOD_ONLY:
        return databases
    databases["cv"] = work / "db-cv.sqlite3"
    shutil.copy(empty, databases["cv"])
    use(databases["cv"])
    call_command("load_cv", verbosity=0)
    return databases


def measure_pages(databases) -> dict:
    from django.db import connection
    from django.test import Client

    from portfolio.publications.models import Publication

    client = Client(HTTP_HOST="localhost")
    figures: dict = {}
    for size in SIZES:
        use(databases[size])
        for path in pages():
            timed(client, path)  # the process is warm: templates compiled, URLs loaded
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                raw = body(client.get(path))
            gzip = body(client.get(path, HTTP_ACCEPT_ENCODING="gzip"))
            brotli = body(client.get(path, HTTP_ACCEPT_ENCODING="br"))
            figures[size, path] = {
                "queries": len(queries),
                "raw": len(raw),
                "gzip": len(gzip),
                "br": len(brotli),
                "cold": [],
                "warm": [],
                "edit": [],
            }
    for run in range(RUNS):
        for size in SIZES:
            use(databases[size])
            first = Publication.objects.order_by("pk").values_list("pk", flat=True).first()
            for path in pages():
                entry = figures[size, path]
                entry["cold"].append(timed(client, path))
                entry["warm"].append(timed(client, path))
                Publication.objects.filter(pk=first).update(title=f"Edited title {run} {path}")
                entry["edit"].append(timed(client, path))
    for entry in figures.values():
        for key in ("cold", "warm", "edit"):
            entry[key] = statistics.median(entry[key]) * 1000
    return figures


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database: Path, work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_PAGE_CACHE="1",
        CACHE_URL=f"file://{work / 'cache'}",
        GUNICORN_WORKERS="2",
    )
    return env


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers)}
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "site_config/gunicorn.py",
             "--access-logfile", "/dev/null", "site_config.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str, **headers) -> bytes:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", path, headers={"Host": "localhost", **headers})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        assert response.status == 200, (path, response.status)
        return data

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def wrk_command(port, path, connections=8, seconds=None, client=None, script=None) -> list[str]:
    """wrk with one thread; ``client``, an address the proxy in front would have
    reported (X-Forwarded-For), for the site to tell clients apart. Requests that
    take longer than wrk's default of 2 s are then counted in the latencies, not
    left out of them as timeouts. ``script``: a wrk Lua script."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds or WRK_SECONDS}s", "--latency",
               "-H", "Host: localhost"]  # fmt: skip
    if client:
        command += ["--timeout", "60s", "-H", f"X-Forwarded-For: {client}"]
    if script:
        command += ["-s", str(script)]
    return [*command, f"http://127.0.0.1:{port}{path}"]


# Each request a search never asked before, so that the page cache answers none of
# them: the same words (the same results to render) after a different tail of
# marks that are not words ("." and "-" spelling a number), since the query text is
# the page cache's key. The script counts the answers the page cache gave (X-Cache).
EVERY_SEARCH_NEW = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
counter = %(start)d
hits = 0
local function marks(n)
  local out = ""
  while n > 0 do
    out = (n %% 2 == 1 and "." or "-") .. out
    n = math.floor(n / 2)
  end
  return out
end
function request()
  counter = counter + 1
  return wrk.format(nil, "%(path)s+" .. marks(counter))
end
function response(status, headers, body)
  if headers["X-Cache"] == "HIT" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("hits") end
  io.write(string.format("Cache hits: %%d\\n", total))
end
"""
_searches = itertools.count(1)


def every_search_new(path: str, work: Path) -> Path:
    """A wrk script that asks for ``path`` (a search) with a new query each request,
    never one an earlier script asked (each starts a billion further)."""
    script = work / "every-search-new.lua"
    start = next(_searches) * 10**9
    script.write_text(EVERY_SEARCH_NEW % {"start": start, "path": path})
    return script


def read_wrk(out: str) -> dict:
    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "non2xx": int(errors.group(1)) if errors else 0,
        "hits": int(hits.group(1))
        if (hits := re.search(r"^Cache hits: (\d+)$", out, re.M))
        else None,
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def wrk(port: int, path: str, **options) -> dict:
    command = wrk_command(port, path, **options)
    return read_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def measure_load(databases, work: Path) -> dict:
    from django.conf import settings
    from django.test import Client

    use(databases[13])
    html = body(Client(HTTP_HOST="localhost").get("/publications/"))
    static_file = Path(settings.STATIC_ROOT) / "bench" / "publications.html"
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes(html)
    server = Gunicorn(server_env(databases[13], work))
    try:
        for _ in range(4):
            server.get("/publications/")
            server.get("/static/bench/publications.html")
        pairs = []
        for _ in range(PAIRS):
            pairs.append(
                (
                    wrk(server.port, "/publications/"),
                    wrk(server.port, "/static/bench/publications.html"),
                )
            )
    finally:
        server.stop()
    return {
        "pairs": pairs,
        "ratio": statistics.median(c["rps"] / s["rps"] for c, s in pairs),
        "bytes": len(html),
    }


# A visitor and a flooding client, as the proxy in front names them (documentation
# addresses, RFC 5737).
VISITOR, FLOODER = "198.51.100.7", "203.0.113.9"
FLOOD_PATH = "/search/?q=study+things"
CACHED_FLOOD_PATH = "/publications/study-1/"
LIMITS = ("DJANGO_CLIENT_REQUESTS", "DJANGO_CLIENT_RENDERS", "DJANGO_RENDERS_PER_WORKER")


def flooded(port: int, path: str, seconds: int, script=None) -> tuple[dict, dict]:
    """The cached home page's figures while one client asks for ``path`` without
    pause (or what ``script`` asks for), and the flood's own. The flood starts a
    second before, and goes on a second after, so that the whole of the visitor's
    run is measured during it."""
    command = wrk_command(
        port, path, connections=50, seconds=seconds + 2, client=FLOODER, script=script
    )
    flood = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    during = wrk(port, "/", seconds=seconds, client=VISITOR)
    flood_figures = read_wrk(flood.communicate(timeout=seconds + 120)[0])
    time.sleep(1)  # the requests the flood left queued are answered
    return during, flood_figures


def measure_flood(databases, work: Path) -> dict:
    """The cached home page alone, during a search flood, and during a flood of a
    cached page, in turn."""
    workers = 2 * (os.cpu_count() or 1) + 1  # as site_config/gunicorn.py
    seconds = 6 if QUICK or FLOOD_ONLY else 12
    env = server_env(databases[FLOOD_SIZE], work)
    # The production defaults, which the rest of the benchmark turns off (see
    # tests/standalone.py), or none at all.
    for name in LIMITS:
        env.pop(name, None)
        if LIMITS_OFF:
            env[name] = "0"
    server = Gunicorn(env, workers=workers)
    try:
        for _ in range(2 * workers):
            server.get("/", **{"X-Forwarded-For": VISITOR})
            server.get(CACHED_FLOOD_PATH, **{"X-Forwarded-For": VISITOR})
        server.get(FLOOD_PATH, **{"X-Forwarded-For": VISITOR})
        start = time.perf_counter()
        server.get(FLOOD_PATH + "+.", **{"X-Forwarded-For": VISITOR})  # not cached yet
        search_ms = (time.perf_counter() - start) * 1000
        runs = []
        for _ in range(PAIRS):
            alone = wrk(server.port, "/", seconds=seconds, client=VISITOR)
            search = flooded(server.port, FLOOD_PATH, seconds, every_search_new(FLOOD_PATH, work))
            cached = flooded(server.port, CACHED_FLOOD_PATH, seconds)
            runs.append((alone, search, cached))
    finally:
        server.stop()

    def ratio(which: int, figure: str) -> float:
        return statistics.median(run[which][0][figure] / run[0][figure] for run in runs)

    return {
        "workers": workers,
        "seconds": seconds,
        "search_ms": search_ms,
        "runs": runs,
        "p50": ratio(1, "p50"),
        "p99": ratio(1, "p99"),
        "floor_p50": ratio(2, "p50"),
        "floor_p99": ratio(2, "p99"),
    }


def flood_report(flood: dict) -> list[str]:
    limits = "off (`--limits-off`)" if LIMITS_OFF else "on (the defaults)"
    lines = [
        f"The cached home page at {FLOOD_SIZE:,} publications (gunicorn, {flood['workers']} "
        f"sync workers as in production, request limits {limits}), measured by wrk -t1 -c8 "
        f"-d{flood['seconds']}s alone; then while a second wrk -t1 -c50 asks for "
        f"`{FLOOD_PATH}` without pause from one client address (one search takes "
        f"{flood['search_ms']:.0f} ms to render on its own); then while it asks for the "
        f"cached `{CACHED_FLOOD_PATH}` instead: a flood that costs no more than a cache hit a "
        "request (and is never limited), to show what 50 connections cost the other "
        "visitors even when answered that cheaply, since sync workers answer connections "
        "in turn. Refused: the flood's requests answered 429 or 503; each of them asks for a "
        "search not asked before (the same words), so that the page cache answers none "
        "(cached: those it answered).",
        "",
        "| run | alone p50 | p99 | search flood p50 | p99 | flood req/s | refused "
        "| cached flood p50 | p99 | flood req/s | visitor errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for i, (alone, (search, by_search), (cached, by_cached)) in enumerate(flood["runs"], 1):
        lines.append(
            f"| {i} | {alone['p50']:.2f} ms | {alone['p99']:.2f} ms | {search['p50']:.2f} ms | "
            f"{search['p99']:.2f} ms | {by_search['rps']:,.0f} | {by_search['non2xx']:,} of "
            f"{by_search['requests']:,} ({by_search['hits']:,} cached) | "
            f"{cached['p50']:.2f} ms | {cached['p99']:.2f} ms | "
            f"{by_cached['rps']:,.0f} | {alone['errors'] + search['errors'] + cached['errors']} |"
        )
    lines += [
        "",
        f"Medians of the ratios to the page alone: search flood p50 **{flood['p50']:.1f}x**, "
        f"p99 **{flood['p99']:.1f}x**; cached flood p50 {flood['floor_p50']:.1f}x, "
        f"p99 {flood['floor_p99']:.1f}x.",
    ]
    return lines


def flood_summary(flood: dict) -> str:
    errors = sum(a["errors"] + s[0]["errors"] + c[0]["errors"] for a, s, c in flood["runs"])
    return (
        f"search flood: cached home p50 {flood['p50']:.1f}x, p99 {flood['p99']:.1f}x of its "
        f"time alone (a flood of cached pages: {flood['floor_p50']:.1f}x, "
        f"{flood['floor_p99']:.1f}x); visitor errors {errors}"
    )


def measure_memory(databases, work: Path) -> dict:
    size = max(SIZES)
    server = Gunicorn(server_env(databases[size], work), workers=1)
    try:
        for path in pages():
            server.get(path)
            server.get(path, **{"Accept-Encoding": "br, gzip"})
        worker = server.workers()[0]
        status = Path(f"/proc/{worker}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
        peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
    finally:
        server.stop()
    return {"size": size, "rss": rss, "peak": peak}


def measure_weight(databases) -> dict:
    """The compressed weight of the first visit, as the CV fixture is, then with
    citation counts shown (tests/samples.py add_citations): its panel is on the
    home page."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client

    from tests.samples import add_citations

    use(databases["cv"])
    client = Client(HTTP_HOST="localhost")
    css = Path(settings.STATIC_ROOT) / staticfiles_storage.stored_name("core/site.css")
    weight = {}
    for shown in ("", ", citations shown"):
        if shown:
            add_citations()
        for encoding, suffix in (("gzip", ".gz"), ("br", ".br")):
            row = {
                "home": len(body(client.get("/", HTTP_ACCEPT_ENCODING=encoding))),
                "publications": len(
                    body(client.get("/publications/", HTTP_ACCEPT_ENCODING=encoding))
                ),
                "css": Path(str(css) + suffix).stat().st_size,
            }
            row["total"] = sum(row.values())
            weight[encoding + shown] = row
    return weight


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def measure_search_at(databases) -> dict:
    """The search (tests/benchmarks/search.py) at the largest size; its edits are
    made in a copy, so that the other parts measure the portfolio as generated."""
    from tests.benchmarks.search import measure_search

    size = max(SIZES)
    copy = databases[size].with_name(f"db-{size}-search.sqlite3")
    use(databases[size])
    from django.db import connection

    connection.close()
    shutil.copy(databases[size], copy)
    use(copy)
    return measure_search(size)


def report(figures, load, memory, weight, flood, search) -> tuple[str, str]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
        check=False,
    ).stdout.strip()  # fmt: skip
    small, large = 13, 1000
    # The slowest long list at 1,000 publications, rendered after an edit: what the
    # first visitor after a change waits for (then the page cache answers).
    slowest = max(LISTS, key=lambda path: figures[large, path]["edit"])
    slowest_ms = figures[large, slowest]["edit"]
    errors = sum(c["errors"] + s["errors"] for c, s in load["pairs"])
    lines = [
        "# Page benchmark",
        "",
        f"`make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit `{commit}`, "
        f"{platform.machine()} Linux, {os.cpu_count()} cores, Python {platform.python_version()}"
        f"{' (quick run)' if QUICK else ''}.",
        "Times are medians of several runs in one process; ratios compare figures measured",
        "side by side in the same run. Rerun with `make bench`.",
        "",
        "## Targets",
        "",
        "| figure | target | measured |",
        "| --- | --- | --- |",
        f"| cached `/publications/` vs the same HTML as a static file (gunicorn, 2 workers, "
        f"wrk, median of {PAIRS} pairs) | at least 0.8 | **{load['ratio']:.2f}** |",
        f"| the slowest long list at {large:,} publications ({', '.join(LISTS)}), rendered "
        f"after one title edit, no page cache | under 1 s | **{slowest_ms:.0f} ms** "
        f"(`{slowest}`) |",
        f"| gunicorn worker resident memory after serving every page at {memory['size']:,} "
        f"publications | under 150 MB | **{memory['rss']:.0f} MB** "
        f"(peak {memory['peak']:.0f} MB) |",
        f"| home + publications, compressed HTML + CSS, CV fixture | under 20 KB | "
        f"**{kb(weight['gzip']['total'])}** gzip, {kb(weight['br']['total'])} brotli |",
        f"| the same with citation counts shown | under 20 KB | "
        f"**{kb(weight['gzip, citations shown']['total'])}** gzip, "
        f"{kb(weight['br, citations shown']['total'])} brotli |",
        f"| errors under load | 0 | **{errors}** |",
        f"| cached home page while one client floods the search, vs alone (p50, p99; "
        f"median of {PAIRS} runs) | within 3x | **{flood['p50']:.1f}x**, "
        f"**{flood['p99']:.1f}x** (a flood of cached pages: {flood['floor_p50']:.1f}x, "
        f"{flood['floor_p99']:.1f}x) |",
        "",
        "## Under load",
        "",
        f"`/publications/` of the {small}-publication portfolio ({kb(load['bytes'])}), "
        "answered from the page cache, and the same HTML as a static file served by whitenoise "
        f"from the same server; wrk -t1 -c8 -d{WRK_SECONDS}s, no compression.",
        "",
        "| pair | cached req/s | p50 | p99 | errors | static req/s | p50 | p99 | errors | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for i, (c, s) in enumerate(load["pairs"], start=1):
        lines.append(
            f"| {i} | {c['rps']:,.0f} | {c['p50']:.2f} ms | {c['p99']:.2f} ms | {c['errors']} "
            f"| {s['rps']:,.0f} | {s['p50']:.2f} ms | {s['p99']:.2f} ms | {s['errors']} "
            f"| {c['rps'] / s['rps']:.2f} |"
        )
    lines += ["", "## One client floods the search", "", *flood_report(flood)]
    lines += [
        "",
        "## Every public page, rendered (no page cache)",
        "",
        "Cold: the first render in a run. Warm: rendered again. After an edit: one "
        "publication's title changed just before. Bytes as sent raw, gzip and brotli.",
        "",
        "| publications | page | queries | raw | gzip | brotli | cold | warm | after an edit |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (size, path), f in figures.items():
        lines.append(
            f"| {size:,} | `{path}` | {f['queries']} | {kb(f['raw'])} | {kb(f['gzip'])} | "
            f"{kb(f['br'])} | {f['cold']:.1f} ms | {f['warm']:.1f} ms | {f['edit']:.1f} ms |"
        )
    lines += [
        "",
        "## Weight of the first visit (CV fixture)",
        "",
        "| encoding | home | publications | style sheet | total |",
        "| --- | --- | --- | --- | --- |",
    ]
    for encoding, w in weight.items():
        lines.append(
            f"| {encoding} | {kb(w['home'])} | {kb(w['publications'])} | {kb(w['css'])} | "
            f"{kb(w['total'])} |"
        )
    from tests.benchmarks.search import report as search_report

    lines += ["", "## Search", "", "```", *search_report(search), "```"]
    summary = (
        f"bench: cached/static {load['ratio']:.2f} (target >= 0.8); "
        f"slowest list at {large:,} after an edit {slowest_ms:.0f} ms (< 1 s); "
        f"worker RSS at {memory['size']:,} {memory['rss']:.0f} MB (< 150); "
        f"first visit {kb(weight['gzip']['total'])} gzip (< 20 KB); "
        f"errors {errors}; {flood_summary(flood)}; search median at {search['size']:,} "
        f"{search['median']:.0f} ms (< 50)"
    )
    return "\n".join(lines) + "\n", summary


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it).")
    os.environ["DJANGO_PAGE_CACHE"] = "0"  # in this process: measure rendering
    work = setup_django("bench-pages-", debug=False)
    databases = build(work)
    if FLOOD_ONLY:
        flood = measure_flood(databases, work)
        shutil.rmtree(work, ignore_errors=True)
        print("\n".join(flood_report(flood)))
        print(flood_summary(flood))
        return
    figures = measure_pages(databases)
    search = measure_search_at(databases)
    load = measure_load(databases, work)
    memory = measure_memory(databases, work)
    weight = measure_weight(databases)
    flood = measure_flood(databases, work)
    text, summary = report(figures, load, memory, weight, flood, search)
    RESULTS.write_text(text)
    shutil.rmtree(work, ignore_errors=True)
    print(f"Wrote {RESULTS.relative_to(ROOT)}")
    print(summary)


if __name__ == "__main__":
    main()
