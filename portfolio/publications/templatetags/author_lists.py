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


def name_html(authorship) -> SafeString:
    """A name, linked to the author's page (the owner's is highlighted instead), then
    its marks: symbols for the eye, their meaning for a screen reader."""
    author = authorship.author
    if author.is_owner:
        name = format_html('<strong class="owner">{}</strong>', author.name)
    else:
        name = format_html('<a href="{}">{}</a>', author.get_absolute_url(), author.name)
    marks = [(symbol, meaning) for flag, symbol, meaning in MARKS if getattr(authorship, flag)]
    if not marks:
        return name
    return format_html(
        '{}<sup><span aria-hidden="true">{}</span><span class="visually-hidden"> ({})</span>'
        "</sup>",
        name,
        "".join(symbol for symbol, _ in marks),
        ", ".join(meaning.lower() for _, meaning in marks),
    )


def shortened(owners: list[bool], limit: int) -> tuple[list[int], bool]:
    """Which authors (by index) a list longer than ``limit`` shows: the first ones
    and the owner, ``limit`` names in all (the first author at least), and whether
    some are left out before the owner. ``owners``: whether each author, in order, is
    the owner. ``([], False)``: the list is shown whole."""
    if not limit or len(owners) <= limit:
        return [], False
    owner = next((i for i, is_owner in enumerate(owners) if is_owner), None)
    if owner is None or owner < limit:
        return list(range(limit)), False
    first = max(limit - 1, 1)
    if owner == len(owners) - 1 == first:
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
    authorships = publication.authorship_list
    names = [name_html(authorship) for authorship in authorships]
    owners = [authorship.author.is_owner for authorship in authorships]
    head, gap = ([], False) if full else shortened(owners, limit_of(context))
    return Credits(
        names=names,
        head=[names[i] for i in head],
        gap=gap,
        legend=[
            (symbol, meaning)
            for flag, symbol, meaning in MARKS
            if any(getattr(authorship, flag) for authorship in authorships)
        ],
    )
