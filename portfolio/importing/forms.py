from django import forms

from .sources.bibtex import NO_ENTRIES, count_entries, has_entries
from .sources.orcid import InvalidOrcid, orcid_id

# What one import in the admin takes, so that the preview and the import each end
# well within the server's request timeout; the import_bibtex command has no limit.
MAX_BIBTEX_BYTES = 512 * 1024
MAX_ENTRIES = 500
TOO_BIG = f"larger than {MAX_BIBTEX_BYTES // 1024} KB: split it, or use the import_bibtex command."


class BibtexImportForm(forms.Form):
    text = forms.CharField(
        label="BibTeX",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90, "spellcheck": "false"}),
        help_text="Paste entries here, or upload a file below.",
    )
    file = forms.FileField(label="or a .bib file", required=False)
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
                raise forms.ValidationError("Paste BibTeX or choose a file, not both.")
            if upload.size > MAX_BIBTEX_BYTES:
                raise forms.ValidationError(f"The file is {TOO_BIG}")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file is not UTF-8 text.") from error
            if "\x00" in data["text"]:
                raise forms.ValidationError("The file holds a NUL character; it is not BibTeX.")
        if not data.get("text", "").strip():
            raise forms.ValidationError("Paste some BibTeX or choose a file.")
        if len(data["text"].encode()) > MAX_BIBTEX_BYTES:
            raise forms.ValidationError(f"The BibTeX is {TOO_BIG}")
        if not has_entries(data["text"]):
            raise forms.ValidationError(NO_ENTRIES)
        entries = count_entries(data["text"])
        if entries > MAX_ENTRIES:
            raise forms.ValidationError(
                f"This holds {entries:,} entries; the admin imports at most {MAX_ENTRIES} at a "
                "time. Split the file, or use the import_bibtex command, which has no limit."
            )
        return data


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
