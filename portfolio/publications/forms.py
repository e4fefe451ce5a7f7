import re

from django import forms

from .identifiers import arxiv_id_in, arxiv_url, doi_in, doi_url
from .models import PublicationLink

_BARE_DOI = re.compile(r"^(?:doi:\s*)?10\.", re.I)


class IdentifierURLField(forms.URLField):
    """A link's address, or a bare identifier taken as its address: a DOI
    ("10.1000/xyz123", "doi:10.1000/xyz123") as https://doi.org/..., an arXiv id
    ("1901.09335", "arXiv:1901.09335v2") as https://arxiv.org/abs/..."""

    def to_python(self, value):
        text = (value or "").strip()
        if _BARE_DOI.match(text) and doi_in(text):
            return doi_url(doi_in(text))
        if arxiv_id_in(text):
            return arxiv_url(arxiv_id_in(text))
        return super().to_python(value)


class PublicationLinkForm(forms.ModelForm):
    class Meta:
        model = PublicationLink
        fields = ("kind", "url", "label", "order")
        field_classes = {"url": IdentifierURLField}
        help_texts = {"url": "An address; a bare DOI or arXiv id is taken as its link."}
