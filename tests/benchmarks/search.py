"""How fast /search/ answers: part of `make bench`, and on its own for PostgreSQL.

    .venv/bin/python tests/benchmarks/search.py [--size N] [--database-url URL]

Builds a generated portfolio of N publications (10,000 unless told;
tests/benchmarks/portfolio_data.py, with every other type in proportion) in a
throwaway SQLite database, or in the database URL gives (a PostgreSQL database
made for the purpose: it is emptied first), and prints, for a few representative
queries, the median time of the search page uncached (the page cache off, the
search index already built), then the first search after an edit (which
rebuilds the index first) and the full rebuild by ``rebuild_search_index``.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

RUNS = 7
QUERIES = (
    "things",  # in every publication's title: the most results
    "Family7",  # an author's name
    "scale normalisation",  # in every abstract
    "part 4242",
    "nothing matches this",
    "a study of things part training scale normalisation benchmarks gap",  # ten words
)


def timed(client, q: str) -> float:
    start = time.perf_counter()
    response = client.get("/search/", {"q": q})
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (q, response.status_code)
    return elapsed


def measure_search(size: int) -> dict:
    """In a database holding the generated portfolio of ``size`` publications:
    each query's median in ms, the median of those, the first search after an edit
    and the full rebuild, in ms."""
    from django.core.management import call_command
    from django.test import Client

    from portfolio.publications.models import Publication

    client = Client(HTTP_HOST="localhost")
    figures: dict = {"size": size, "queries": {}}
    for q in QUERIES:
        timed(client, q)  # warm: the index built, templates compiled
        figures["queries"][q] = statistics.median(timed(client, q) for _ in range(RUNS)) * 1000
    figures["median"] = statistics.median(figures["queries"].values())
    first = Publication.objects.order_by("pk").values_list("pk", flat=True).first()
    after_edit = []
    for run in range(3):
        Publication.objects.filter(pk=first).update(title=f"Edited title {run}")
        after_edit.append(timed(client, QUERIES[0]))
    figures["after_edit"] = statistics.median(after_edit) * 1000
    start = time.perf_counter()
    call_command("rebuild_search_index", verbosity=0)
    figures["rebuild"] = (time.perf_counter() - start) * 1000
    return figures


def report(figures: dict) -> list[str]:
    lines = [f"Search at {figures['size']:,} publications (median of {RUNS}, ms, uncached):"]
    lines += [f"  {ms:7.1f}  {q!r}" for q, ms in figures["queries"].items()]
    lines += [
        f"  {figures['median']:7.1f}  median of the queries",
        f"  {figures['after_edit']:7.1f}  first search after an edit (rebuilds the index)",
        f"  {figures['rebuild']:7.1f}  rebuild_search_index",
    ]
    return lines


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--database-url", help="a throwaway database (PostgreSQL): emptied")
    options = parser.parse_args()
    os.environ["DJANGO_PAGE_CACHE"] = "0"  # measure the search, not the cache
    if options.database_url:
        import tempfile

        from tests.standalone import ROOT

        sys.path.insert(0, str(ROOT))
        work = Path(tempfile.mkdtemp(prefix="bench-search-"))
        os.environ.update(
            DJANGO_STATIC_ROOT=str(work / "static"),
            DJANGO_MEDIA_ROOT=str(work / "media"),
            CACHE_URL=f"file://{work / 'cache'}",
            DJANGO_DEBUG="0",
            DJANGO_SETTINGS_MODULE="site_config.settings",
            DATABASE_URL=options.database_url,
            DJANGO_SECRET_KEY="standalone-key-" + "0123456789abcdefghijklmnopqrstuvwxyz01234567",
            DJANGO_ALLOWED_HOSTS="localhost",
            DJANGO_SSL_REDIRECT="0",
            DJANGO_CLIENT_REQUESTS="0",
            DJANGO_CLIENT_RENDERS="0",
        )
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
    else:
        from tests.standalone import setup_django

        setup_django("bench-search-", debug=False)
    import tests.benchmarks.portfolio_data as data

    start = time.perf_counter()
    data.generate(options.size, more_types=True)
    print(f"Generated {options.size:,} publications in {time.perf_counter() - start:.1f} s")
    print("\n".join(report(measure_search(options.size))))


if __name__ == "__main__":
    main()
