import re

import pytest
from django.urls import reverse

from .factories import make_profile


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def test_home_shows_the_name_and_headline_of_the_cv(client, cv):
    response = client.get(reverse("website:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert re.search(r"<h1[^>]*>Mira Castellanos</h1>", html)
    assert "Associate Professor of Computer Science, Northfield University" in html
    assert "555 0100" not in html
    assert "1985" not in html


def test_home_without_a_profile_still_answers(client, db):
    response = client.get(reverse("website:home"))
    assert response.status_code == 200
    assert h1_count(response.content.decode()) == 1


@pytest.mark.django_db
def test_names_are_escaped(client):
    make_profile(name='<script>alert("x")</script>', headline='"><img src=x onerror=alert(1)>')
    html = client.get(reverse("website:home")).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_interests_show_without_a_bio(client, db):
    from .factories import make_profile

    make_profile(bio="", interests="Optimisation, Learning theory")
    html = client.get("/").content.decode()
    assert "Optimisation, Learning theory" in html


# --- The first screen, and no section without content ----------------------------------


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def empty_sections(html: str) -> list[str]:
    """The headings of the sections that hold nothing but their heading."""
    sections = re.findall(r"<section[^>]*>(.*?)</section>", main_of(html), re.S)
    return [
        heading
        for body in sections
        for heading, rest in re.findall(r"(<h[1-6][^>]*>.*?</h[1-6]>)(.*)", body, re.S)
        if not re.sub(r"<[^>]+>|\s", "", rest)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("bio", ["", "\n  \n"])
def test_a_site_with_only_a_profile_shows_no_empty_section(client, bio):
    make_profile(bio=bio)
    html = client.get(reverse("website:home")).content.decode()
    assert re.findall(r"<h([1-6])[\s>]", main_of(html)) == ["1"]
    assert not empty_sections(html)


def test_the_first_screen_comes_first_then_news_papers_and_talks(client, cv):
    from .test_markdown import follows_the_outline, heading_levels

    html = client.get(reverse("website:home")).content.decode()
    main = main_of(html)
    intro = re.search(r'<section class="intro[^"]*"[^>]*>(.*?)</section>', main, re.S).group(1)
    # Name, role, affiliation, icon links and bio, in the order a visitor reads them.
    order = ["<h1", 'class="headline"', 'class="plain positions"', "icon-row", 'class="bio"']
    assert [intro.index(mark) for mark in order] == sorted(intro.index(m) for m in order)
    assert "Mira Castellanos" in intro and "Northfield University" in intro
    sections = re.findall(r"<h2 id=\"([\w-]+)\"", main)
    assert [s for s in sections if s in ("news", "selected", "recent-talks")] == [
        s for s in ("news", "selected", "recent-talks") if s in sections
    ]
    assert "selected" in sections and "recent-talks" in sections
    assert main.index('class="intro') < main.index('id="selected"')
    assert follows_the_outline(heading_levels(html)), heading_levels(html)
    assert not empty_sections(html)
