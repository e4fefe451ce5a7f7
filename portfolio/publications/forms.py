from django import forms

from .bibtex_import import NO_ENTRIES, has_entries

MAX_BIBTEX_BYTES = 2 * 1024 * 1024


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
                raise forms.ValidationError("The file is larger than 2 MB.")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file is not UTF-8 text.") from error
            if "\x00" in data["text"]:
                raise forms.ValidationError("The file holds a NUL character; it is not BibTeX.")
        if not data.get("text", "").strip():
            raise forms.ValidationError("Paste some BibTeX or choose a file.")
        if len(data["text"].encode()) > MAX_BIBTEX_BYTES:
            raise forms.ValidationError("The BibTeX is larger than 2 MB.")
        if not has_entries(data["text"]):
            raise forms.ValidationError(NO_ENTRIES)
        return data
