"""Model fields shared by the content apps."""

from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.urls import reverse_lazy

# Characters a URL holds only percent-encoded; as they are, they could close a
# BibTeX field or an HTML attribute.
PLAIN_URL = RegexValidator(
    r"^[^\s{}\\\"<>^`|]*$",
    'This address holds characters that must be percent-encoded (spaces, {, }, \\, ", <, >).',
)


class HttpURLField(models.URLField):
    """A URL that must be http or https: no ``javascript:``, ``data:`` or ``ftp:``."""

    default_validators = [URLValidator(schemes=["http", "https"]), PLAIN_URL]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # A link typed without a scheme ("example.org") is taken as https.
        return super().formfield(**{"assume_scheme": "https", **kwargs})


MARKDOWN_HELP = (
    "Markdown: *italic*, **bold**, `code`, [a link](https://example.org), lists, quotes, "
    "# headings and | tables |; an image of the Library images shows where its line is "
    "pasted: ![The lab](/media/library/lab.jpg). HTML is not kept; an image from elsewhere "
    "shows as a link to it."
)


class MarkdownField(models.TextField):
    """Text written in Markdown and shown rendered and sanitised
    (``portfolio.richtext.markdown``); its help text says so in the admin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        help_text = kwargs.pop("help_text", "")
        kwargs["help_text"] = f"{help_text} {MARKDOWN_HELP}".strip()
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        # The admin offers a preview of the rendered text (core/markdown-preview.js).
        field.widget.attrs["data-markdown-preview"] = reverse_lazy("admin:markdown_preview")
        return field

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        help_text = kwargs.get("help_text", "").removesuffix(MARKDOWN_HELP).strip()
        if help_text:
            kwargs["help_text"] = help_text
        else:
            kwargs.pop("help_text", None)
        return name, "django.db.models.TextField", args, kwargs
