"""Shared behaviour of the abstract models: partial date ranges, visibility, topics."""

import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag, TaggedItem

from portfolio.core.dates import format_partial_date
from portfolio.positions.models import Position
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk

from .factories import make_position, make_publication, make_talk


def position(**dates) -> Position:
    return Position(role="Researcher", organisation="Lab", **dates)


@pytest.mark.parametrize(
    ("dates", "shown"),
    [
        ({"start_year": 2010, "end_year": 2014}, "2010–2014"),
        ({"start_year": 2014, "is_current": True}, "2014–Present"),
        ({"end_year": 2004}, "2004"),
        ({"start_year": 2018}, "2018"),
        ({"start_year": 2018, "end_year": 2018}, "2018"),
        ({"start_year": 2015, "start_month": 10, "end_year": 2016}, "Oct. 2015–2016"),
        ({}, ""),
    ],
)
def test_date_range_is_shown_as_a_cv_writes_it(dates, shown):
    assert position(**dates).date_range_display == shown


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"start_year": 2015, "end_year": 2014}, "end_year"),
        ({"start_year": 2015, "start_month": 6, "end_year": 2015, "end_month": 3}, "end_year"),
        ({"start_year": 2014, "end_year": 2016, "is_current": True}, "is_current"),
        ({"is_current": True}, "start_year"),
        ({"start_month": 3}, "start_month"),
        ({"start_year": 2014, "end_month": 3}, "end_month"),
        ({"start_year": 1200}, "start_year"),
    ],
)
def test_inconsistent_dates_are_validation_errors(dates, field):
    with pytest.raises(ValidationError) as error:
        position(**dates).full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    "dates",
    [
        {"start_year": 2014, "start_month": 5, "end_year": 2014},
        {"start_year": 2014, "end_year": 2014, "end_month": 1},
        {"start_year": 2014, "is_current": True},
        {},
    ],
)
def test_consistent_dates_are_accepted(dates):
    position(**dates).full_clean()


def test_partial_date_formats():
    assert format_partial_date(2017, 12) == "Dec. 2017"
    assert format_partial_date(2018, 4) == "April 2018"
    assert format_partial_date(2018, None) == "2018"
    assert format_partial_date(None, 4) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [make_publication, make_talk, make_position])
def test_published_excludes_hidden_entries(factory):
    shown = factory()
    factory(is_published=False)
    model = type(shown)
    assert list(model.objects.published()) == [shown]
    assert model.objects.count() == 2


@pytest.mark.django_db
def test_one_topic_vocabulary_spans_publications_talks_and_positions():
    make_publication(tags=["Metric learning"])
    make_talk(tags=["metric learning"])
    make_position(tags=["metric learning"])

    tag = Tag.objects.get()
    assert tag.slug == "metric-learning"
    assert TaggedItem.objects.filter(tag=tag).count() == 3
    for model in (Publication, Talk, Position):
        assert model.objects.filter(tags__slug="metric-learning").count() == 1


def test_topics_are_separated_by_commas_only():
    from portfolio.core.tags import format_topics, parse_topics

    assert parse_topics("deep learning") == ["deep learning"]
    assert parse_topics(" metric  learning, Quantization,,quantization ") == [
        "metric learning",
        "Quantization",
    ]
    assert format_topics([Tag(name="b topic"), Tag(name="A topic")]) == "A topic, b topic"
