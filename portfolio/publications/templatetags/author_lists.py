"""A publication's author list as pages show it: each author's marks (equal
contribution, corresponding author), the owner highlighted, and a legend."""

from dataclasses import dataclass, field

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# (flag, symbol, meaning), in the order the symbols follow a name.
MARKS = (
    ("equal_contribution", "*", "Equal contribution"),
    ("corresponding", "†", "Corresponding author"),
)


@dataclass
class Credits:
    """``names``: every author, in order, as HTML. ``legend``: the (symbol, meaning)
    of the marks that occur."""

    names: list[SafeString]
    legend: list[tuple[str, str]] = field(default_factory=list)


def authors_of(publication) -> list[dict]:
    """The authors in order, as dicts: a list entry (see entries.py) has them so
    already; a ``Publication`` reads its prefetched authorships."""
    if isinstance(publication, dict):
        return publication["ordered_authors"]
    return [
        {
            "name": authorship.author.name,
            "is_owner": authorship.author.is_owner,
            "get_absolute_url": authorship.author.get_absolute_url(),
            "equal_contribution": authorship.equal_contribution,
            "corresponding": authorship.corresponding,
        }
        for authorship in publication.authorships.all()
    ]


def name_html(author: dict) -> SafeString:
    """A name, linked to the author's page (the owner's is highlighted instead), then
    its marks: symbols for the eye, their meaning for a screen reader."""
    if author["is_owner"]:
        name = format_html('<strong class="owner">{}</strong>', author["name"])
    else:
        name = format_html('<a href="{}">{}</a>', author["get_absolute_url"], author["name"])
    marks = [(symbol, meaning) for flag, symbol, meaning in MARKS if author.get(flag)]
    if not marks:
        return name
    return format_html(
        '{}<sup><span aria-hidden="true">{}</span><span class="visually-hidden"> ({})</span>'
        "</sup>",
        name,
        "".join(symbol for symbol, _ in marks),
        ", ".join(meaning.lower() for _, meaning in marks),
    )


@register.simple_tag
def author_credits(publication) -> Credits:
    """The author list of ``publication``."""
    authors = authors_of(publication)
    return Credits(
        names=[name_html(author) for author in authors],
        legend=[
            (symbol, meaning)
            for flag, symbol, meaning in MARKS
            if any(author.get(flag) for author in authors)
        ],
    )
