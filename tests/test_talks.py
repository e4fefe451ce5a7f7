import re

import pytest
from django.core.exceptions import ValidationError

from portfolio.talks.models import Talk

from .factories import make_talk


def test_a_talk_without_title_is_named_by_its_event():
    talk = Talk(title="", event="Cx 2nd Annual Fall Workshop", slug="cx", year=2016, month=9)
    talk.full_clean(validate_unique=False)
    assert str(talk) == "Cx 2nd Annual Fall Workshop"
    assert talk.date_display == "Sep. 2016"


@pytest.mark.django_db
def test_talks_are_newest_first_with_undated_months_last_in_their_year():
    older = make_talk(year=2016, month=9)
    year_only = make_talk(year=2018)
    newer = make_talk(year=2018, month=3)
    assert list(Talk.objects.all()) == [newer, year_only, older]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/slides.pdf", "slides"])
def test_talk_links_must_be_web_addresses(url):
    talk = Talk(title="T", event="E", slug="t", year=2018, slides_url=url)
    with pytest.raises(ValidationError) as error:
        talk.full_clean(validate_unique=False)
    assert "slides_url" in error.value.message_dict


def talk_form(**overrides):
    data = {
        "title": "", "slug": "", "event": "Workshop on Things", "kind": "invited", "tags": "",
        "is_published": "on", "location": "", "year": "2019", "month": "", "abstract": "",
        "slides_url": "", "video_url": "",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("fields", "slug"),
    [
        ({"title": "Sparse Models at Scale"}, "sparse-models-at-scale"),
        ({}, "workshop-on-things"),  # a talk known by its event
        ({"title": "Sparse Models at Scale", "slug": "my-choice"}, "my-choice"),
    ],
)
def test_a_talk_slug_left_empty_is_made_from_its_title(admin_client, db, fields, slug):
    from django.urls import reverse

    make_talk(slug="sparse-models-at-scale-x")
    response = admin_client.post(reverse("admin:talks_talk_add"), talk_form(**fields))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Talk.objects.filter(slug=slug).exists()
    page = admin_client.get(reverse("admin:talks_talk_add")).content.decode()
    assert "#id_title" in page and '"#id_event"' not in page  # the slug follows the title only


def test_the_talks_list_links_slides_and_video(client, db):
    from django.urls import reverse

    make_talk(title="With material", slides_url="https://example.org/s.pdf",
              video_url="https://example.org/v")  # fmt: skip
    html = client.get(reverse("talks:list")).getvalue().decode()
    # Each a button: its icon, then its name.
    slides = r'<a class="btn"\s+href="https://example.org/s.pdf".*?#slides" /></svg>Slides</a>'
    video = r'<a class="btn"\s+href="https://example.org/v".*?#video" /></svg>Video</a>'
    assert re.search(slides, html, re.S)
    assert re.search(video, html, re.S)
