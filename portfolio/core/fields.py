"""Model fields shared by the content apps."""

from django.core.validators import RegexValidator, URLValidator
from django.db import models

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
