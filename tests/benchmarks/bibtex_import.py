"""How long the admin's BibTeX import takes at the limits it accepts.

    .venv/bin/python tests/benchmarks/bibtex_import.py

Runs on a throwaway SQLite database. Prints, for the worst inputs the admin
accepts (512 KB, 500 entries, fields of up to 20,000 characters), the time of the
preview (a dry run) and of the import, each as a share of gunicorn's 30-second
worker timeout; and the decoding time of one field at 5,000, 10,000 and 20,000
characters, as ratios to the shortest (linear growth gives 1, 2 and 4).
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.standalone import setup_django

WORKER_TIMEOUT = 30


def entry(i: int, abstract: str) -> str:
    return (
        f"@inproceedings{{key{i},\n title={{A {{S}}tudy of {{\\'E}}fficient Things, part {i}}},\n"
        f' author={{M{{\\"u}}ller, Hans and Doe, Jane and Roe, R. and Smith, Ann}},\n'
        f" booktitle={{Proceedings of the Conference on Things}},\n year={{2020}},\n"
        f" doi={{10.1000/x{i}}},\n abstract={{{abstract}}}\n}}\n"
    )


def fill(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length].rstrip("\\{$")


def timed(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    setup_django("bench-bibtex-")
    from portfolio.importing.forms import MAX_BIBTEX_BYTES, MAX_ENTRIES
    from portfolio.importing.sources import bibtex as bibtex_import
    from portfolio.publications.bibtex.latex import to_text
    from portfolio.publications.models import Publication

    prose = "We study the effect of normalisation on training; results hold broadly. "
    dense = "{\\'e}{\\\"u}$x^2$ -- "
    dense_entries = MAX_BIBTEX_BYTES // (bibtex_import.MAX_FIELD_CHARS + 400)
    per_entry = MAX_BIBTEX_BYTES // MAX_ENTRIES - len(entry(MAX_ENTRIES, "")) - 8
    cases = {
        f"{MAX_ENTRIES} entries with short abstracts, {MAX_BIBTEX_BYTES // 1024} KB": "".join(
            entry(i, fill(prose, per_entry)) for i in range(MAX_ENTRIES)
        ),
        f"{dense_entries} entries of 20,000 characters of dense LaTeX": "".join(
            entry(i, fill(dense, bibtex_import.MAX_FIELD_CHARS)) for i in range(dense_entries)
        ),
    }
    print(f"{'input':<56}{'bytes':>10}{'preview':>10}{'import':>10}{'share of 30 s':>15}")
    for name, text in cases.items():
        assert len(text.encode()) <= MAX_BIBTEX_BYTES, len(text)
        preview = timed(bibtex_import.import_bibtex, text, dry_run=True)
        imported = timed(bibtex_import.import_bibtex, text)
        Publication.objects.all().delete()
        worst = max(preview, imported)
        print(
            f"{name:<56}{len(text.encode()):>10,}{preview:>9.2f}s{imported:>9.2f}s"
            f"{worst / WORKER_TIMEOUT:>15.2f}"
        )

    print("\nDecoding one field (best of 3), as a ratio to 5,000 characters:")
    for unit_name, unit in (("prose", prose), ("dense LaTeX", dense)):
        times = {}
        for length in (5_000, 10_000, 20_000):
            value = fill(unit, length)
            times[length] = min(timed(to_text, value) for _ in range(3))
        ratios = "  ".join(f"{n:,}: {t / times[5_000]:.2f}" for n, t in times.items())
        print(f"  {unit_name:<12} {ratios}   (20,000 characters: {times[20_000]:.3f}s)")


if __name__ == "__main__":
    main()
