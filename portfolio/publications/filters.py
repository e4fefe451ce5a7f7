"""The filters of the publications page, shared by its BibTeX export."""

from django import forms

from .models import Publication


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
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("topic", "kind", "year"))

    @property
    def group_by_year(self) -> bool:
        return getattr(self, "cleaned_data", {}).get("group") == "year"
