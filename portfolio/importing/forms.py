from django import forms

from . import references
from .sources.orcid import InvalidOrcid, orcid_id

# What one import in the admin takes, so that the preview and the import each end
# well within the server's request timeout; the import_references command has no limit.
MAX_BIBTEX_BYTES = 512 * 1024
MAX_ENTRIES = 500
TOO_BIG = (
    f"larger than {MAX_BIBTEX_BYTES // 1024} KB: split it, or use the import_references command."
)


class ReferencesImportForm(forms.Form):
    """BibTeX, RIS or CSL-JSON, pasted or uploaded; its format is in
    ``cleaned_data["format"]``."""

    text = forms.CharField(
        label="BibTeX, RIS or CSL-JSON",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90, "spellcheck": "false"}),
        help_text="Paste references here (as Google Scholar, DBLP, Zotero, Mendeley or EndNote "
        "export them), or upload a file below.",
    )
    file = forms.FileField(label="or a .bib, .ris or .json file", required=False)
    update = forms.BooleanField(
        label="Update duplicates",
        required=False,
        help_text="An entry with the DOI, arXiv id or title of an existing publication "
        "updates it; otherwise it is skipped.",
    )

    def clean(self):
        data = super().clean()
        if self.has_error("text"):
            return data  # the field's own error says what is wrong
        upload = data.get("file")
        if upload:
            if data.get("text", "").strip():
                raise forms.ValidationError("Paste references or choose a file, not both.")
            if upload.size > MAX_BIBTEX_BYTES:
                raise forms.ValidationError(f"The file is {TOO_BIG}")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file is not UTF-8 text.") from error
            if "\x00" in data["text"]:
                raise forms.ValidationError(
                    "The file holds a NUL character; it is not BibTeX, RIS or CSL-JSON."
                )
        if not data.get("text", "").strip():
            raise forms.ValidationError("Paste some BibTeX, RIS or CSL-JSON, or choose a file.")
        if len(data["text"].encode()) > MAX_BIBTEX_BYTES:
            raise forms.ValidationError(f"The text is {TOO_BIG}")
        try:
            data["format"], entries = references.count(data["text"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if entries > MAX_ENTRIES:
            raise forms.ValidationError(
                f"This holds {entries:,} entries; the admin imports at most {MAX_ENTRIES} at a "
                "time. Split the file, or use the import_references command, which has no limit."
            )
        return data


# What one paste in the admin takes: arXiv and PubMed answer many ids at once,
# doi.org one at a time (the page stops asking after IMPORT_ADMIN_SECONDS).
MAX_IDENTIFIERS = 100


class IdentifierImportForm(forms.Form):
    text = forms.CharField(
        label="Identifiers",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60, "spellcheck": "false"}),
        help_text="One a line: DOIs (10.1038/nature14539, https://doi.org/…), arXiv ids "
        "(1412.6622, arXiv:1412.6622v2, hep-th/9901001, arxiv.org addresses) or PubMed ids "
        "(31452104, PMID: 31452104).",
    )
    update = forms.BooleanField(
        label="Update duplicates",
        required=False,
        help_text="A paper already here is updated from the fetched record; otherwise it is "
        "skipped.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_IDENTIFIERS:
            raise forms.ValidationError(
                f"This holds {len(lines):,} lines; the admin adds at most {MAX_IDENTIFIERS} at a "
                "time. Split the list, or use the add_publications command, which has no limit."
            )
        return text


class OrcidImportForm(forms.Form):
    orcid = forms.CharField(
        label="ORCID iD",
        max_length=100,
        widget=forms.TextInput(attrs={"size": 40, "spellcheck": "false"}),
        help_text="e.g. 0000-0002-1825-0097, or its https://orcid.org/ address. The preview "
        "shows what would be added or changed; nothing is written until you confirm.",
    )

    def clean_orcid(self):
        try:
            return orcid_id(self.cleaned_data["orcid"])
        except InvalidOrcid as error:
            raise forms.ValidationError(str(error)) from None
