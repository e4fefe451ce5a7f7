"""The home page's first screen in a real browser: on a phone and on a laptop the
photo, the name and the profile links are seen without scrolling, on the layout
content of tests/samples.py (a long name, a full navigation)."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from .samples import add_look_content
from .test_browser import assert_fits, browser, site, watch_console  # noqa: F401
from .test_uploads import image_bytes

pytestmark = pytest.mark.process

SCREENS = [(390, 844), (1280, 800)]


@pytest.fixture
def home(site):  # noqa: F811
    from portfolio.profile.models import Profile

    add_look_content()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    Profile.get_solo().photo.save("me.png", ContentFile(image_bytes(size=(600, 750))))
    yield site + reverse("website:home")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def serve_media(page) -> None:
    """The test server serves no uploads (production's web server does): the browser
    is given them from the media folder."""
    root = Path(settings.MEDIA_ROOT)

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        route.fulfill(path=root / name)

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_photo_name_and_profile_links_are_on_the_first_screen(browser, home, width, height):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        errors = watch_console(page)
        serve_media(page)
        assert page.goto(home).status == 200
        assert_fits(page, home)
        boxes = page.evaluate(
            """() => Object.fromEntries(["h1", ".intro .photo", ".intro .icon-row", ".intro .bio"]
                .map(s => [s, document.querySelector(s)])
                .map(([s, e]) => [s, e && {...e.getBoundingClientRect().toJSON(),
                                           shown: e.checkVisibility()}]))"""
        )
        for selector, box in boxes.items():
            assert box and box["shown"], f"{selector} is not shown"
        for selector in ("h1", ".intro .photo", ".intro .icon-row"):
            box = boxes[selector]
            assert box["top"] >= 0 and box["bottom"] <= height, f"{selector} at {box}"
            assert box["left"] >= 0 and box["right"] <= width, f"{selector} at {box}"
        # The bio starts on the first screen; a long one may go on below it.
        assert boxes[".intro .bio"]["top"] < height
        assert page.evaluate("document.querySelector('.intro .photo').naturalWidth") > 0
        assert not errors, errors
    finally:
        context.close()
