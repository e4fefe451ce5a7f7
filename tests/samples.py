"""The made-up CVs the tests and the quality scripts load (see
tests/data/make_sample_cvs.py). A module of its own, without side effects, so
that scripts run outside pytest can import it (tests/conftest.py changes the
settings of the process that imports it)."""

from pathlib import Path

# A made-up researcher's CV for the code tests: no code test depends on what
# fixtures/cv.json holds.
SAMPLE_CV = Path(__file__).resolve().parent / "data" / "sample-cv.json"
