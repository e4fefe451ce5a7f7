"""`make screenshots` (tests/quality/screenshots.py) on two pages: a picture per page,
width and theme, as wide as the window, in the theme asked for.

Needs Debian's Chromium and the playwright package: missing, they skip this test
on a development machine and fail it in CI.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from .test_browser import CHROMIUM

# Starts servers, a browser or other processes: run once in CI, not on each database.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent


def test_screenshots_of_each_page_at_both_widths_in_both_themes(tmp_path):
    missing = [] if Path(CHROMIUM).exists() else [f"Chromium at {CHROMIUM}"]
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package")
    if missing:
        message = "the screenshots need " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    (tmp_path / "home-390px-light.png").write_bytes(b"from an earlier run")
    (tmp_path / "notes.txt").write_text("not a picture", encoding="utf-8")

    pages = {"home": reverse("website:home"), "publications": reverse("publications:list")}
    arguments = [f"--path={path}" for path in pages.values()]
    completed = subprocess.run(
        [sys.executable, "tests/quality/screenshots.py", f"--out={tmp_path}", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr

    expected = {
        f"{page}-{width}px-{scheme}.png": (width, scheme)
        for page in pages
        for width in (390, 1280)
        for scheme in ("light", "dark")
    }
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(expected)
    assert (tmp_path / "notes.txt").exists()  # only pictures are cleared away
    for name, (width, scheme) in expected.items():
        with Image.open(tmp_path / name) as picture:
            assert picture.format == "PNG"
            assert picture.width == width, name
            assert picture.height >= 800, name  # the full page, at least the window
            # The page's background fills the corner: light or dark as asked.
            red, green, blue = picture.convert("RGB").getpixel((0, 0))
            assert (red + green + blue > 600) is (scheme == "light"), name


def test_first_screen_pictures_are_the_window_in_256_colours(tmp_path):
    if not Path(CHROMIUM).exists():
        message = f"the screenshots need Chromium at {CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    completed = subprocess.run(
        [sys.executable, "tests/quality/screenshots.py", f"--out={tmp_path}", "--first-screen",
         f"--path={reverse('publications:list')}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr

    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == sorted(
        f"publications-{w}px-{s}.png" for w in (390, 1280) for s in ("light", "dark")
    )
    for name in names:
        with Image.open(tmp_path / name) as picture:
            assert picture.mode == "P", name  # a palette, not full colour
            assert len(picture.getcolors(256) or []) <= 256
            assert picture.height == 800, name  # the window, not the full page
            red, green, blue = picture.convert("RGB").getpixel((0, 0))
            assert (red + green + blue > 600) is ("light" in name), name
