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
    assert '--font-text: "Portfolio Serif", "Portfolio Serif fallback", Georgia, serif;' in css
    assert '--font-ui: "Portfolio Sans", "Portfolio Sans fallback", system-ui, sans-serif;' in css
    assert "--font:" not in css
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
    select = re.search(r'<select name="font".*?</select>', form, re.S).group()
    options = re.findall(r'<option value="(\w*)"( selected)?>([^<]*)</option>', select)
    assert options == [
        ("serif", " selected", "Serif text, sans-serif headings and labels"),
        ("sans", "", "Sans-serif throughout"),
    ]
    response = admin_client.post(
        admin_url(Profile, "add"), profile_form(accent_colour="#C2185B", font="sans")
    )
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert (profile.accent_colour, profile.font) == ("#C2185B", "sans")


@pytest.mark.django_db
@pytest.mark.parametrize("old", ["humanist", "oldstyle"])
def test_the_admin_no_longer_offers_the_old_system_fonts(admin_client, old):
    response = admin_client.post(admin_url(Profile, "add"), profile_form(font=old))
    assert f"Select a valid choice. {old} is not one of the available choices." in errors_of(
        response
    )


# Values the admin refuses, written around it (SQL, an older backup). Each fits the
# column (seven characters), as PostgreSQL would insist.
@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["#abc", "#12345", "red", "}*{a:0}", "#abcde\n"])
def test_a_stored_colour_that_is_not_one_gives_the_default_and_a_warning(client, caplog, stored):
    make_profile(font="sans")  # a stylesheet of its own: the font differs
    Profile.objects.update(accent_colour=stored)
    for name in ("website:home", "website:cv", "publications:list", "talks:list", "search:search"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    address = theme_link(client.get(reverse("website:home")).content.decode())
    css = client.get(address).content.decode()
    assert css == theme.stylesheet(theme.DEFAULT_ACCENT, "sans")
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
@pytest.mark.parametrize(("old", "new"), [("humanist", "sans"), ("oldstyle", "serif")])
def test_a_stored_font_of_the_old_four_shows_its_successor_without_a_warning(
    client, caplog, old, new
):
    make_profile(accent_colour="#c2185b")
    Profile.objects.update(font=old)
    address = theme_link(client.get(reverse("website:home")).content.decode())
    assert client.get(address).content.decode() == theme.stylesheet("#c2185b", new)
    assert "is not one of" not in caplog.text


def font_stacks(css: str) -> dict[str, str]:
    return dict(re.findall(r"--(font-text|font-ui): ([^;]+);", css))


def test_the_designed_pair_and_sans_throughout_name_the_self_hosted_faces():
    serif = font_stacks(theme.stylesheet("#c2185b", "serif"))
    sans = font_stacks(theme.stylesheet("#c2185b", "sans"))
    assert serif["font-text"].startswith('"Portfolio Serif", "Portfolio Serif fallback"')
    assert serif["font-ui"].startswith('"Portfolio Sans", "Portfolio Sans fallback"')
    assert sans == {"font-text": serif["font-ui"], "font-ui": serif["font-ui"]}


@pytest.mark.django_db
def test_the_designed_look_is_the_default_and_sans_throughout_gets_a_stylesheet(client):
    profile = make_profile()
    assert profile.font == "serif"
    assert theme_link(client.get(reverse("website:home")).content.decode()) is None
    Profile.objects.update(font="sans")
    address = theme_link(client.get(reverse("website:home")).content.decode())
    assert font_stacks(client.get(address).content.decode())["font-text"].startswith(
        '"Portfolio Sans"'
    )


@pytest.mark.django_db
def test_a_default_look_with_a_bad_colour_needs_no_stylesheet(client, caplog):
    make_profile()
    Profile.objects.update(accent_colour="#abc")
    assert theme_link(client.get(reverse("website:home")).content.decode()) is None
    assert "'#abc' is not a colour" in caplog.text


# The migration that brought the self-hosted pair: each of the old four system fonts
# becomes the nearer of the two, on the database itself.
BEFORE_PAIRS = [("profile", "0005_citation_style")]
AFTER_PAIRS = [("profile", "0006_font_pairs")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_old_font_its_successor():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_PAIRS)
    old_apps = executor.loader.project_state(BEFORE_PAIRS).apps
    old_profile = old_apps.get_model("profile", "Profile")
    fonts = {"sans": "sans", "serif": "serif", "humanist": "sans", "oldstyle": "serif"}
    rows = old_profile.objects.bulk_create(
        [old_profile(name=f"Owner {old}", font=old) for old in fonts]
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER_PAIRS)
    new_apps = executor.loader.project_state(AFTER_PAIRS).apps
    stored = dict(
        new_apps.get_model("profile", "Profile")
        .objects.filter(pk__in=[row.pk for row in rows])
        .values_list("name", "font")
    )
    assert stored == {f"Owner {old}": new for old, new in fonts.items()}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
