"""Whatever fixtures/cv.json holds (the seed CV, another researcher's, or an empty
`[]`), it loads, every page of it answers, and it exports as it loads. These
tests read the CV in place; CI runs them with a second made-up CV and with `[]`."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from portfolio.cvdata.fixtures import export_fixture
from portfolio.publications.models import Author, Publication
from portfolio.talks.models import Talk

from .factories import content_counts
from .test_fixture_workflow import wipe
from .test_json_resume import get_resume, validator  # noqa: F401 (a fixture)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "cv.json"


@pytest.fixture
def your_cv(db, capsys):
    call_command("load_cv", str(FIXTURE))
    return capsys.readouterr().out


def test_your_cv_loads_and_a_second_load_adds_nothing(your_cv, capsys):
    assert "Loaded" in your_cv
    counts = content_counts()
    call_command("load_cv", str(FIXTURE))
    assert "Added" not in capsys.readouterr().out
    assert content_counts() == counts


def test_every_page_of_your_cv_answers_with_one_h1(client, your_cv):
    urls = [reverse(name) for name in ("website:home", "publications:list", "talks:list",
                                       "website:cv", "website:topics")]  # fmt: skip
    urls += [p.get_absolute_url() for p in Publication.objects.published()]
    urls += [t.get_absolute_url() for t in Talk.objects.published()]
    urls += [a.get_absolute_url() for a in Author.objects.with_public_publications()]
    urls += [reverse("website:topic", args=[t.slug]) for t in Tag.objects.exclude(slug="")]
    for url in urls:
        response = client.get(url)
        if response.status_code == 404 and "/topics/" in url:
            continue  # a topic of hidden entries only has no page
        assert response.status_code == 200, url
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1, url
    for name in ("feeds:publications_rss", "feeds:talks_atom", "sitemap", "cvdata:json",
                 "publications:list_bibtex"):  # fmt: skip
        assert client.get(reverse(name)).status_code == 200, name


def test_your_cv_exports_as_it_loads(your_cv, tmp_path):
    first = export_fixture()
    path = tmp_path / "exported.json"
    path.write_text(first, encoding="utf-8")
    wipe()
    call_command("load_cv", str(path), verbosity=0)
    assert export_fixture() == first


def test_your_cv_is_valid_json_resume(client, your_cv, validator):  # noqa: F811
    resume = get_resume(client)
    assert list(validator.iter_errors(resume)) == []


def test_a_site_without_a_profile_tells_its_owner_how_to_start(client, db, settings):
    html = client.get(reverse("website:home")).content.decode()
    assert "Getting started" in html and "Import BibTeX" in html and "make export" in html
    assert f'<a href="{reverse("admin:index")}">' in html
    # A custom admin address is a secret: not shown.
    settings.ADMIN_URL = "manage-4f7c/"
    html = client.get(reverse("website:home")).content.decode()
    assert "DJANGO_ADMIN_URL" in html


def test_your_cv_holds_no_private_field():
    """What the site keeps to itself (a field whose switch ``<field>_public`` is off)
    is not in the committed fixture: export_cv writes it to cv.private.json."""
    from django.apps import apps

    from portfolio.cvdata.fixtures import switched_fields

    for obj in json.loads(FIXTURE.read_text(encoding="utf-8")):
        model = apps.get_model(obj["model"])
        for name in switched_fields(model):
            switch = obj["fields"].get(
                f"{name}_public", model._meta.get_field(f"{name}_public").default
            )
            assert name not in obj["fields"] or switch, f"{obj['model']} {obj['pk']}: {name}"
