import pytest

from portfolio.positions.models import Position

from .factories import make_position


@pytest.mark.django_db
def test_positions_are_ordered_like_a_cv():
    undated = make_position(role="Undated")
    old = make_position(role="Old", start_year=2005, end_year=2009)
    recent = make_position(role="Recent", start_year=2013, end_year=2016)
    current = make_position(role="Current", start_year=2010, is_current=True)
    single_year = make_position(role="Single", end_year=2011)

    assert list(Position.objects.all()) == [current, recent, single_year, old, undated]


def test_education_is_headed_by_degree_and_field():
    phd = Position(kind="education", degree="PhD", field="Electrical Engineering", role="")
    job = Position(kind="employment", role="Researcher", organisation="Acme Labs")
    assert phd.title == "PhD Electrical Engineering"
    assert str(job) == "Researcher, Acme Labs"


def test_subtitle_says_where_and_when_without_repeating_the_heading():
    job = Position(role="Researcher", organisation="Acme Labs", unit="Vision Lab", start_year=2015,
                   end_year=2016)  # fmt: skip
    school = Position(kind="education", organisation="High-school", location="Gan-Yavne",
                      end_year=2004)  # fmt: skip
    assert job.subtitle == "Acme Labs, Vision Lab · 2015–2016"
    assert school.subtitle == "Gan-Yavne · 2004"
