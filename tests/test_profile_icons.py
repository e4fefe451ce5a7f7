"""The profile as the home page shows it: its links as icons, the photo beside the name."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from portfolio.profile.models import Profile, ProfileLink

from .factories import make_profile
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
    assert re.search(r'<img class="photo"[^>]+sizes="\(min-width: 40rem\) 11rem, 6rem"', html)
    Profile.objects.update(photo="")
    assert re.search(r'<section class="intro"\s', admin_client.get(home).content.decode())


def test_every_kind_of_entry_link_has_an_icon_in_the_sprite():
    from django.apps import apps

    from portfolio.core.models import TypedLink

    ids = sprite_ids()
    models = [model for model in apps.get_models() if issubclass(model, TypedLink)]
    assert len(models) >= 3  # papers', projects' and courses' links at least
    for model in models:
        for kind in model.Kind.values:
            assert model(kind=kind).icon in ids, (model.__name__, kind)
    # What the links of papers and talks most often lead to has an icon of its own.
    kinds = ["pdf", "doi", "arxiv", "code", "data", "slides", "video", "poster", "cite"]
    assert set(kinds) <= ids
    assert {"pdf", "arxiv", "code"} <= {
        model(kind=kind).icon for model in models for kind in model.Kind.values
    }
