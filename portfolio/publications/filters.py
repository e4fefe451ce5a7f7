"""The filters of the publications page, shared by its BibTeX export.

Each single filter has its own address, under a reserved prefix:
``/publications/topic/<slug>/``, ``/publications/kind/<kind>/``,
``/publications/year/<year>/`` and ``/publications/by-year/`` (the whole list
grouped by year), each with its BibTeX beside it (``/publications/topic/<slug>.bib``).
These are plain paths, so a static copy of the site has them as files. Query
strings (``/publications/?topic=...``) still work on the live site: a single
filter redirects to its path, and a combination of filters is shown there only.
"""

from django import forms
from django.urls import NoReverseMatch, reverse

from .models import Publication

# Filters that have a path of their own, in the order of their query parameters.
PATH_FILTERS = ("topic", "kind", "year")


class PublicationFilter(forms.Form):
    topic = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(choices=Publication.Kind.choices, required=False)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    group = forms.ChoiceField(choices=[("kind", "by kind"), ("year", "by year")], required=False)

    def apply(self, queryset):
        """Narrow ``queryset`` by every valid filter; invalid ones are ignored
        (and reported through ``errors``)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("topic"):
            queryset = queryset.filter(tags__slug=data["topic"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        return queryset

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list (grouping does not)."""
        return bool(self.narrowing)

    @property
    def narrowing(self) -> dict:
        """The filters that narrow the list, by name."""
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in PATH_FILTERS if data.get(name)}

    @property
    def group_by_year(self) -> bool:
        return getattr(self, "cleaned_data", {}).get("group") == "year"

    @property
    def path_url(self) -> str:
        """The address of these filters as a path, or '' for a combination
        (or filters that did not parse), which only a query string can say."""
        if self.errors:
            return ""
        narrowing = self.narrowing
        if not narrowing:
            return list_url(by_year=self.group_by_year)
        if len(narrowing) == 1 and not self.group_by_year:
            ((name, value),) = narrowing.items()
            return filter_url(name, value)
        return ""

    def export_url(self, fmt: str) -> str:
        """The list these filters show in an export format ("bibtex", "ris",
        "csl"), as a path if it has one."""
        narrowing = self.narrowing
        if self.errors or len(narrowing) > 1:
            return ""
        if not narrowing:
            return reverse(f"publications:list_{fmt}")
        ((name, value),) = narrowing.items()
        return filter_url(name, value, fmt)


def list_url(by_year: bool = False) -> str:
    return reverse("publications:by_year" if by_year else "publications:list")


def filter_url(name: str, value, fmt: str = "") -> str:
    """The address of the list narrowed by one filter (or of it in an export
    format), or '' for a value no address can hold (a topic with a slash: only a
    query string can)."""
    try:
        return reverse(f"publications:{name}{'_' + fmt if fmt else ''}", args=[value])
    except NoReverseMatch:
        return ""


def is_own_path(filters: "PublicationFilter", name: str, value) -> bool:
    """Whether ``value`` from a filter's path is that filter's one address: valid,
    and not another spelling of it (" topic " for "topic")."""
    return not filters.errors and filters.narrowing.get(name) == value
