"""PDF uploads that are PDFs a reader can open: a paper's own copy, served beside
its page (Google Scholar indexes a PDF it finds there).

An upload must start as a PDF does (``%PDF-``), be read by pypdf, not be
encrypted (a reader, or an indexer, would need a password) and stay within
``PUBLICATION_PDF_MAX_BYTES``. Its bytes are kept as they are, under a sanitised
name; a file a row stops naming is retired like an image (``uploads.RetiresUnusedFiles``).
"""

import logging
import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from pypdf import PdfReader

from .uploads import RetiresUnusedFiles, megabytes

PDF_MAGIC = b"%PDF-"
PDF_HELP = (
    "The paper as a PDF, served beside its page for readers and Google Scholar. Not "
    "encrypted; Google Scholar may not index one over 5 MB."
)


def check_pdf(upload, max_bytes: int) -> None:
    """Refuse ``upload`` (a file object with ``size``) unless it is a PDF within
    ``max_bytes`` that pypdf reads and that is not encrypted."""
    if not upload.size:
        raise ValidationError("The file is empty.", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The PDF is {megabytes(upload.size)}; the limit is {megabytes(max_bytes)}.",
            code="too_large",
        )
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError(
            "The file is not a PDF (a PDF starts with %PDF-); export the paper as a PDF and "
            "upload that.",
            code="not_pdf",
        )
    upload.seek(0)
    # pypdf reports what it repairs as log warnings: a file it can read is enough here.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(upload, strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            len(reader.pages)  # reads the page tree
    except Exception as error:
        # Any failure of the parser on this file (pypdf raises many kinds) means
        # readers' viewers may fail on it too.
        raise ValidationError(
            "The PDF is damaged or cut short and cannot be read; save or export it again "
            "and re-upload it.",
            code="damaged",
        ) from error
    finally:
        pypdf_log.setLevel(level)
        upload.seek(0)
    if encrypted:
        raise ValidationError(
            "The PDF is encrypted (password-protected or with restrictions): readers and "
            "Google Scholar need one without. Save a copy without security and upload that.",
            code="encrypted",
        )


def pdf_name(upload_name: str) -> str:
    """A sanitised name with a part no one can guess: the media folder is public,
    and the PDF of a hidden publication must not be found there by its name."""
    stem = slugify(Path(upload_name or "").stem)[:60].strip("-_") or "paper"
    return f"{stem}-{secrets.token_hex(6)}.pdf"


def clean_pdf(upload, max_bytes: int):
    """The upload, checked (see :func:`check_pdf`); the field stores it under
    :func:`pdf_name`."""
    check_pdf(upload, max_bytes)
    upload.pdf_checked = True
    return upload


class PDFFormField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_pdf(upload, settings.PUBLICATION_PDF_MAX_BYTES)


class SafePDFField(RetiresUnusedFiles, models.FileField):
    """A FileField for a PDF: its form checks uploads (see the module), and so does
    the model's validation of a file given to it otherwise; each is stored under
    :func:`pdf_name`."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PDFFormField, **kwargs})

    def generate_filename(self, instance, filename):
        return super().generate_filename(instance, pdf_name(filename))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not value._committed and not getattr(value.file, "pdf_checked", False):
            check_pdf(value.file, settings.PUBLICATION_PDF_MAX_BYTES)
