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
