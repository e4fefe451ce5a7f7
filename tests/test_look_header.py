"""The site's header and its fonts, in a real browser and on the server: one header
height on every page with the full navigation on a laptop, a collapsed menu on a
phone, and the two self-hosted faces (Portfolio Serif and Portfolio Sans, cut from
Source Serif 4 and Source Sans 3) small and shown with ``font-display: swap``.

The pages carry the sample CV and the content that stretches the layout
(tests/samples.py add_look_content): every section of the navigation, two more
free pages and a long owner's name."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from .samples import add_look_content
from .test_browser import BROWSED, browser, site  # noqa: F401

pytestmark = pytest.mark.process

SITE_CSS = Path(__file__).resolve().parent.parent / "portfolio/core/static/core/site.css"
FONT_BUDGET = 60 * 1024
LAPTOPS = [1024, 1280, 1440]
PHONES = [(390, 844), (320, 800)]


@pytest.fixture
def look_site(site):  # noqa: F811
    add_look_content()
    return site


def header_of(page) -> dict:
    """The header's height, and each link of the main navigation: its top, and
    whether it is shown (not clipped, hidden or in a closed element)."""
    return page.evaluate(
        """() => {
            const header = document.querySelector('header');
            const links = [...header.querySelectorAll('nav a')];
            const search = header.querySelector('form[role=search]');
            return {
                height: header.getBoundingClientRect().height,
                links: links.map(a => ({
                    label: a.textContent.trim(),
                    top: a.getBoundingClientRect().top,
                    height: a.getBoundingClientRect().height,
                    width: a.getBoundingClientRect().width,
                    shown: a.checkVisibility({visibilityProperty: true, opacityProperty: true}),
                })),
                search: search !== null && search.checkVisibility({visibilityProperty: true}),
            };
        }"""
    )


@pytest.mark.parametrize("width", LAPTOPS, ids=[f"{w}px" for w in LAPTOPS])
def test_the_header_is_the_same_on_every_page(browser, look_site, width):  # noqa: F811
    """A header that wraps on the pages whose current link is long, and not on the
    others, makes the page jump when one follows the navigation."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light")
    heights = {}
    try:
        page = context.new_page()
        for name, args, query in BROWSED:
            url = look_site + reverse(name, args=args) + query
            assert page.goto(url).status == 200, url
            header = header_of(page)
            heights[url] = header["height"]
            assert len(header["links"]) >= 9, url  # the full navigation of the look content
            hidden = [link["label"] for link in header["links"] if not link["shown"]]
            assert not hidden, f"{url}: links not shown: {hidden}"
            tops = {round(link["top"], 1) for link in header["links"]}
            assert len(tops) == 1, f"{url}: the navigation wraps onto {len(tops)} lines"
            assert header["search"], f"{url}: no search form"
        assert max(heights.values()) - min(heights.values()) <= 0.5, heights
        assert max(heights.values()) <= 72, heights
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), PHONES, ids=[f"{w}x{h}" for w, h in PHONES])
def test_on_a_phone_the_navigation_waits_behind_the_menu_button(
    browser,  # noqa: F811
    look_site,
    width,
    height,
):
    """The first screen of a phone shows the page, not nine links and a search
    field; one tap on the menu button shows them, large enough to tap."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        for name in ("website:home", "publications:list"):
            page.goto(look_site + reverse(name))
            header = header_of(page)
            assert header["height"] <= 64, header["height"]
            shown = [link["label"] for link in header["links"] if link["shown"]]
            assert not shown and not header["search"], f"shown before the menu opens: {shown}"
            button = page.locator("header summary")
            box = button.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, box
            button.click()
            header = header_of(page)
            assert all(link["shown"] for link in header["links"]), header["links"]
            assert header["search"]
            for link in header["links"]:
                assert link["height"] >= 24 and link["width"] >= 24, link
            last = page.locator("header nav a").last
            target = last.get_attribute("href")
            last.click()
            page.wait_for_url(look_site + target)
    finally:
        context.close()


def font_faces(css: str) -> list[dict[str, str]]:
    """Each @font-face rule of a stylesheet, as its descriptors."""
    faces = []
    for body in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        descriptors = {}
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if value:
                descriptors[name.strip()] = value.strip()
        faces.append(descriptors)
    return faces


def test_the_two_fonts_are_small_self_hosted_and_swapped_in():
    """At most two font files, under 60 KB together, each shown with
    ``font-display: swap`` (the text reads at once in the fallback face); the
    fallback faces name only fonts of the visitor's system."""
    from django.contrib.staticfiles import finders

    faces = font_faces(SITE_CSS.read_text(encoding="utf-8"))
    with_files = [face for face in faces if "url(" in face.get("src", "")]
    families = {face["font-family"].strip("\"'") for face in with_files}
    assert families == {"Portfolio Serif", "Portfolio Sans"}
    files = set()
    for face in with_files:
        assert face.get("font-display") == "swap", face
        assert face.get("font-weight") == "400 700", face
        url = re.search(r"url\(\s*[\"']?([^\"')]+)", face["src"])[1]
        files.add(url)
    assert len(files) <= 2, files
    sizes = {}
    for url in files:
        found = finders.find("core/" + url)  # relative to the stylesheet, in core/
        assert found, f"{url} is not a static file"
        sizes[url] = Path(found).stat().st_size
    assert sum(sizes.values()) <= FONT_BUDGET, sizes
    fallbacks = [face for face in faces if face not in with_files]
    assert {face["font-family"].strip("\"'") for face in fallbacks} == {
        "Portfolio Serif fallback",
        "Portfolio Sans fallback",
    }
    assert all("url(" not in face["src"] and "local(" in face["src"] for face in fallbacks)


def test_the_committed_fonts_hold_the_weights_and_characters_the_pages_use():
    """What ``make fonts`` cuts: the weight axis from 400 to 700, every letter of
    western European names and the punctuation of English text, under a name of
    its own (the licence reserves "Source" for Adobe's own fonts)."""
    from fontTools.ttLib import TTFont

    required = [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)]
    required += list("–—‘’“”…•′″€™−\u2009\u200b")
    for name in ("portfolio-serif.woff2", "portfolio-sans.woff2"):
        font = TTFont(SITE_CSS.parent / "fonts" / name)
        axes = {axis.axisTag: (axis.minValue, axis.maxValue) for axis in font["fvar"].axes}
        assert axes == {"wght": (400, 700)}, name
        characters = font.getBestCmap()
        assert [c for c in required if ord(c) not in characters] == [], name
        names = {r.nameID: r.toUnicode() for r in font["name"].names if r.nameID <= 25}
        assert names[1] == {"portfolio-serif.woff2": "Portfolio Serif"}.get(name, "Portfolio Sans")
        assert [i for i, text in names.items() if i != 0 and "Source" in text] == [], names
    assert "SIL Open Font License" in (SITE_CSS.parent / "fonts/OFL.txt").read_text()


def test_the_home_page_loads_the_two_fonts_from_the_site(browser, look_site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        fonts = []
        page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
        page.goto(look_site + reverse("website:home"))
        loaded = page.evaluate(
            """async () => {
                await document.fonts.ready;
                return {
                    faces: [...document.fonts].filter(f => f.status === 'loaded')
                        .map(f => f.family.replaceAll('"', '')),
                    text: document.fonts.check('1em "Portfolio Serif"'),
                    body: getComputedStyle(document.body).fontFamily,
                    heading: getComputedStyle(document.querySelector('h1')).fontFamily,
                };
            }"""
        )
        assert 1 <= len(fonts) <= 2, fonts
        assert all(url.startswith(look_site + "/") for url in fonts), fonts
        assert loaded["text"]
        web_fonts = [face for face in loaded["faces"] if not face.endswith(" fallback")]
        assert sorted(web_fonts) == ["Portfolio Sans", "Portfolio Serif"], loaded
        assert loaded["body"].startswith('"Portfolio Serif"'), loaded
        assert loaded["heading"].startswith('"Portfolio Sans"'), loaded
    finally:
        context.close()
