"""A paper's own PDF: checked on upload, served in the folder of its page for
Google Scholar, retired and brought back with the history, carried by the
fixture, the backup and the static build."""

import io
import re
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfWriter

from portfolio.publications.models import Publication

from .test_admin import admin_url, errors_of, publication_form
from .test_public_pages import parse
from .test_uploads import public_files

MB = 1024 * 1024


def pdf_bytes(pages: int = 1, password: str | None = None, padding: int = 0) -> bytes:
    """A PDF of blank pages, encrypted if a password is given (even an empty one,
    which opens it but keeps its restrictions); ``padding`` makes it larger."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if password is not None:
        writer.encrypt(password, owner_password="the owner's")
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    if padding:
        # A comment line before the end: the file stays a readable PDF.
        head, tail = data.rsplit(b"startxref", 1)
        data = head + b"%" + b"x" * padding + b"\nstartxref" + tail
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(admin_client, content: bytes, name="paper.pdf", follow=False, **overrides):
    pdf = SimpleUploadedFile(name, content, content_type="application/pdf")
    data = publication_form(pdf=pdf, **overrides)
    return admin_client.post(admin_url(Publication, "add"), data, follow=follow)


def paper_with_pdf(slug="a-paper", content=None, **fields) -> Publication:
    from .factories import make_publication

    publication = make_publication(title="A paper", slug=slug, **fields)
    publication.pdf.save("paper.pdf", ContentFile(content or pdf_bytes()))
    return publication


def meta_tags(html: str) -> dict:
    return dict(parse(html).meta)


def pdf_address(slug: str) -> str:
    return reverse("publications:pdf", kwargs={"slug": slug, "name": slug})


# --- Uploads --------------------------------------------------------------------------
def test_a_pdf_upload_is_accepted_under_a_sanitised_name(admin_client, media):
    content = pdf_bytes(pages=2)
    response = upload(admin_client, content, name="../My Paper (final) 写.pdf")
    assert response.status_code == 302, errors_of(response)
    publication = Publication.objects.get(slug="a-new-paper")
    # Sanitised, with a part that cannot be guessed (the media folder is public).
    assert re.fullmatch(r"publications/pdf/my-paper-final-[0-9a-f]{12}\.pdf", publication.pdf.name)
    assert (media / publication.pdf.name).read_bytes() == content


BAD_PDFS = {
    "not a PDF": (lambda: b"<html><script>alert(1)</script></html>", "not a PDF"),
    "a PNG named .pdf": (lambda: b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not a PDF"),
    "cut short": (lambda: pdf_bytes()[:200], "damaged or cut short"),
    "garbled": (lambda: b"%PDF-1.7\n" + b"garbage " * 200, "damaged or cut short"),
    "encrypted": (lambda: pdf_bytes(password="secret"), "The PDF is encrypted"),
    "encrypted with an empty password": (
        lambda: pdf_bytes(password=""),
        "The PDF is encrypted",
    ),
    "over the limit": (lambda: pdf_bytes(padding=MB), "the limit is 1 MB"),
    "empty": (lambda: b"", "The submitted file is empty"),
}


@pytest.mark.parametrize("case", list(BAD_PDFS))
def test_a_bad_pdf_is_a_form_error_naming_the_problem(admin_client, media, settings, case):
    settings.PUBLICATION_PDF_MAX_BYTES = MB
    content, message = BAD_PDFS[case]
    response = upload(admin_client, content())
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Publication.objects.exists()
    assert public_files(media) == [] if media.exists() else True


def test_the_model_checks_a_pdf_given_to_it_outside_the_admin(db, media):
    from django.core.exceptions import ValidationError

    from .factories import make_publication

    publication = make_publication(title="A paper", slug="a-paper")
    publication.pdf = ContentFile(pdf_bytes(password="x"), name="locked.pdf")
    with pytest.raises(ValidationError, match="encrypted"):
        publication.full_clean()


def test_a_pdf_over_five_mb_is_accepted_with_a_warning(admin_client, media, settings):
    # The thresholds made small, so that the files are too.
    settings.PUBLICATION_PDF_SCHOLAR_BYTES = 2000
    settings.PUBLICATION_PDF_MAX_BYTES = 10_000
    warning = "Google Scholar may not index a PDF over 0.0019"
    response = upload(admin_client, pdf_bytes(padding=3000), follow=True)
    assert response.status_code == 200 and "adminform" not in response.context
    assert Publication.objects.get().pdf
    assert warning in response.content.decode()

    small = upload(admin_client, pdf_bytes(), title="Small", slug="small", follow=True)
    assert Publication.objects.get(slug="small").pdf
    assert "Google Scholar" not in small.content.decode()


# --- Served beside the page -----------------------------------------------------------
def test_the_pdf_is_served_in_the_folder_of_the_papers_page(client, db, media):
    content = pdf_bytes()
    publication = paper_with_pdf(content=content)
    address = pdf_address("a-paper")
    assert address == "/publications/a-paper/a-paper.pdf"
    assert address.startswith(publication.get_absolute_url())
    response = client.get(address, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="a-paper.pdf"'
    assert response["Content-Length"] == str(len(content))
    assert "Content-Encoding" not in response  # a PDF is compressed already

    again = client.get(address, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    assert client.head(address)["Content-Length"] == str(len(content))


def test_a_hidden_publication_or_one_without_a_pdf_has_none(client, db, media):
    from .factories import make_publication

    paper_with_pdf(slug="hidden", is_published=False)
    make_publication(title="No PDF", slug="no-pdf")
    paper_with_pdf(slug="gone").pdf.delete(save=False)
    assert client.get(pdf_address("hidden")).status_code == 404
    assert client.get(pdf_address("no-pdf")).status_code == 404
    assert client.get(pdf_address("gone")).status_code == 404
    other = reverse("publications:pdf", kwargs={"slug": "hidden", "name": "no-pdf"})
    assert client.get(other).status_code == 404


def test_the_pdf_is_not_kept_in_the_page_cache(client, db, media, settings):
    settings.PAGE_CACHE = True
    paper_with_pdf()
    for _ in range(2):
        response = client.get(pdf_address("a-paper"))
        assert response.status_code == 200 and response["X-Cache"] == "MISS"
        b"".join(response.streaming_content)


def test_citation_pdf_url_is_the_uploaded_pdfs_full_address(client, db, media):
    publication = paper_with_pdf(
        links=[("pdf", "https://example.org/elsewhere.pdf"), ("code", "https://example.org/c")]
    )
    html = client.get(publication.get_absolute_url()).content.decode()
    assert meta_tags(html)["citation_pdf_url"] == "http://testserver" + pdf_address("a-paper")
    # One PDF link, to the file beside the page; the other links stay.
    assert html.count(">PDF</a>") == 1
    assert f'href="{pdf_address("a-paper")}"' in html
    assert "elsewhere.pdf" not in html.split('<pre class="bibtex">')[0]
    assert 'href="https://example.org/c"' in html
    bibtex = client.get(reverse("publications:bibtex", args=["a-paper"])).content.decode()
    assert "url = {http://testserver/publications/a-paper/a-paper.pdf}" in bibtex
    # RIS and CSL-JSON name it too, in place of the other PDF link.
    ris = client.get(reverse("publications:ris", args=["a-paper"])).content.decode()
    assert "UR  - http://testserver/publications/a-paper/a-paper.pdf\n" in ris
    assert "elsewhere.pdf" not in ris
    csl = client.get(reverse("publications:csl", args=["a-paper"])).json()[0]
    assert csl["URL"] == "http://testserver/publications/a-paper/a-paper.pdf"


def test_without_an_upload_citation_pdf_url_is_the_pdf_link(client, db, media):
    from .factories import make_publication

    publication = make_publication(
        title="A paper", slug="a-paper", links=[("pdf", "https://example.org/paper.pdf")]
    )
    html = client.get(publication.get_absolute_url()).content.decode()
    assert meta_tags(html)["citation_pdf_url"] == "https://example.org/paper.pdf"
    assert 'href="https://example.org/paper.pdf"' in html


def test_the_pdf_link_shows_in_lists_without_a_query_per_entry(client, db, media):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def list_queries() -> tuple[int, str]:
        client.get(reverse("publications:list"))  # what is read once is read
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("publications:list")).content.decode()
        return len(queries), html

    paper_with_pdf(slug="paper-0")
    one, _ = list_queries()
    for n in range(1, 4):
        paper_with_pdf(slug=f"paper-{n}")
    four, html = list_queries()
    assert four == one
    for n in range(4):
        assert f'href="{pdf_address(f"paper-{n}")}"' in html


def test_an_old_slugs_pdf_address_redirects_to_the_new_one(client, db, media):
    content = pdf_bytes(pages=2)
    publication = paper_with_pdf(slug="old-name", content=content)
    publication.slug = "new-name"
    publication.save()
    response = client.get(pdf_address("old-name"))
    assert response.status_code == 301
    assert response["Location"] == pdf_address("new-name")
    moved = client.get(response["Location"])
    assert moved.status_code == 200 and b"".join(moved.streaming_content) == content


# --- Retired and brought back -----------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_replaced_or_cleared_pdf_is_retired_and_comes_back_on_revert(
    admin_client, settings, tmp_path
):
    from reversion.models import Version

    from .admin_forms import form_data, submit

    media = settings.MEDIA_ROOT = tmp_path / "media"
    retired = tmp_path / "media-retired"
    first = pdf_bytes(pages=1)
    assert upload(admin_client, first, name="first.pdf").status_code == 302
    publication = Publication.objects.get()
    url = admin_url(Publication, "change", publication.pk)

    def change(**fields):
        data = form_data(admin_client, url)
        data.update(fields)
        response = admin_client.post(url, data)
        assert response.status_code == 302, errors_of(response)

    first_name = publication.pdf.name
    change(pdf=SimpleUploadedFile("second.pdf", pdf_bytes(pages=2), "application/pdf"))
    second_name = Publication.objects.get().pdf.name
    assert public_files(media) == [second_name] != [first_name]
    assert (retired / first_name).read_bytes() == first

    change(**{"pdf-clear": "on"})
    assert public_files(media) == []
    assert admin_client.get(pdf_address("a-new-paper")).status_code == 404

    oldest = Version.objects.get_for_object(publication).order_by("pk").first()
    revert = reverse("admin:publications_publication_revision", args=[publication.pk, oldest.pk])
    assert submit(admin_client, revert).status_code == 302
    assert Publication.objects.get().pdf.name == first_name
    assert public_files(media) == [first_name]
    assert (media / first_name).read_bytes() == first
    admin_client.logout()
    response = admin_client.get(pdf_address("a-new-paper"))
    assert b"".join(response.streaming_content) == first


# --- Fixture, backup and static build -------------------------------------------------------
def test_the_pdf_travels_with_the_fixture_into_an_empty_database(db, media, settings, tmp_path):
    from portfolio.publications.models import Author

    content = pdf_bytes(pages=3)
    name = paper_with_pdf(content=content).pdf.name
    repo = tmp_path / "repo"
    repo.mkdir()
    out = io.StringIO()
    call_command("export_cv", str(repo / "cv.json"), stdout=out)
    assert (repo / "media" / name).read_bytes() == content

    Publication.objects.all().delete()
    Author.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    out = io.StringIO()
    call_command("load_cv", str(repo / "cv.json"), stdout=out)
    assert f"Copied into the media folder: {name}" in out.getvalue()
    assert Publication.objects.get().pdf.name == name
    assert (tmp_path / "fresh-media" / name).read_bytes() == content


@pytest.mark.django_db(transaction=True)
def test_the_pdf_travels_with_the_backup(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = pdf_bytes(pages=2)
    paper_with_pdf(content=content)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(tmp_path / "media")
    call_command("restore", str(archive), stdout=io.StringIO())
    response = client.get(pdf_address("a-paper"))
    assert b"".join(response.streaming_content) == content


def test_the_static_build_writes_the_pdf_beside_the_page(db, media, tmp_path):
    content = pdf_bytes(pages=2)
    publication = paper_with_pdf(slug="old-name", content=content)
    publication.slug = "new-name"
    publication.save()
    out = tmp_path / "site"
    call_command(
        "build_site", str(out), base_url="https://user.github.io/portfolio/", stdout=io.StringIO()
    )
    assert (out / "publications/new-name/new-name.pdf").read_bytes() == content
    page = (out / "publications/new-name/index.html").read_text()
    assert (
        '<meta name="citation_pdf_url" '
        'content="https://user.github.io/portfolio/publications/new-name/new-name.pdf">' in page
    )
    # A static host answers no redirect for a file: the old address holds a copy.
    assert (out / "publications/old-name/old-name.pdf").read_bytes() == content
