"""The image library: images uploaded in the admin for Markdown texts, each with the
line that shows it, checked like every upload, and kept with the CV and backups."""

import io
import json
import re
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse, set_script_prefix
from PIL import Image

from portfolio.media.models import LibraryImage
from portfolio.richtext.markdown import render_markdown

from .admin_forms import submit
from .factories import make_page
from .test_admin import admin_url, errors_of
from .test_uploads import BAD_UPLOADS, image_bytes, public_files


def add(admin_client, name, content, description="The lab in 2019"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return admin_client.post(
        admin_url(LibraryImage, "add"), {"image": upload, "description": description}
    )


def make_image(name="lab.png", description="The lab in 2019", **options) -> LibraryImage:
    image = LibraryImage(
        description=description, image=ContentFile(image_bytes(**options), name=name)
    )
    image.full_clean()
    image.save()
    return image


def test_an_uploaded_image_shows_the_line_to_paste_into_a_text(admin_client, db):
    response = add(admin_client, "Lab Photo.jpeg", image_bytes("JPEG", (64, 48)))
    assert response.status_code == 302
    image = LibraryImage.objects.get()
    assert image.image.name == "library/lab-photo.jpg"
    assert (image.width, image.height) == (64, 48)
    snippet = "![The lab in 2019](/media/library/lab-photo.jpg)"
    assert image.markdown == snippet
    change = admin_client.get(admin_url(LibraryImage, "change", image.pk)).content.decode()
    assert f"<code>{snippet}</code>" in change
    listed = admin_client.get(admin_url(LibraryImage, "changelist")).content.decode()
    assert f"<code>{snippet}</code>" in listed
    assert '<img src="/media/library/lab-photo.jpg" alt="" width="80" height="60"' in listed
    add_page = admin_client.get(admin_url(LibraryImage, "add")).content.decode()
    assert "Shown once the image is saved" in add_page


@pytest.mark.parametrize("case", ["text named .jpg", "SVG with a script", "JPEG named .png"])
def test_a_bad_upload_is_a_form_error(admin_client, db, case):
    name, content, message = BAD_UPLOADS[case]
    assert message in errors_of(add(admin_client, name, content()))
    assert not LibraryImage.objects.exists()


def test_the_description_is_required(admin_client, db):
    response = add(admin_client, "lab.png", image_bytes(), description=" ")
    assert "This field is required" in errors_of(response)


def test_the_line_shows_the_image_on_a_page_whatever_its_description(client, db):
    image = make_image(description="Lab [2019] *wet* `bench` $x$ & <b>co</b>\\ !\n two")
    assert image.markdown == (
        r"![Lab \[2019\] \*wet\* \`bench\` \$x\$ \& \<b\>co\</b\>\\ \! two]"
        "(/media/library/lab.png)"
    )
    expected = (
        '<img src="/media/library/lab.png" alt="Lab [2019] *wet* `bench` $x$ &amp; '
        '&lt;b&gt;co&lt;/b&gt;\\ ! two" loading="lazy">'
    )
    assert render_markdown(image.markdown) == f"<p>{expected}</p>\n"
    page = make_page(slug="lab", body=f"Our lab:\n\n{image.markdown}")
    html = client.get(page.get_absolute_url()).content.decode()
    assert expected in html
    assert image.image.storage.exists("library/lab.png")


def test_the_line_is_written_from_the_sites_root_under_an_address_prefix(db):
    image = make_image()
    try:
        set_script_prefix("/portfolio/")
        assert image.markdown == "![The lab in 2019](/media/library/lab.png)"
        assert 'src="/portfolio/media/library/lab.png"' in render_markdown(image.markdown)
    finally:
        set_script_prefix("/")


def test_an_image_from_bytes_goes_through_the_uploads_checks(db):
    data = image_bytes("JPEG", (40, 30), comment=b"<script>alert(1)</script>")
    image = LibraryImage(description="The lab", image=ContentFile(data, name="Lab.JPEG"))
    image.full_clean()
    image.save()
    assert image.image.name == "library/lab.jpg"
    with image.image.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as picture:
        assert "comment" not in picture.info and picture.size == (40, 30)

    refused = LibraryImage(description="A page", image=ContentFile(b"<html>", name="x.png"))
    with pytest.raises(ValidationError, match="not an image"):
        refused.full_clean()
    with pytest.raises(ValidationError, match="not an image"):
        LibraryImage(description="A page").image.save("x.png", ContentFile(b"<html>"))
    assert LibraryImage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_deleted_image_leaves_the_public_folder_and_returns_with_recovery(
    admin_client, settings, tmp_path
):
    from reversion.models import Version

    media = settings.MEDIA_ROOT = tmp_path / "media"
    assert add(admin_client, "lab.png", image_bytes()).status_code == 302
    image = LibraryImage.objects.get()
    assert public_files(media) == ["library/lab.png"]
    delete = admin_url(LibraryImage, "delete", image.pk)
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert public_files(media) == []
    assert (tmp_path / "media-retired" / "library" / "lab.png").is_file()

    version = Version.objects.get_deleted(LibraryImage).get()
    assert submit(admin_client, reverse("admin:media_libraryimage_recover", args=[version.pk]))
    assert public_files(media) == ["library/lab.png"]
    assert LibraryImage.objects.get().markdown == "![The lab in 2019](/media/library/lab.png)"


@pytest.mark.django_db(transaction=True)
def test_library_images_travel_with_a_backup(settings, tmp_path, capsys):
    media = settings.MEDIA_ROOT = tmp_path / "media"
    make_image()
    before = {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*.*")}
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    call_command("restore", str(archive))
    image = LibraryImage.objects.get()
    assert (image.description, image.width, image.height) == ("The lab in 2019", 40, 30)
    assert {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*.*")} == before


def test_library_images_travel_with_the_cv_fixture(db, settings, tmp_path):
    make_image(name="lab.png")
    fixture = tmp_path / "cv.json"
    call_command("export_cv", str(fixture), stdout=io.StringIO())
    rows = [row for row in json.loads(fixture.read_text()) if row["model"] == "media.libraryimage"]
    assert [row["fields"]["image"] for row in rows] == ["library/lab.png"]
    assert (tmp_path / "media" / "library" / "lab.png").is_file()

    # Another site, which has an image of its own under the same id.
    LibraryImage.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path / "other-media"
    make_image(name="other.png", description="Another image")
    call_command("load_cv", str(fixture), stdout=io.StringIO())
    assert sorted(LibraryImage.objects.values_list("image", "description")) == [
        ("library/lab.png", "The lab in 2019"),
        ("library/other.png", "Another image"),
    ]
    assert (tmp_path / "other-media" / "library" / "lab.png").is_file()
    # Loaded again, the image is the one already here.
    out = io.StringIO()
    call_command("load_cv", str(fixture), stdout=out)
    assert LibraryImage.objects.count() == 2 and re.search(
        r"Kept: .*1 library image", out.getvalue()
    )
