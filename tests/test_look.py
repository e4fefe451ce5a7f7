"""The home page's look: profile links as icons, the photo beside the name."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from portfolio.profile import theme
from portfolio.profile.models import Profile, ProfileLink

from .factories import make_profile, make_publication
from .test_admin import admin_url, errors_of, profile_form
from .test_uploads import image_bytes, upload

SVG = "{http://www.w3.org/2000/svg}"


def sprite_ids() -> set[str]:
    tree = ET.parse(finders.find("profile/icons.svg"))
    return {symbol.get("id") for symbol in tree.getroot().iter(f"{SVG}symbol")}


def test_every_kind_of_profile_link_has_an_icon_in_the_sprite():
    ids = sprite_ids()
    for kind in ProfileLink.Kind.values:
        assert ProfileLink(kind=kind).icon in ids, kind
    # The contact details and the CV have theirs.
    assert {"email", "website", "cv"} <= ids
    # The brands the profile offers each have a mark of their own, not the generic one.
    brands = {"github", "google_scholar", "orcid", "semantic_scholar", "dblp", "linkedin"}
    brands |= {"x", "bluesky", "mastodon"}
    assert all(ProfileLink(kind=kind).icon == kind for kind in brands)


def test_every_symbol_has_a_view_box_and_draws_something():
    tree = ET.parse(finders.find("profile/icons.svg"))
    for symbol in tree.getroot().iter(f"{SVG}symbol"):
        assert symbol.get("viewBox") == "0 0 24 24"
        assert list(symbol), symbol.get("id")
        assert symbol.find(f"{SVG}title") is None  # the link names the icon, not the icon


def links_of_home(client) -> list[str]:
    html = client.get(reverse("website:home")).content.decode()
    row = re.search(r'<ul class="contact icon-row".*?</ul>', html, re.S)
    assert row, "the home page has a row of profile icons"
    return re.findall(r"<a .*?</a>", row.group(0), re.S)


@pytest.mark.django_db
def test_home_shows_profile_links_as_icons_with_accessible_names(client):
    profile = make_profile(email="ada@example.org", website="https://ada.example.org/")
    profile.links.create(kind="github", label="ada", url="https://github.com/ada", order=1)
    profile.links.create(kind="orcid", url="https://orcid.org/0000-0002-1825-0097", order=2)
    profile.links.create(kind="other", label="Lab", url="https://lab.example.org/", order=3)
    profile.links.create(kind="x", url="https://x.com/hidden", is_public=False)
    links = links_of_home(client)
    names = [re.sub(r"<[^>]+>", "", link).strip() for link in links]
    assert names == [
        "Email ada@example.org",
        "Website",
        "GitHub: ada",
        "ORCID",
        "Other: Lab",
        "CV",
    ]
    icons = [re.search(r'<use href="([^"]+)"', link).group(1) for link in links]
    assert [icon.rsplit("#", 1)[1] for icon in icons] == [
        "email",
        "website",
        "github",
        "orcid",
        "link",
        "cv",
    ]
    assert all(icon.startswith("/static/profile/icons.svg#") for icon in icons)
    for link in links:
        # The drawing is hidden from screen readers; the name is text in the link,
        # and a tooltip for those who see only the icon.
        assert re.search(r'<svg class="icon" aria-hidden="true">', link)
        assert re.search(r'<span class="link-text">[^<]+</span>', link)
        assert re.search(r' title="[^"]+"', link)
    assert (
        'href="https://x.com/hidden"' not in client.get(reverse("website:home")).content.decode()
    )


@pytest.mark.django_db
def test_the_cv_page_prints_the_names_beside_the_icons(client):
    profile = make_profile(email="ada@example.org")
    profile.links.create(kind="github", label="ada", url="https://github.com/ada")
    html = client.get(reverse("website:cv")).content.decode()
    assert "icon-row" not in html
    assert re.search(r'#github" /></svg><span class="link-text">GitHub: ada</span>', html)


def test_the_photo_stands_beside_the_name_only_when_there_is_one(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home = reverse("website:home")
    upload(admin_client, "me.png", image_bytes("PNG", (400, 400)), "image/png")
    html = admin_client.get(home).content.decode()
    assert re.search(r'<section class="intro with-photo"\s', html)
    assert re.search(r'<img class="photo"[^>]+sizes="\(min-width: 40rem\) 12rem, 9rem"', html)
    Profile.objects.update(photo="")
    assert re.search(r'<section class="intro"\s', admin_client.get(home).content.decode())


# --- The owner's accent colour and font -------------------------------------------------
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


# --- Venue badges -----------------------------------------------------------------------
@pytest.mark.django_db
def test_the_short_venue_is_a_badge_beside_the_note_and_the_year(client):
    make_publication(
        title="Badged",
        slug="badged",
        venue="Neural Information Processing Systems",
        venue_short="NeurIPS 2018",
        note="Oral",
        year=2018,
        month=12,
    )
    make_publication(title="Plain", slug="plain", venue="A Workshop on Things", year=2017)
    make_publication(title="Nowhere", slug="nowhere", year=2016)
    listing = client.get(reverse("publications:list")).content.decode()
    assert (
        '<p class="meta"><span class="badge" title="Neural Information Processing Systems">'
        'NeurIPS 2018</span> <span class="note">Oral</span> · '
        '<span class="year">Dec. 2018</span></p>'
    ) in listing
    # A venue without a short name is text, not a badge.
    assert (
        '<span class="venue">A Workshop on Things</span> · <span class="year">2017</span>'
        in listing
    )
    assert '<p class="meta"><span class="year">2016</span></p>' in listing
    detail = client.get(reverse("publications:detail", args=["badged"])).content.decode()
    assert (
        '<span class="badge">NeurIPS 2018</span> Neural Information Processing Systems '
        '<span class="note">Oral</span> · <span class="year">Dec. 2018</span> · Conference paper'
    ) in detail


@pytest.mark.django_db
def test_every_page_has_a_description_even_without_a_headline(client):
    make_profile(name="Ada Researcher", headline="")
    for name in ("website:home", "publications:list", "website:cv"):
        html = client.get(reverse(name)).content.decode()
        description = re.search(r'<meta name="description"\s+content="([^"]*)">', html).group(1)
        assert description == "Ada Researcher: publications, talks and CV", name
