import datetime

import pytest
from django.core.exceptions import ValidationError

from portfolio.profile.models import Language, Profile, Skill, SkillCategory

from .factories import make_award, make_profile


@pytest.mark.django_db
def test_there_is_only_one_profile():
    make_profile()
    with pytest.raises(ValidationError, match="one profile"):
        Profile(name="Someone else").full_clean()


@pytest.mark.django_db
def test_phone_and_birth_date_are_private_by_default():
    profile = make_profile(
        email="a@example.org",
        phone="054-0000000",
        birth_date=datetime.date(1986, 10, 11),
        birth_place="Israel",
        website="https://example.org",
    )
    assert profile.public_contact == {"email": "a@example.org", "website": "https://example.org"}

    profile.phone_public = True
    profile.birth_date_public = True
    assert profile.public_contact["phone"] == "054-0000000"
    assert profile.public_contact["birth_date"] == datetime.date(1986, 10, 11)


def test_interests_are_a_list():
    profile = Profile(interests="Machine Learning, Deep Learning,, Computer Vision ")
    assert profile.interest_list == ["Machine Learning", "Deep Learning", "Computer Vision"]


@pytest.mark.django_db
def test_awards_are_newest_first():
    older = make_award(start_year=2010, end_year=2013)
    newer = make_award(start_year=2018)
    assert [a.date_range_display for a in type(newer).objects.all()] == ["2018", "2010–2013"]
    assert list(type(newer).objects.all()) == [newer, older]


@pytest.mark.django_db
def test_skills_are_grouped_by_category_in_order():
    other = SkillCategory.objects.create(name="Other", order=3)
    programming = SkillCategory.objects.create(name="Programming", order=1)
    Skill.objects.create(category=other, name="LaTeX")
    Skill.objects.create(category=programming, name="Python", order=1)
    Skill.objects.create(category=programming, name="C++", order=2)
    assert [s.name for s in Skill.objects.all()] == ["Python", "C++", "LaTeX"]


def test_language_shows_its_level():
    assert str(Language(name="Hebrew", level="native")) == "Hebrew (Native)"
