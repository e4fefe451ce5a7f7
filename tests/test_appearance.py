"""The owner's accent colour and font: a content-hashed stylesheet, colours kept
readable, and stored values the admin would refuse."""

import re

import pytest
from django.urls import reverse

from portfolio.profile import theme
from portfolio.profile.models import Profile

from .factories import make_profile
from .test_admin import admin_url, errors_of, profile_form


def theme_link(html: str) -> str | None:
    match = re.search(r'<link rel="stylesheet" href="(/theme/[0-9a-f]{16}\.css)">', html)
    return match and match.group(1)


@pytest.mark.django_db
def test_the_default_appearance_adds_no_stylesheet(client):
    make_profile()
    assert theme_link(client.get(reverse("website:home")).content.decode()) is None


@pytest.mark.django_db
def test_the_appearance_is_a_content_hashed_stylesheet_without_inline_style(client):
    make_profile(accent_colour="#c2185b", font="serif")
    html = client.get(reverse("publications:list")).content.decode()
    address = theme_link(html)
    assert address
    assert "<style" not in html and " style=" not in html
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    css = response.content.decode()
    assert "--font: Charter," in css
    light = re.search(r"--accent: (#[0-9a-f]{6});", css).group(1)
    dark = re.search(r"--accent-dark: (#[0-9a-f]{6});", css).group(1)
    for background in theme.LIGHT_BACKGROUNDS:
        assert theme.contrast(light, background) >= 4.5
    for background in theme.DARK_BACKGROUNDS:
        assert theme.contrast(dark, background) >= 4.5
    policy = client.get("/")["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_a_new_appearance_gets_a_new_address_and_the_old_one_leads_to_it(client):
    profile = make_profile(accent_colour="#c2185b")
    old = theme_link(client.get("/").content.decode())
    profile.accent_colour = "#2e7d32"
    profile.save()
    new = theme_link(client.get("/").content.decode())
    assert new and new != old
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    assert "#2e7d32" in client.get(new).content.decode()
    assert client.post(new).status_code == 405


@pytest.mark.parametrize("colour", ["#ffffff", "#000000", "#ffff00", "#0b55a3", "#777777"])
def test_any_accent_colour_is_made_readable_in_both_themes(colour):
    css = theme.stylesheet(colour, "sans")
    light = re.search(r"--accent: (#[0-9a-f]{6});", css).group(1)
    dark = re.search(r"--accent-dark: (#[0-9a-f]{6});", css).group(1)
    assert min(theme.contrast(light, bg) for bg in theme.LIGHT_BACKGROUNDS) >= 4.5
    assert min(theme.contrast(dark, bg) for bg in theme.DARK_BACKGROUNDS) >= 4.5


def test_a_readable_colour_is_kept_as_it_is():
    assert theme.readable("#0b55a3", theme.LIGHT_BACKGROUNDS, lighten=False) == "#0b55a3"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["red", "#12345", "#12345g", "<b>"])
def test_the_admin_refuses_a_colour_that_is_not_hex(admin_client, typed):
    response = admin_client.post(admin_url(Profile, "add"), profile_form(accent_colour=typed))
    assert "Enter a colour as # and six hexadecimal digits" in errors_of(response)
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_the_admin_saves_the_appearance_with_a_colour_picker(admin_client):
    form = admin_client.get(admin_url(Profile, "add")).content.decode()
    assert re.search(r'<input type="color" name="accent_colour" value="#0b55a3"', form)
    assert re.search(r'<option value="serif">Serif \(Charter, Georgia\)</option>', form)
    response = admin_client.post(
        admin_url(Profile, "add"), profile_form(accent_colour="#C2185B", font="oldstyle")
    )
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert (profile.accent_colour, profile.font) == ("#C2185B", "oldstyle")


# Values the admin refuses, written around it (SQL, an older backup). Each fits the
# column (seven characters), as PostgreSQL would insist.
@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["#abc", "#12345", "red", "}*{a:0}", "#abcde\n"])
def test_a_stored_colour_that_is_not_one_gives_the_default_and_a_warning(client, caplog, stored):
    make_profile(font="serif")  # a stylesheet of its own: the font differs
    Profile.objects.update(accent_colour=stored)
    for name in ("website:home", "website:cv", "publications:list", "talks:list", "search:search"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    address = theme_link(client.get(reverse("website:home")).content.decode())
    css = client.get(address).content.decode()
    assert css == theme.stylesheet(theme.DEFAULT_ACCENT, "serif")
    assert stored not in css
    assert f"accent colour {stored!r} is not a colour" in caplog.text
    assert any(record.levelname == "WARNING" for record in caplog.records)


@pytest.mark.django_db
def test_a_stored_font_that_is_not_one_gives_the_default_font(client, caplog):
    make_profile(accent_colour="#c2185b")
    Profile.objects.update(font="x;}body")
    address = theme_link(client.get(reverse("website:home")).content.decode())
    css = client.get(address).content.decode()
    assert css == theme.stylesheet("#c2185b", theme.DEFAULT_FONT)
    assert "x;}body" not in css and "font 'x;}body' is not one of" in caplog.text


@pytest.mark.django_db
def test_a_default_look_with_a_bad_colour_needs_no_stylesheet(client, caplog):
    make_profile()
    Profile.objects.update(accent_colour="#abc")
    assert theme_link(client.get(reverse("website:home")).content.decode()) is None
    assert "'#abc' is not a colour" in caplog.text
