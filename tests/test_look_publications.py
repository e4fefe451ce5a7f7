"""The publications list at first glance: filter chips with the topics folded
behind "more", the first paper on a phone's first screen, meta lines whose
separators never start a line, and math in titles set like the title around it.

The browser tests run on the sample CV stretched by add_look_content() (24 topics,
6 kinds, 12 years, a long venue, a title with math, a long talk event)."""

import re

import pytest
from django.urls import reverse
from taggit.models import Tag

from .conftest import SAMPLE_CV
from .samples import LOOK_TOPICS, add_citations, add_look_content
from .test_browser import assert_fits, axe_violations, browser  # noqa: F401

pytestmark = pytest.mark.process

SHOWN_TOPICS = 8


def topic_row(html: str) -> str:
    nav = re.search(r'<nav class="filters".*?</nav>', html, re.S).group(0)
    assert 'id="filter-topic"' in nav, "no labelled topic row"
    return nav[nav.index('id="filter-topic"') :]


def split_folded(html: str) -> tuple[str, str]:
    """The topic row's shown part and its folded part (inside <details class="more">)."""
    row = topic_row(html)
    shown, _, folded = row.partition('<details class="more"')
    return shown, folded


def chip_names(html: str) -> list[str]:
    return [name.strip() for name in re.findall(r"<a [^>]*>([^<]+)</a>", html)]


def test_the_topics_past_the_eight_most_used_fold_behind_more(cv, client):
    add_look_content()
    html = client.get(reverse("publications:list")).content.decode()
    shown, folded = split_folded(html)
    shown_names = [n for n in chip_names(shown) if n != "All"]
    assert len(shown_names) == SHOWN_TOPICS
    assert folded.startswith(">") and "<summary>" in folded  # folded, not open
    summary = re.search(r"<summary>(.*?)</summary>", folded).group(1)
    folded_names = chip_names(folded)
    assert summary == f"{len(folded_names)} more topics"
    # Every topic is still a link in the page, so a static copy has every one.
    listed = {name.casefold() for name in shown_names + folded_names}
    assert listed >= {name.casefold() for name in LOOK_TOPICS}
    assert len(listed) == len(shown_names) + len(folded_names)
    for topic in Tag.objects.filter(name__in=LOOK_TOPICS):
        assert f'href="{reverse("publications:topic", args=[topic.slug])}"' in html
    # The most used first; the rest by name.
    assert "Bayesian inference" in shown_names and "Compressed sensing" in shown_names
    keys = [name.casefold() for name in folded_names]
    assert keys == sorted(keys, key=lambda k: k.replace("é", "e"))
    # Names as a reader expects them, whatever their case when typed.
    assert all(name[0].isupper() for name in shown_names + folded_names)
    assert "Écologie numérique" in folded_names


def test_a_folded_topic_when_current_opens_more(cv, client):
    add_look_content()
    html = client.get(reverse("publications:list")).content.decode()
    _, folded = split_folded(html)
    slug = re.search(r'href="/publications/topic/([^/"]+)/"', folded).group(1)
    page = client.get(reverse("publications:topic", args=[slug])).content.decode()
    _, folded = split_folded(page)
    assert folded.startswith(" open>")
    assert re.search(rf'href="/publications/topic/{slug}/" aria-current="page"', folded)


def test_each_filter_row_is_a_labelled_list_of_chips(cv, client):
    add_look_content()
    html = client.get(reverse("publications:list")).content.decode()
    nav = re.search(r'<nav class="filters".*?</nav>', html, re.S).group(0)
    labels = re.findall(r'<span class="label" id="([^"]+)">([^<]+)</span>', nav)
    assert [text for _, text in labels] == ["Group", "Kind", "Year", "Topic"]
    for label_id, _ in labels:
        assert f'<ul class="chips" aria-labelledby="{label_id}">' in nav
    assert nav.count('aria-current="page"') == 4  # by kind, and "All" of each row


# Browser tests


@pytest.fixture
def site(browser, live_server, transactional_db):  # noqa: F811
    """The browser tests' sample site (tests/test_browser.py), stretched."""
    from django.core.management import call_command

    call_command("loaddata", str(SAMPLE_CV), verbosity=0)
    add_citations()
    add_look_content()
    return live_server.url


def open_page(browser, url: str, width: int, height: int = 800):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    response = page.goto(url)
    assert response.status == 200, url
    return context, page


@pytest.mark.parametrize(("width", "height"), [(390, 844), (320, 800)])
def test_the_first_paper_is_on_the_first_screen(browser, site, width, height):  # noqa: F811
    context, page = open_page(browser, site + reverse("publications:list"), width, height)
    try:
        top = page.evaluate("document.querySelector('.entry').getBoundingClientRect().top")
        assert top + 60 < height, f"the first paper starts at {top} px of {height}"
    finally:
        context.close()


# For each "·" in a meta line: is it on the line of the character before it?
SEPARATORS = """() => {
    const problems = [];
    for (const meta of document.querySelectorAll('.meta')) {
        const walker = document.createTreeWalker(meta, NodeFilter.SHOW_TEXT);
        const chars = [];
        for (let node; (node = walker.nextNode());) {
            if (!node.parentElement.checkVisibility()) continue;
            for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
        }
        const box = ([node, i]) => {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            return range.getClientRects()[0];
        };
        chars.forEach(([node, i], n) => {
            if (node.data[i] !== '\u00b7') return;
            let k = n - 1;
            while (k >= 0 && /\\s/.test(chars[k][0].data[chars[k][1]])) k--;
            if (k < 0) return;
            const dot = box(chars[n]), before = box(chars[k]);
            const middle = (dot.top + dot.bottom) / 2;
            if (middle < before.top || middle > before.bottom) {
                problems.push(meta.textContent.trim().slice(0, 80));
            }
        });
    }
    return problems;
}"""


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_no_separator_starts_a_line(browser, site, width):  # noqa: F811
    pages = [
        reverse("publications:list"),
        reverse("publications:detail", args=["look-math"]),
        reverse("talks:list"),
        reverse("website:home"),
    ]
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        problems = []
        for path in pages:
            page.goto(site + path)
            problems += [f"{path}: {p}" for p in page.evaluate(SEPARATORS)]
        assert problems == []
    finally:
        context.close()


MATH = """() => {
    const title = [...document.querySelectorAll('.entry-title, h1')]
        .find(t => t.querySelector('math'));
    const math = title.querySelector('math');
    const style = e => getComputedStyle(e);
    const first = f => f.split(',')[0].trim().replace(/"/g, '');
    // The gap from the math's right edge to the next word, and a space's width.
    const text = math.nextSibling;
    const range = document.createRange();
    range.setStart(text, 1);
    range.setEnd(text, 2);
    const next = range.getBoundingClientRect().left;
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const space = range.getBoundingClientRect().width;
    // The right edge of the math's last glyph (its box may hold a space after a script).
    const glyphs = document.createTreeWalker(math, NodeFilter.SHOW_TEXT);
    let right = -Infinity;
    for (let node; (node = glyphs.nextNode());) {
        range.selectNodeContents(node);
        right = Math.max(right, range.getBoundingClientRect().right);
    }
    const letter = math.querySelector('mi');
    return {
        titleWeight: style(title.querySelector('a') || title).fontWeight,
        mathWeight: style(math).fontWeight,
        titleFamily: first(style(title.querySelector('a') || title).fontFamily),
        mathFamily: first(style(math).fontFamily),
        letterFamily: first(style(letter).fontFamily),
        transform: style(letter).textTransform,
        gap: next - right,
        space: space,
        text: text.data.slice(0, 8),
    };
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("where", ["list", "detail"])
def test_math_in_a_title_is_set_like_the_title(browser, site, width, where):  # noqa: F811
    path = (
        reverse("publications:list")
        if where == "list"
        else reverse("publications:detail", args=["look-math"])
    )
    context, page = open_page(browser, site + path, width)
    try:
        found = page.evaluate(MATH)
        assert found["text"].startswith(" priors"), found
        assert found["mathWeight"] == found["titleWeight"], found
        assert found["mathFamily"] == found["titleFamily"], found
        assert found["letterFamily"] == found["titleFamily"], found
        # Letters from the text face, not the mathematical alphanumerics.
        assert found["transform"] == "none", found
        assert found["gap"] <= 1.3 * found["space"], found
    finally:
        context.close()


def test_the_shown_topics_take_at_most_three_lines_on_a_phone(browser, site):  # noqa: F811
    context, page = open_page(browser, site + reverse("publications:list"), 390, 844)
    try:
        tops = page.evaluate(
            """() => [...document.querySelectorAll('.chips a')]
                .filter(a => a.closest('ul').getAttribute('aria-labelledby') === 'filter-topic'
                             && !a.closest('.more'))
                .map(a => Math.round(a.getBoundingClientRect().top))"""
        )
        assert len(tops) == SHOWN_TOPICS + 1  # and "All"
        assert len(set(tops)) <= 3, sorted(set(tops))
        # The chips are tap targets of at least 24 px with room between them.
        sizes = page.evaluate(
            "[...document.querySelectorAll('.chips a')].filter(a => a.checkVisibility())"
            ".map(a => a.getBoundingClientRect().height)"
        )
        assert min(sizes) >= 32
    finally:
        context.close()


@pytest.mark.parametrize(("width", "scheme"), [(320, "dark"), (1280, "light")])
def test_the_chips_and_entries_pass_axe_with_every_topic_shown(browser, site, width, scheme):  # noqa: F811
    """Scrolled chip rows are reachable by keyboard, chips and badges keep their
    contrast, with "more" open on a folded topic's own page."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        problems = []
        folded = reverse("publications:topic", args=["open-science"])
        for path in (reverse("publications:list"), folded):
            page.goto(site + path)
            assert_fits(page, path)
            problems += axe_violations(page, path)
        assert problems == []
    finally:
        context.close()
