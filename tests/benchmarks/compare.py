"""This working tree's public pages against another revision's, side by side:
the pages both have (those of publications, talks, topics, the CV, feeds and
exports).

    .venv/bin/python tests/benchmarks/compare.py [REVISION] [--size N] [--rounds N]

REVISION (default ``HEAD``) is checked out in a temporary git worktree. Each
side runs in a process of its own, with the production settings and the page
cache off, on the same generated portfolio (tests/benchmarks/portfolio_data.py
of each side, ``--size`` publications, default 1,000). The two processes render
every page in turn, alternating round by round, so that both meet the same
noise; each page's figure is the median of the rounds. Printed: for each page,
SQL queries, gzip bytes, the time of its first render in the process (no cache of
any kind holds it yet: what a visitor waits for after a change), and the median
time and its ratio (this tree / the revision).

With ``--cached`` the page cache is on: the first round renders and stores every
page, and the rounds after it are answered from the cache, as visitors are.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.standalone import revision_tree  # noqa: E402

PAGES = [
    "/", "/cv/", "/publications/", "/publications/study-0/", "/publications/study-0.bib",
    "/publications.bib", "/authors/ada-researcher/", "/authors/author-0/", "/talks/",
    "/talks/talk-0/", "/topics/", "/topics/topic-0/", "/cv.json", "/sitemap.xml",
    "/feeds/publications.rss", "/feeds/talks.atom", "/robots.txt",
]  # fmt: skip

# Runs in each tree: builds the portfolio, then renders every page once per line
# read, answering each with a line of JSON: path -> [queries, gzip bytes, seconds].
WORKER = """
import gzip, json, os, shutil, sys, time
os.environ["DJANGO_PAGE_CACHE"] = sys.argv[3]
sys.path.insert(0, os.getcwd())
from tests.standalone import setup_django
work = setup_django("compare-", debug=False)
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
import tests.benchmarks.portfolio_data as data
data.generate(int(sys.argv[1]))
pages = json.loads(sys.argv[2])
client = Client(HTTP_HOST="localhost")
print("ready", flush=True)
for _ in sys.stdin:
    figures = {}
    for path in pages:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            body = response.getvalue()
            seconds = time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code)
        figures[path] = [len(queries), len(gzip.compress(body)), seconds]
    print(json.dumps(figures), flush=True)
connection.close()
shutil.rmtree(work, ignore_errors=True)
"""


class Side:
    def __init__(self, name: str, tree: Path, size: int, cached: bool):
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(size), json.dumps(PAGES), "1" if cached else "0"],
            cwd=tree,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(tree)},
        )
        line = self.process.stdout.readline().strip()
        if line != "ready":
            raise SystemExit(f"The {name} side did not start (it said {line!r}).")
        self.rounds: list[dict] = []

    def round(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        self.rounds.append(json.loads(self.process.stdout.readline()))

    def figure(self, path: str) -> tuple[int, int, float, float]:
        """Queries, gzip bytes, the first render's time, and the median time of the
        rounds after the first (which warms the process up)."""
        rounds = self.rounds[1:]
        queries, size, _ = rounds[-1][path]
        first = self.rounds[0][path][2]
        return queries, size, first, statistics.median(r[path][2] for r in rounds)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", nargs="?", default="HEAD")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cached", action="store_true", help="with the page cache on")
    args = parser.parse_args()
    with revision_tree(args.revision) as tree:
        before = Side(args.revision, tree, args.size, args.cached)
        after = Side("this tree", ROOT, args.size, args.cached)
        for _ in range(args.rounds + 1):
            before.round()
            after.round()
        before.close()
        after.close()
    cache = "from the page cache" if args.cached else "the page cache off"
    print(f"{args.size} publications, {cache}, median of {args.rounds} alternating rounds; "
          f"ratio = this tree / {args.revision}.")  # fmt: skip
    print("| page | queries | gzip bytes | first render | time | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    ratios = []
    for path in PAGES:
        q0, b0, f0, t0 = before.figure(path)
        q1, b1, f1, t1 = after.figure(path)
        ratios.append(t1 / t0)
        print(f"| `{path}` | {q0} → {q1} | {b0:,} → {b1:,} | "
              f"{f0 * 1000:.1f} → {f1 * 1000:.1f} ms | "
              f"{t0 * 1000:.1f} → {t1 * 1000:.1f} ms | {t1 / t0:.2f} |")  # fmt: skip
    print(f"Median time ratio over {len(PAGES)} pages: {statistics.median(ratios):.2f}.")


if __name__ == "__main__":
    main()
