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
    html = client.get(reverse("website:home")).content.decode()
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


def test_a_jpeg_comment_is_dropped_from_the_photo_and_every_size(admin_client, media):
    content = image_bytes("JPEG", (800, 600), comment=b"<script>alert(1)</script>")
    with Image.open(io.BytesIO(content)) as original:
        assert original.info["comment"] == b"<script>alert(1)</script>"
    assert upload(admin_client, "me.jpg", content).status_code == 302
    stored = sorted(p for p in media.rglob("*.jpg"))
    assert len(stored) == 4  # the photo and three sizes
    for path in stored:
        assert b"<script>" not in path.read_bytes(), path
        with Image.open(path) as image:
            assert "comment" not in image.info


def test_png_text_and_a_colour_profile_are_dropped(admin_client, media):
    from PIL import ImageCms, PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "<b>hidden</b>")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = image_bytes("PNG", (30, 20), pnginfo=text, icc_profile=icc)
    assert upload(admin_client, "me.png", content).status_code == 302
    with Image.open(media / Profile.get_solo().photo.name) as stored:
        assert "Comment" not in stored.info and "icc_profile" not in stored.info
        assert stored.getpixel((0, 0))[:3] == (0, 128, 128)  # teal, unchanged


def public_files(media) -> list[str]:
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


def change_photo(admin_client, profile, **fields):
    from .admin_forms import form_data

    url = admin_url(Profile, "change", profile.pk)
    data = form_data(admin_client, url)
    data.update(fields)
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors_of(response)


@pytest.mark.django_db(transaction=True)
def test_a_replaced_or_cleared_photo_leaves_the_public_folder_and_comes_back_on_revert(
    admin_client, settings, tmp_path
):
    from reversion.models import Version

    from .admin_forms import submit

    media = settings.MEDIA_ROOT = tmp_path / "media"
    retired = tmp_path / "media-retired"
    assert upload(admin_client, "first.jpg", image_bytes("JPEG", (800, 600))).status_code == 302
    profile = Profile.get_solo()
    first = public_files(media)
    assert first == [
        "profile/first.jpg",
        "profile/sizes/first-160w.jpg",
        "profile/sizes/first-320w.jpg",
        "profile/sizes/first-640w.jpg",
    ]

    new = SimpleUploadedFile("second.png", image_bytes("PNG", (400, 300)), "image/png")
    change_photo(admin_client, profile, photo=new)
    assert public_files(media) == [
        "profile/second.png",
        "profile/sizes/second-160w.jpg",
        "profile/sizes/second-320w.jpg",
    ]
    assert sorted(p.relative_to(retired).as_posix() for p in retired.rglob("*.*")) == first

    change_photo(admin_client, profile, **{"photo-clear": "on"})
    assert public_files(media) == []
    assert Profile.get_solo().photo.name == ""

    # The history brings the first photo back, with its sizes.
    oldest = Version.objects.get_for_object(profile).order_by("pk").first()
    url = reverse("admin:profile_profile_revision", args=[profile.pk, oldest.pk])
    assert submit(admin_client, url).status_code == 302
    assert Profile.get_solo().photo.name == "profile/first.jpg"
    assert public_files(media) == first
    html = admin_client.get(reverse("website:home")).content.decode()
    assert 'src="/media/profile/first.jpg"' in html and "first-320w.jpg 320w" in html


@pytest.mark.django_db(transaction=True)
def test_a_deleted_profiles_photo_leaves_and_returns_with_recovery(
    admin_client, settings, tmp_path
):
    from reversion.models import Version

    from .admin_forms import submit

    media = settings.MEDIA_ROOT = tmp_path / "media"
    assert upload(admin_client, "me.jpg", image_bytes("JPEG", (200, 100))).status_code == 302
    profile = Profile.get_solo()
    before = public_files(media)
    delete = admin_url(Profile, "delete", profile.pk)
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert public_files(media) == []
    version = Version.objects.get_deleted(Profile).get()
    assert submit(admin_client, reverse("admin:profile_profile_recover", args=[version.pk]))
    assert public_files(media) == before


@pytest.mark.django_db(transaction=True)
def test_a_new_upload_never_reuses_a_retired_name(admin_client, settings, tmp_path):
    media = settings.MEDIA_ROOT = tmp_path / "media"
    upload(admin_client, "me.png", image_bytes())
    profile = Profile.get_solo()
    change_photo(admin_client, profile, **{"photo-clear": "on"})
    again = SimpleUploadedFile("me.png", image_bytes("PNG", (20, 20)), "image/png")
    change_photo(admin_client, profile, photo=again)
    name = Profile.get_solo().photo.name
    assert name != "profile/me.png" and name.startswith("profile/me_")
    assert public_files(media) == [name]


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/passwd", "profile/../../x.jpg"])
def test_a_photo_path_outside_the_media_folder_is_refused_by_load_cv(db, tmp_path, name):
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    stamp = "2026-01-01T00:00:00Z"
    fields = {"name": "Ada", "photo": name, "updated_at": stamp}
    fixture = [{"model": "profile.profile", "pk": 1, "fields": fields}]
    path = tmp_path / "cv.json"
    path.write_text(json.dumps(fixture))
    with pytest.raises(CommandError, match="is not a file in the media folder"):
        call_command("load_cv", str(path), "--overwrite", verbosity=0)
    assert not Profile.objects.exists()


def test_pages_survive_a_stored_photo_path_outside_the_media_folder(client, db):
    from .factories import make_profile

    make_profile(photo="../../../../etc/passwd")
    for name in ("website:home", "cvdata:json", "website:cv"):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_revert_that_fails_leaves_the_retired_photo_out_of_reach(
    admin_client, settings, tmp_path
):
    from reversion.models import Version

    from .admin_forms import form_data

    media = settings.MEDIA_ROOT = tmp_path / "media"
    assert upload(admin_client, "first.jpg", image_bytes("JPEG", (400, 300))).status_code == 302
    profile = Profile.get_solo()
    new = SimpleUploadedFile("second.png", image_bytes("PNG", (400, 300)), "image/png")
    change_photo(admin_client, profile, photo=new)
    oldest = Version.objects.get_for_object(profile).order_by("pk").first()
    url = reverse("admin:profile_profile_revision", args=[profile.pk, oldest.pk])
    data = form_data(admin_client, url)
    data["name"] = [""]  # the revert fails: a name is required
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "This field is required" in errors_of(response)
    assert Profile.get_solo().photo.name.startswith("profile/second")
    assert not any(p.name.startswith("first") for p in media.rglob("*"))


@pytest.mark.django_db(transaction=True)
def test_a_new_file_never_shares_sizes_with_another(admin_client, settings, tmp_path):
    media = settings.MEDIA_ROOT = tmp_path / "media"
    upload(admin_client, "me.jpg", image_bytes("JPEG", (800, 600)))
    profile = Profile.get_solo()
    new = SimpleUploadedFile("me.png", image_bytes("PNG", (800, 600)), "image/png")
    change_photo(admin_client, profile, photo=new)
    profile = Profile.get_solo()
    assert profile.photo.name != "profile/me.png"
    stem = profile.photo.name.removeprefix("profile/").removesuffix(".png")
    assert public_files(media) == [
        profile.photo.name,
        *(f"profile/sizes/{stem}-{w}w.jpg" for w in (160, 320, 640)),
    ]
    assert f"{stem}-320w.jpg 320w" in profile.photo_srcset


# --- An image given to the field otherwise than through the admin's form --------------


def test_an_image_saved_from_bytes_is_checked_and_re_encoded_like_an_upload(db, media):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (32.0, 4.0, 0.0)}  # GPS position
    content = image_bytes("JPEG", (50, 40), exif=exif.tobytes()) + b"trailing payload"
    profile = Profile.objects.create(name="Ada")
    profile.photo.save("Trip photo.jpeg", ContentFile(content))
    assert Profile.get_solo().photo.name == "profile/trip-photo.jpg"
    stored = (media / "profile/trip-photo.jpg").read_bytes()
    assert b"trailing payload" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (50, 40)

    with pytest.raises(ValidationError, match="not an image"):
        profile.photo.save("page.png", ContentFile(b"<html><script>alert(1)</script></html>"))
    with pytest.raises(ValidationError, match=r"\.svg is not accepted"):
        profile.photo.save("logo.svg", ContentFile(b"<svg></svg>"))
    assert public_files(media) == ["profile/trip-photo.jpg"]
    assert Profile.get_solo().photo.name == "profile/trip-photo.jpg"


def test_an_image_assigned_to_the_field_is_checked_by_full_clean(db, media):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    profile = Profile(name="Ada", photo=ContentFile(b"not a picture", name="me.png"))
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "not an image" in str(refused.value.message_dict["photo"])
    assert public_files(media) == []

    profile.photo = ContentFile(image_bytes("PNG", (30, 20)), name="../../Me.png")
    profile.full_clean()
    profile.save()
    assert profile.photo.name == "profile/me.png"
    assert (profile.photo_width, profile.photo_height) == (30, 20)
    assert public_files(media) == ["profile/me.png"]
