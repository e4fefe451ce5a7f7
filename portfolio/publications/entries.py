"""Long lists of publications (all of them, an author's, the CV), rendered item by
item as they are read.

The publications are read a chunk at a time (``for_list().chunks()``), and each is
rendered at once with the list's item template, which reads the ``Publication``
itself: what a list keeps is each item's HTML and what it groups by, never the
instances of the whole list.
"""

from django.template.loader import get_template
from django.utils.safestring import mark_safe


class Rendered:
    """A list item: what lists group by, and its HTML."""

    __slots__ = ("html", "kind", "pk", "year")

    def __init__(self, pk, kind, year, html):
        self.pk, self.kind, self.year, self.html = pk, kind, year, html


def joined(items) -> str:
    """The HTML of several items, one after another."""
    return mark_safe("".join(item.html for item in items))  # noqa: S308 (each item is safe)


def entries(publications, template_name: str, **context) -> list[Rendered]:
    """The publications of the queryset, in its order, each rendered with
    ``template_name`` (which reads it as ``publication``)."""
    template = get_template(template_name)
    return [
        Rendered(
            publication.pk,
            publication.kind,
            publication.year,
            mark_safe(template.render({"publication": publication, **context})),  # noqa: S308
        )
        for publication in publications.for_list().chunks()
    ]
