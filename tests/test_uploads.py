"""Bad image uploads are clear form errors; good ones are re-encoded without metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portfolio.profile.models import Profile

from .test_admin import admin_url, errors_of, profile_form


def image_bytes(kind="PNG", size=(40, 30), **save_options) -> bytes:
    buffer = io.BytesIO()
    mode = "1" if size[0] * size[1] > 10_000_000 else "RGB"
    Image.new(mode, size, 0 if mode == "1" else "teal").save(buffer, kind, **save_options)
    return buffer.getvalue()


def upload(admin_client, name, content, content_type="application/octet-stream"):
    photo = SimpleUploadedFile(name, content, content_type=content_type)
    return admin_client.post(admin_url(Profile, "add"), profile_form(photo=photo))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


BAD_UPLOADS = {
    "oversized": (
        "big.png",
        lambda: b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1),
        "the limit is 5 MB",
    ),
    "100 megapixels in a small PNG": (
        "bomb.png",
        lambda: image_bytes(size=(10_000, 10_000), optimize=True),
        "far too many pixels",
    ),
    "text named .jpg": ("notes.jpg", lambda: b"just some text, not a picture", "not an image"),
    "truncated JPEG": ("cut.jpg", lambda: image_bytes("JPEG", (400, 300))[:600], "cut short"),
    "SVG with a script": (
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ".svg is not accepted",
    ),
    "HTML named .png": (
        "page.png",
        lambda: b"<html><script>alert(1)</script></html>",
        "not an image",
    ),
    "JPEG named .png": (
        "photo.png",
        lambda: image_bytes("JPEG"),
        "JPEG image but its name ends in .png",
    ),
    "zero bytes": ("empty.jpg", lambda: b"", "The submitted file is empty"),
    "a GIF": ("anim.png", lambda: image_bytes("GIF"), "This is a GIF image"),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_uploads_are_form_errors(admin_client, media, case):
    name, content, message = BAD_UPLOADS[case]
    response = upload(admin_client, name, content())
    assert message in errors_of(response)
    assert not Profile.objects.exists()
    assert not any(media.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.png", "profile/passwd.png"),
        ("..\\..\\evil.png", "profile/evil.png"),
        ("Ünïcödé phöto 写真.png", "profile/unicode-photo.png"),
        ("写真.png", "profile/image.png"),
        ("<script>.png", "profile/script.png"),
    ],
)
def test_file_names_are_sanitised(admin_client, media, name, stored):
    response = upload(admin_client, name, image_bytes())
    assert response.status_code == 302
    assert Profile.get_solo().photo.name == stored
    assert (media / stored).is_file()


def test_metadata_is_stripped_and_the_image_re_encoded(admin_client, media):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (32.0, 4.0, 0.0)}  # GPS position
    content = image_bytes("JPEG", (50, 40), exif=exif.tobytes()) + b"trailing payload"
    with Image.open(io.BytesIO(content)) as original:
        assert original.getexif()

    assert upload(admin_client, "holiday.jpeg", content).status_code == 302

    profile = Profile.get_solo()
    assert profile.photo.name == "profile/holiday.jpg"
    stored = (media / profile.photo.name).read_bytes()
    assert b"trailing payload" not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (50, 40)
        assert not image.getexif()
    assert (profile.photo_width, profile.photo_height) == (50, 40)


def test_a_photo_shows_on_the_home_page(admin_client, client, media):
    upload(admin_client, "me.webp", image_bytes("WEBP", (800, 600)))
    html = client.get(reverse("pages:home")).content.decode()
    assert 'src="/media/profile/me.webp"' in html
    assert "me-320w.jpg 320w" in html


def test_a_phone_jpeg_with_embedded_images_is_accepted(admin_client, media):
    # Multi-picture JPEGs (MPO) come from many phones; they are stored as plain JPEG.
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (60, 40), "red"), Image.new("RGB", (60, 40), "blue")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(buffer.getvalue())) as check:
        assert check.format == "MPO"
    assert upload(admin_client, "phone.jpg", buffer.getvalue()).status_code == 302
    with Image.open(media / Profile.get_solo().photo.name) as stored:
        assert stored.format == "JPEG"
