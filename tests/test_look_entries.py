"""Entries, link buttons and the topic index in a real browser: no two boxes of
text or images overlap on any public page, item titles carry no section rule,
and every link of an item is a button large enough to tap, with its icon."""

import pytest
from django.urls import reverse

from .samples import add_look_content
from .test_browser import AXE, BROWSED, browser, site  # noqa: F401

pytestmark = pytest.mark.process

# The text of leaf elements (measured on its text nodes, line by line) and the
# images; two of them may share pixels only when one element holds the other.
OVERLAPS = """() => {
  const boxes = [];
  const shown = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    // Text for screen readers only is clipped to a pixel.
    const own = el.getBoundingClientRect();
    if (own.width <= 1 || own.height <= 1) continue;
    if (el.matches('img, svg, video')) {
      for (const r of el.getClientRects()) boxes.push([el, r]);
      continue;
    }
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.data.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.height > 0) boxes.push([el, r]);
      }
    }
  }
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' +
    (el.textContent || el.getAttribute('alt') || '').trim().slice(0, 40) + '"';
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    const [a, ra] = boxes[i];
    for (let j = i + 1; j < boxes.length; j++) {
      const [b, rb] = boxes[j];
      if (a === b || a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 0 && h > 0 && w * h > 1) {
        found.push(`${name(a)} overlaps ${name(b)} (${Math.round(w)}x${Math.round(h)} px)`);
      }
    }
  }
  for (const li of document.querySelectorAll('li')) {
    const inline = getComputedStyle(li).display === 'inline';
    if (shown(li) && !inline && li.scrollWidth > li.clientWidth) {
      found.push(`${name(li)} is ${li.scrollWidth} px wide in a ${li.clientWidth} px box`);
    }
  }
  return [...new Set(found)];
}"""


@pytest.fixture
def look(site):  # noqa: F811
    add_look_content()
    return site


def pages_in(browser, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme="light")
    return context, context.new_page()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_boxes_overlap(browser, look, width):  # noqa: F811
    context, page = pages_in(browser, width)
    problems = []
    try:
        for name, args, query in BROWSED:
            url = look + reverse(name, args=args) + query
            assert page.goto(url).status == 200, url
            problems += [f"{url}: {found}" for found in page.evaluate(OVERLAPS)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


ITEM_LISTS = ["talks:list", "teaching:list", "news:list", "projects:list", "website:home"]


@pytest.mark.parametrize("width", [390, 1280])
def test_item_titles_are_smaller_than_section_headings_and_unruled(browser, look, width):  # noqa: F811
    context, page = pages_in(browser, width)
    problems = []
    try:
        for name in ITEM_LISTS:
            url = look + reverse(name)
            page.goto(url)
            section = page.evaluate(
                """() => { const h = document.createElement('h2');
                document.querySelector('main').append(h);
                const size = parseFloat(getComputedStyle(h).fontSize);
                h.remove(); return size; }"""
            )
            titles = page.evaluate(
                """() => [...document.querySelectorAll('.entry-title')].map(t => [
                  t.textContent.trim().slice(0, 40), getComputedStyle(t).borderBottomWidth,
                  parseFloat(getComputedStyle(t).fontSize)])"""
            )
            assert titles, url
            problems += [
                f"{url}: {text!r} has a {border} rule and is {size} px (section {section} px)"
                for text, border, size in titles
                if border != "0px" or size >= section
            ]
    finally:
        context.close()
    assert problems == []


BUTTON_PAGES = [
    ("website:home", []),
    ("publications:list", []),
    ("publications:detail", ["sparse-routing"]),
    ("talks:list", []),
    ("projects:list", []),
    ("teaching:list", []),
]


@pytest.mark.parametrize("width", [390, 1280])
def test_item_links_are_buttons_with_icons_large_enough_to_tap(browser, look, width):  # noqa: F811
    context, page = pages_in(browser, width)
    problems = []
    try:
        for name, args in BUTTON_PAGES:
            url = look + reverse(name, args=args)
            page.goto(url)
            links = page.evaluate(
                """() => [...document.querySelectorAll('.links a')].map(a => {
                  const r = a.getBoundingClientRect();
                  return [a.textContent.trim(), r.width, r.height, !!a.querySelector('svg.icon')];
                })"""
            )
            assert links, f"{url} has item links"
            problems += [
                f"{url}: {text!r} is {w:.0f}x{h:.0f} px" + ("" if icon else " without an icon")
                for text, w, h, icon in links
                if w < 32 or h < 24 or not icon or not text
            ]
            # WCAG 2.2's target size (24 px, or spaced apart): not in axe's default set.
            page.evaluate(AXE.read_text(encoding="utf-8"))
            result = page.evaluate(
                "() => axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}})"
            )
            problems += [
                f"{url}: {v['id']}: {len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]}"
                for v in result["violations"]
            ]
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("width", [390, 1280])
def test_the_topic_index_lists_names_with_their_counts_below(browser, look, width):  # noqa: F811
    context, page = pages_in(browser, width)
    try:
        page.goto(look + reverse("website:topics"))
        topics = page.evaluate(
            """() => [...document.querySelectorAll('main li')].map(li => {
              const name = li.querySelector('a').getBoundingClientRect();
              const count = li.querySelector('.count').getBoundingClientRect();
              return [li.querySelector('a').textContent, getComputedStyle(li).listStyleType,
                      li.getClientRects().length, count.top >= name.bottom - 1];
            })"""
        )
    finally:
        context.close()
    assert len(topics) >= 24
    for name, marker, pieces, count_below in topics:
        # No marker to collide with a neighbour, the item in one piece, the count
        # on a line of its own.
        assert (marker, pieces, count_below) == ("none", 1, True), name
        assert name[0] == name[0].upper(), name


def test_markdown_headings_and_tables_are_styled(browser, look):  # noqa: F811
    from .factories import make_page

    body = "\n\n".join(
        [
            "## Section",
            "Text.",
            "### Part",
            "#### Detail",
            "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |",
        ]
    )
    make_page(title="Styled", slug="styled", body=body)
    context, page = pages_in(browser, 1280)
    try:
        page.goto(look + reverse("freepages:detail", args=["styled"]))
        style = page.evaluate(
            """() => {
              const css = s => getComputedStyle(document.querySelector(s));
              const size = s => parseFloat(css(s).fontSize);
              return {
                sizes: ['main h2', 'main h3', 'main h4', 'main p'].map(size),
                heading: css('main h3').fontFamily === css('.site-header').fontFamily,
                header: css('main th').fontFamily === css('.site-header').fontFamily,
                stripes: [...document.querySelectorAll('main tbody tr')]
                  .map(tr => getComputedStyle(tr).backgroundColor),
              };
            }"""
        )
    finally:
        context.close()
    h2, h3, h4, text = style["sizes"]
    assert h2 > h3 > h4 >= text  # headings on the scale, each level smaller
    assert style["heading"] and style["header"]  # in the interface face, as headings
    first, second = style["stripes"]
    assert first != second  # striped rows
