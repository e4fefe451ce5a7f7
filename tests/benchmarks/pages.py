"""How fast the public pages are, cached and not: `make bench`.

    .venv/bin/python tests/benchmarks/pages.py [--quick]

Builds portfolios of 13, 1,000 and 10,000 publications (generated, with authors,
topics, talks, positions, news, projects, courses and pages in proportion;
tests/benchmarks/portfolio_data.py)
in throwaway SQLite databases, with the production settings, and measures:

1. in this process, for every public page at each size: SQL queries, bytes
   (raw, gzip, brotli), and render time cold (entry caches empty), warm, and
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
   sheet, with the CV in fixtures/cv.json.

Writes tests/benchmarks/RESULTS.md and prints a one-line summary last.
Machines are noisy: compare the ratios, which are measured side by side.
"""

# The tools it runs (wrk, pgrep, git) are found on PATH.
# ruff: noqa: S607
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
SIZES = (13, 1000) if QUICK else (13, 1000, 10_000)
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
    databases["cv"] = work / "db-cv.sqlite3"
    shutil.copy(empty, databases["cv"])
    use(databases["cv"])
    call_command("load_cv", verbosity=0)
    return databases


def measure_pages(databases) -> dict:
    from django.db import connection
    from django.test import Client

    from portfolio.publications.entries import fragments
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
                fragments.clear()
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


def wrk(port: int, path: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{WRK_SECONDS}s", "--latency", "-H", "Host: localhost",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


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
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client

    use(databases["cv"])
    client = Client(HTTP_HOST="localhost")
    css = Path(settings.STATIC_ROOT) / staticfiles_storage.stored_name("core/site.css")
    weight = {}
    for encoding, suffix in (("gzip", ".gz"), ("br", ".br")):
        weight[encoding] = {
            "home": len(body(client.get("/", HTTP_ACCEPT_ENCODING=encoding))),
            "publications": len(body(client.get("/publications/", HTTP_ACCEPT_ENCODING=encoding))),
            "css": Path(str(css) + suffix).stat().st_size,
        }
        weight[encoding]["total"] = sum(weight[encoding].values())
    return weight


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def report(figures, load, memory, weight) -> tuple[str, str]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
        check=False,
    ).stdout.strip()  # fmt: skip
    small, large = 13, 1000
    base = figures[small, "/publications/"]
    big = figures[large, "/publications/"]
    edit_ratio = big["edit"] / base["edit"]
    edit_vs_cold = big["edit"] / base["cold"]
    errors = sum(c["errors"] + s["errors"] for c, s in load["pairs"])
    cold_ratio = big["cold"] / base["cold"]
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
        f"| `/publications/` at {large:,}, after one title edit, vs the {small}-publication page "
        f"rendered whole (cold) | within 3x | **{edit_vs_cold:.1f}x** ({big['edit']:.1f} ms vs "
        f"{base['cold']:.1f} ms) |",
        f"| the same, vs the {small}-publication page after one edit | within 3x | "
        f"**{edit_ratio:.1f}x** ({big['edit']:.1f} ms vs {base['edit']:.1f} ms) |",
        f"| `/publications/` at {large:,}, cold (entry caches empty, process warm), vs the "
        f"{small}-publication page cold | within 20x | **{cold_ratio:.1f}x** "
        f"({big['cold']:.1f} ms vs {base['cold']:.1f} ms) |",
        f"| gunicorn worker resident memory after serving every page at {memory['size']:,} "
        f"publications | under 150 MB | **{memory['rss']:.0f} MB** "
        f"(peak {memory['peak']:.0f} MB) |",
        f"| home + publications, compressed HTML + CSS, CV fixture | under 20 KB | "
        f"**{kb(weight['gzip']['total'])}** gzip, {kb(weight['br']['total'])} brotli |",
        f"| errors under load | 0 | **{errors}** |",
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
    lines += [
        "",
        "## Every public page, rendered (no page cache)",
        "",
        "Cold: the entry caches emptied first. Warm: rendered again. After an edit: one "
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
    summary = (
        f"bench: cached/static {load['ratio']:.2f} (target >= 0.8); "
        f"edit at {large:,} {edit_vs_cold:.1f}x of the {small}-page cold, {edit_ratio:.1f}x of "
        f"its edit (<= 3x); cold at {large:,} {cold_ratio:.1f}x "
        f"(<= 20x); worker RSS at {memory['size']:,} {memory['rss']:.0f} MB (< 150); "
        f"first visit {kb(weight['gzip']['total'])} gzip (< 20 KB); "
        f"errors {errors}"
    )
    return "\n".join(lines) + "\n", summary


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it).")
    os.environ["DJANGO_PAGE_CACHE"] = "0"  # in this process: measure rendering
    work = setup_django("bench-pages-", debug=False)
    databases = build(work)
    figures = measure_pages(databases)
    load = measure_load(databases, work)
    memory = measure_memory(databases, work)
    weight = measure_weight(databases)
    text, summary = report(figures, load, memory, weight)
    RESULTS.write_text(text)
    shutil.rmtree(work, ignore_errors=True)
    print(f"Wrote {RESULTS.relative_to(ROOT)}")
    print(summary)


if __name__ == "__main__":
    main()
