"""A publication's short venue as a badge, and the description every page carries."""

import re

import pytest
from django.urls import reverse

from .factories import make_profile, make_publication


@pytest.mark.django_db
def test_the_short_venue_is_a_badge_beside_the_note_and_the_year(client):
    make_publication(
        title="Badged",
        slug="badged",
        venue="Neural Information Processing Systems",
        venue_short="NeurIPS 2018",
        note="Oral",
        year=2018,
        month=12,
    )
    make_publication(title="Plain", slug="plain", venue="A Workshop on Things", year=2017)
    make_publication(title="Nowhere", slug="nowhere", year=2016)
    listing = client.get(reverse("publications:list")).content.decode()
    assert (
        '<p class="meta"><span class="badge short">NeurIPS 2018</span> '
        '<span class="venue">Neural Information Processing Systems</span> '
        '<span class="note">Oral</span>&nbsp;·&nbsp;<span class="year">Dec. 2018</span></p>'
    ) in listing
    # A venue without a short name is text, not a badge.
    assert (
        '<span class="venue">A Workshop on Things</span>&nbsp;·&nbsp;'
        '<span class="year">2017</span>' in listing
    )
    assert '<p class="meta"><span class="year">2016</span></p>' in listing
    detail = client.get(reverse("publications:detail", args=["badged"])).content.decode()
    assert (
        '<span class="badge">NeurIPS 2018</span> Neural Information Processing Systems '
        '<span class="note">Oral</span>&nbsp;·&nbsp;<span class="year">Dec. 2018</span>&nbsp;· '
        "Conference paper"
    ) in detail


@pytest.mark.django_db
def test_every_page_has_a_description_even_without_a_headline(client):
    make_profile(name="Ada Researcher", headline="")
    for name in ("website:home", "publications:list", "website:cv"):
        html = client.get(reverse(name)).content.decode()
        description = re.search(r'<meta name="description"\s+content="([^"]*)">', html).group(1)
        assert description == "Ada Researcher: publications, talks and CV", name
