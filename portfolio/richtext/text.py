"""Text that every format can carry.

XML 1.0 (the feeds, the sitemap) has no way to write most ASCII control
characters, not even escaped; PostgreSQL refuses NUL. Such characters come in
with text pasted from a PDF, a BibTeX file or a fixture, and mean nothing on a
page. They are removed from every text field before any row of the portfolio is
saved, whichever way it comes in (the admin, ``load_cv``, ``import_bibtex``,
``restore``), and the feeds drop any that were stored before.
"""

from django.db import models
from django.db.models.signals import pre_save

from portfolio.core.xml import xml_safe

# The apps whose rows are cleaned: the portfolio's own and its topics.
CLEANED_APP_MODULES = ("portfolio.", "taggit.")


def plain_lines(text: str) -> str:
    """Line breaks as one line feed: a browser's form sends CR LF, which would
    otherwise reach the CV fixture and every export."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def clean_text(instance) -> None:
    """Every text field of ``instance`` made XML-safe, with plain line breaks."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, plain_lines(xml_safe(value)))


def clean_text_fields(sender, instance, **kwargs) -> None:
    """pre_save: every text field of a portfolio row cleaned (raw saves too, which
    is how fixtures and backups are loaded)."""
    if sender.__module__.startswith(CLEANED_APP_MODULES):
        clean_text(instance)


def connect() -> None:
    pre_save.connect(clean_text_fields, dispatch_uid="portfolio.richtext.text.clean_text_fields")
