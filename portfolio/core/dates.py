"""Partial dates: a year, or a month and a year, as CVs write them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

MONTH_ABBREVIATIONS = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


class Month(models.IntegerChoices):
    JANUARY = 1, "January"
    FEBRUARY = 2, "February"
    MARCH = 3, "March"
    APRIL = 4, "April"
    MAY = 5, "May"
    JUNE = 6, "June"
    JULY = 7, "July"
    AUGUST = 8, "August"
    SEPTEMBER = 9, "September"
    OCTOBER = 10, "October"
    NOVEMBER = 11, "November"
    DECEMBER = 12, "December"


YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def year_field(verbose_name: str, **kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=YEAR_VALIDATORS, **kwargs
    )


def month_field(verbose_name: str, **kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, choices=Month.choices, **kwargs
    )


def format_partial_date(year: int | None, month: int | None = None) -> str:
    """'Oct. 2015', '2015', or '' when the year is unknown."""
    if not year:
        return ""
    if month:
        return f"{MONTH_ABBREVIATIONS[month - 1]} {year}"
    return str(year)


def partial_date_key(year: int | None, month: int | None) -> tuple[int, int]:
    """A sortable key; an unknown month sorts before the months of its year."""
    return (year or 0, month or 0)
