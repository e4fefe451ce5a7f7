"""The CV as a PDF (portfolio/website/cvpdf.py): what it holds, read back with
pypdf; its fonts embedded; its paper size; /cv.pdf serving the last good copy
and never rendering for a visitor; a render after a change commits, one at a
time; and a clear 503 where WeasyPrint cannot run."""

import io
import os
import subprocess
from email.utils import parsedate_to_datetime

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portfolio.profile.models import Profile
from portfolio.publications.models import Publication
from portfolio.website import cvpdf

from .factories import make_publication


@pytest.fixture(autouse=True)
def weasyprint(request):
    """The tests that render need WeasyPrint's system libraries (make pdf-libs)."""
    reason = cvpdf.unavailable()
    if reason and "no_weasyprint" not in request.keywords:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def fonts(data: bytes) -> dict[str, bool]:
    """Each font of the PDF, and whether its file is embedded."""
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


@pytest.fixture
def rendered(cv):
    make_publication(title="A Secret Draft Nobody May See", slug="secret", is_published=False)
    return cvpdf.render()


def test_the_pdf_holds_the_name_every_section_and_every_title(rendered, client):
    text = pdf_text(rendered)
    profile = Profile.objects.get()
    assert profile.name in text
    page = client.get(reverse("website:cv")).content.decode()
    import re

    headings = re.findall(r"<h2 id=\"cv-[\w-]+\">([^<]+)</h2>", page)
    headings += re.findall(r"<h3 id=\"cv-pubs-\d+\">([^<]+)</h3>", page)
    assert len(headings) > 5
    for heading in headings:
        assert heading in text, heading
    for title in Publication.objects.published().values_list("title", flat=True):
        words = " ".join(title.replace("$", " ").split()[:4])
        assert " ".join(words.split()) in text, title


def test_the_pdf_holds_no_private_field_and_no_hidden_entry(rendered):
    text = pdf_text(rendered)
    profile = Profile.objects.get()
    assert profile.phone and profile.phone not in text
    assert profile.birth_place not in text and "1985" not in text
    assert "Secret Draft" not in text


def test_its_fonts_are_embedded(rendered):
    embedded = fonts(rendered)
    assert embedded and all(embedded.values()), embedded
    assert any("DejaVu" in name for name in embedded)


@pytest.mark.parametrize(("size", "points"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_page_size_is_the_settings(cv, settings, tmp_path, size, points):
    settings.CV_PDF_PAGE_SIZE = size
    target = tmp_path / "cv.pdf"
    call_command("export_cv_pdf", str(target), stdout=io.StringIO())
    box = pypdf.PdfReader(target).pages[0].mediabox
    assert (round(box.width), round(box.height)) == points


def test_a_render_reads_no_address_but_the_sites_files(cv):
    body, mime_type = cvpdf.local_file("https://testserver/static/core/site.css")
    assert b"--accent" in body and mime_type == "text/css"
    for url in ("https://example.org/x.css", "https://testserver/static/../../etc/passwd"):
        with pytest.raises(ValueError):
            cvpdf.local_file(url)


# --- /cv.pdf ---------------------------------------------------------------------------


@pytest.fixture
def no_render(monkeypatch):
    """Renders and started renders, recorded instead of run."""
    started = []

    def refuse():
        raise AssertionError("a visitor's request rendered the PDF")

    monkeypatch.setattr(cvpdf, "render", refuse)
    monkeypatch.setattr(cvpdf, "start_build", lambda: started.append(True))
    return started


def test_cv_pdf_serves_the_last_good_copy_with_its_date(client, cv, settings):
    assert cvpdf.build() is True
    path = cvpdf.paths()[0]
    response = client.get(reverse("website:cv_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == path.read_bytes()
    made = parsedate_to_datetime(response["Last-Modified"]).timestamp()
    assert abs(made - path.stat().st_mtime) < 1
    assert "Mira Castellanos" in pdf_text(response.content)


def test_cv_pdf_never_renders_for_a_visitor(client, cv, no_render):
    response = client.get(reverse("website:cv_pdf"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "being made" in response.content.decode()
    assert no_render == [True]  # a render was started, in a process of its own


def test_a_stale_copy_is_served_while_a_new_one_is_started(client, cv, no_render):
    path, _, stale = cvpdf.paths()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7 the last good copy")
    stale.touch()
    response = client.get(reverse("website:cv_pdf"))
    assert response.status_code == 200 and response.content == b"%PDF-1.7 the last good copy"
    assert no_render == [True]


def test_a_change_starts_one_render_once_it_commits(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CV_PDF_AUTO = True
    commands = []
    monkeypatch.setattr(subprocess, "Popen", lambda command, **kw: commands.append(command))
    monkeypatch.setattr(cvpdf, "_last_start", [0.0])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for n in range(5):
            make_publication(title=f"Paper {n}")
    assert commands == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(commands) == 1  # a burst of saves starts one render
    assert commands[0][-2:][1] == "export_cv_pdf" and commands[0][-2].endswith("manage.py")
    assert cvpdf.paths()[2].exists()  # marked stale: the render renders them all


def test_a_render_while_another_runs_leaves_it_to_render_again(cv):
    import fcntl

    path, lock, stale = cvpdf.paths()
    path.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert cvpdf.building() is True
        assert cvpdf.build() is False
        assert stale.exists() and not path.exists()
    assert cvpdf.building() is False
    assert cvpdf.build() is True
    assert path.exists() and not stale.exists()


@pytest.mark.no_weasyprint
def test_without_weasyprint_cv_pdf_is_a_503_with_the_reason_and_the_site_works(
    client, cv, monkeypatch
):
    reason = "The PDF of the CV cannot be made on this server: Pango is missing."
    monkeypatch.setattr(cvpdf, "unavailable", lambda: reason)
    response = client.get(reverse("website:cv_pdf"))
    assert response.status_code == 503
    assert response.content.decode() == reason
    page = client.get(reverse("website:cv"))
    assert page.status_code == 200
    assert reverse("website:cv_pdf") not in page.content.decode()  # no link to a 503
    with pytest.raises(CommandError, match="cannot be made on this server"):
        call_command("export_cv_pdf", stdout=io.StringIO())


def test_the_cv_page_links_the_pdf_and_the_static_build_writes_it(client, cv, tmp_path):
    assert reverse("website:cv_pdf") in client.get(reverse("website:cv")).content.decode()
    folder = tmp_path / "site"
    call_command("build_site", str(folder), base_url="https://example.org/", stdout=io.StringIO())
    assert "Mira Castellanos" in pdf_text((folder / "cv.pdf").read_bytes())


def test_the_pdf_uses_the_open_font_and_reads_no_web_font(cv, monkeypatch):
    """The site's web fonts are for screens: the PDF is set in DejaVu throughout,
    headings included, and its render reads no font file of the site."""
    read = []
    original = cvpdf.local_file
    monkeypatch.setattr(cvpdf, "local_file", lambda url: read.append(url) or original(url))
    embedded = fonts(cvpdf.render())
    assert all("DejaVu" in name for name in embedded), embedded
    assert not [url for url in read if url.endswith((".woff2", ".woff", ".ttf"))], read
