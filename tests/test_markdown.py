"""Markdown that carries a whole page: headings in the page's outline, tables, and
images from the site's own uploads, all sanitised."""

import itertools
import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from portfolio.media.uploads import EXTENSIONS
from portfolio.richtext import markdown
from portfolio.richtext.markdown import markdown_text, render_markdown, sanitise

from .factories import (
    make_course,
    make_news,
    make_page,
    make_profile,
    make_project,
    make_publication,
    make_talk,
)


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def follows_the_outline(levels: list[int]) -> bool:
    """One h1, first, and no heading more than one level below the one before it
    (axe's heading-order)."""
    return (
        levels[:1] == [1]
        and levels.count(1) == 1
        and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    )


# --- Headings --------------------------------------------------------------------------


def test_without_a_level_a_heading_is_a_bold_paragraph():
    html = render_markdown("# Methods\n\nWe train.\n\nResults\n-------\n\n### Small *print*")
    assert html == (
        "<p><strong>Methods</strong></p>\n<p>We train.</p>\n"
        "<p><strong>Results</strong></p>\n<p><strong>Small <em>print</em></strong></p>\n"
    )
    assert markdown_text("# Methods\n\nWe train.") == "Methods\n\nWe train."


def test_headings_start_at_the_level_given_and_stop_at_h6():
    text = "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six"
    assert heading_levels(render_markdown(text, heading_level=2)) == [2, 3, 4, 5, 6, 6]
    assert heading_levels(render_markdown(text, heading_level=3)) == [3, 4, 5, 6, 6, 6]
    assert "<h2>Title</h2>" in render_markdown("Title\n=====", heading_level=2)


def test_a_heading_is_never_more_than_one_level_below_the_one_before():
    # Imported pages often keep "#" for their title and start at "##".
    html = render_markdown("## Background\n\n#### Detail\n\n# Next\n\n### Part", heading_level=2)
    assert heading_levels(html) == [2, 3, 2, 3]
    assert "<h2>Background</h2>" in html and "<h3>Detail</h3>" in html


@pytest.mark.parametrize("level", [0, 7, -1])
def test_a_heading_level_outside_1_to_6_is_refused(level):
    with pytest.raises(ValueError, match="A heading level is 1 to 6"):
        render_markdown("# x", heading_level=level)


def test_the_template_filter_takes_the_level_as_its_argument():
    template = Template("{% load richtext %}{{ text|markdown:2 }}|{{ text|markdown }}")
    html = template.render(Context({"text": "# Section\n\n## Part"}))
    assert html == (
        "<h2>Section</h2>\n<h3>Part</h3>\n|"
        "<p><strong>Section</strong></p>\n<p><strong>Part</strong></p>\n"
    )


BODY = "# Aims\n\nText.\n\n## Method\n\n#### Deep detail\n\n# Results"

PAGES = {
    "page": (lambda: make_page(slug="p", body=BODY), "freepages:detail", [1, 2, 3, 4, 2]),
    "news": (lambda: make_news(slug="n", text=BODY), "news:detail", [1, 2, 3, 4, 2]),
    "project": (lambda: make_project(slug="pr", description=BODY), "projects:detail",
                [1, 2, 3, 4, 2]),
    "course": (lambda: make_course(slug="c", description=BODY), "teaching:detail",
               [1, 2, 3, 4, 2]),
    "talk": (lambda: make_talk(slug="t", abstract=BODY), "talks:detail", [1, 2, 3, 4, 5, 3]),
    "publication": (lambda: make_publication(slug="pu", abstract=BODY), "publications:detail",
                    [1, 2, 3, 4, 5, 3]),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(PAGES))
def test_a_body_with_headings_stays_in_the_pages_outline(client, db, kind):
    make, url_name, expected = PAGES[kind]
    entry = make()
    html = client.get(reverse(url_name, args=[entry.slug])).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    levels = heading_levels(main)
    assert levels[: len(expected)] == expected, levels
    assert follows_the_outline(heading_levels(html)), heading_levels(html)
    assert ">Aims</h" in main and "<p># Aims" not in main


def test_the_bio_on_the_home_page_follows_the_name(client, db):
    make_profile(bio=BODY)
    html = client.get(reverse("website:home")).content.decode()
    assert re.search(r'<div class="bio">\s*<h2>Aims</h2>', html)
    assert follows_the_outline(heading_levels(html)), heading_levels(html)


def test_an_abstract_in_a_list_keeps_its_headings_out_of_the_outline(client, db):
    make_publication(slug="pu", abstract="# Background\n\nText.")
    html = client.get(reverse("publications:list")).content.decode()
    assert "<p><strong>Background</strong></p>" in html
    assert follows_the_outline(heading_levels(html))


def test_the_preview_shows_headings_as_an_entrys_page_does(admin_client, db):
    response = admin_client.post(reverse("admin:markdown_preview"), {"text": "# Aims\n## Plan"})
    assert response.content.decode() == "<h2>Aims</h2>\n<h3>Plan</h3>\n"


# --- Tables ----------------------------------------------------------------------------

TABLE = """\
| Model | Accuracy | Note |
|:------|---------:|:----:|
| $f_\\theta$ | 91.2 | **best** |
| <script>alert(1)</script> | 3 | $\\|x\\|$ |
"""


def test_a_pipe_table_is_a_table_with_its_alignment_as_a_class():
    html = render_markdown(TABLE)
    assert html.startswith('<table>\n<thead>\n<tr>\n<th class="align-left">Model</th>')
    assert '<th class="align-right">Accuracy</th>' in html
    assert '<td class="align-center"><strong>best</strong></td>' in html
    assert "<tbody>" in html and "style" not in html


def test_math_in_a_table_cell_is_math():
    html = render_markdown(TABLE)
    assert '<td class="align-left"><math display="inline">' in html
    assert "<mi>θ</mi>" in html
    # A "|" inside a cell is written "\|", math included.
    assert '<mo stretchy="false">|</mo><mi>x</mi><mo stretchy="false">|</mo>' in html


def test_a_script_in_a_table_cell_stays_text():
    html = render_markdown(TABLE)
    assert "<script" not in html
    assert '<td class="align-left">&lt;script&gt;alert(1)&lt;/script&gt;</td>' in html


def test_a_table_as_plain_text_has_a_row_a_line():
    assert markdown_text("Scores:\n\n" + TABLE + "\nThe end.") == (
        "Scores:\n\nModel Accuracy Note\nf_θ 91.2 best\n<script>alert(1)</script> 3 |x|"
        "\n\nThe end."
    )


# --- Images ----------------------------------------------------------------------------


def test_an_image_of_the_sites_media_is_shown():
    html = render_markdown("![Lab *photo*](/media/library/lab.jpg)")
    assert html == '<p><img src="/media/library/lab.jpg" alt="Lab photo" loading="lazy"></p>\n'
    assert markdown_text("See ![the lab](/media/library/lab.jpg).") == "See the lab."


def test_an_image_follows_the_address_prefix_of_the_site():
    try:
        set_script_prefix("/portfolio/")
        html = render_markdown("![Lab](/media/library/lab.png)")
    finally:
        set_script_prefix("/")
    assert '<img src="/portfolio/media/library/lab.png" alt="Lab" loading="lazy">' in html


@pytest.mark.parametrize(
    "address",
    [
        "/media/../settings.py",
        "/media/library/../../settings.png",
        "/media/%2e%2e/secret.png",
        "/media/library/%2F%2Fevil.png",
        "//evil.example/x.png",
        "/media/library/lab.jpg?v=1",
        "/media/library/lab.jpg#top",
        "/media/library/logo.svg",
        "/media/library/anim.gif",
        "/media/library/",
        "/static/core/favicon.png",
        "library/lab.jpg",
        "../media/library/lab.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_any_other_image_is_shown_as_its_description(address):
    html = render_markdown(f"![A lab]({address})")
    assert html == "<p>A lab</p>\n", html


def test_an_image_from_another_site_is_a_link_to_it():
    html = render_markdown("![a figure](https://example.org/fig.png)")
    assert html == (
        '<p><a href="https://example.org/fig.png" rel="nofollow noopener noreferrer">'
        "a figure</a></p>\n"
    )


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    "text",
    [
        "![x](javascript:alert(1))",
        "![x](JaVaScRiPt:alert(1)//x.png)",
        "![x](file:///etc/passwd.png)",
        '![x" onerror="alert(1)](/media/library/a.png)',
        '![x](/media/library/a.png "t\\" onerror=\\"alert(1)")',
        "![x](/media/library/a.png) onerror=alert(1)",
        "<img src=/media/library/a.png onerror=alert(1)>",
        '![<img src=x onerror="alert(1)">](/media/library/a.png)',
        "![x](/media/library/a.png)<!-- <img src=x onerror=alert(1)> -->",
    ],
)
def test_no_image_carries_a_script(text):
    for tag, attributes in Tags(render_markdown(text)).found:
        assert tag in ("p", "img"), tag
        if tag == "img":
            assert set(attributes) == {"src", "alt", "loading"}, attributes
            assert attributes["src"] == "/media/library/a.png"


def test_the_sanitiser_lets_an_image_through_only_from_the_sites_media():
    hostile = (
        '<img src="https://evil.example/x.png" onerror="alert(1)" style="x" loading="eager">'
        '<img src="/media/../settings.png"><img src="/media/library/a.svg">'
        '<img src="/media/library/a.png" alt="ok" width="3" height="2" class="x">'
        '<table style="color:red" class="x"><tr><td style="x" class="align-right evil">1</td>'
        '<th onclick="alert(1)" class="align-center">2</th></tr></table>'
        '<h1>one</h1><h2 id="x" style="x">two</h2><div>three</div>'
    )
    assert sanitise(hostile) == (
        '<img loading="lazy"><img loading="lazy"><img loading="lazy">'
        '<img src="/media/library/a.png" alt="ok" width="3" height="2" loading="lazy">'
        '<table><tbody><tr><td class="align-right">1</td><th class="align-center">2</th>'
        "</tr></tbody></table>one<h2>two</h2>three"
    )


def test_the_images_markdown_shows_are_the_kinds_an_upload_may_be():
    assert set(markdown.IMAGE_EXTENSIONS) == {ext for exts in EXTENSIONS.values() for ext in exts}
