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
