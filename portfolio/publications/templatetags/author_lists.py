"""A publication's author list as pages show it: each author's marks (equal
contribution, corresponding author), the owner, and the shortened form of a long
list, whose full list opens with ``<details>``."""

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
# A site without a profile shortens as a new profile does.
DEFAULT_LIMIT = 10


@dataclass
class Credits:
    """``names``: every author, in order, as HTML. ``head``: the names a shortened
    list shows before "et al." (empty when the list is shown whole), ``gap``: whether
    authors are left out before the last of them (the owner). ``legend``: the
    (symbol, meaning) of the marks that occur."""

    names: list[SafeString]
    head: list[SafeString] = field(default_factory=list)
    gap: bool = False
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


def shortened(authors: list[dict], limit: int) -> tuple[list[int], bool]:
    """Which authors (by index) a list longer than ``limit`` shows: the first ones
    and the owner, ``limit`` names in all (the first author at least), and whether
    some are left out before the owner. ``([], False)``: the list is shown whole."""
    if not limit or len(authors) <= limit:
        return [], False
    owner = next((i for i, author in enumerate(authors) if author["is_owner"]), None)
    if owner is None or owner < limit:
        return list(range(limit)), False
    first = max(limit - 1, 1)
    if owner == len(authors) - 1 == first:
        return [], False  # nobody would be left for "et al."
    return [*range(first), owner], owner > first


def limit_of(context) -> int:
    """The owner's limit: given to a list rendered apart from its page as
    ``author_list_limit``, else read from the page's profile (no query of its own:
    every page reads the profile for its title)."""
    limit = context.get("author_list_limit")
    if limit is not None:
        return limit
    profile = context.get("site_profile")
    return profile.author_list_limit if profile else DEFAULT_LIMIT


@register.simple_tag(takes_context=True)
def author_credits(context, publication, full=False) -> Credits:
    """The author list of ``publication``; ``full`` never shortens it."""
    authors = authors_of(publication)
    names = [name_html(author) for author in authors]
    head, gap = ([], False) if full else shortened(authors, limit_of(context))
    return Credits(
        names=names,
        head=[names[i] for i in head],
        gap=gap,
        legend=[
            (symbol, meaning)
            for flag, symbol, meaning in MARKS
            if any(author.get(flag) for author in authors)
        ],
    )
