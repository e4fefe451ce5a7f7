"""Control characters pasted from a PDF or a .bib file never reach a stored row,
whichever way the text comes in, and never break a feed."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portfolio.core.xml import xml_safe
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk

from .admin_forms import form_data
from .factories import make_publication, make_talk
from .test_backup import described, make_archive

FEEDS = [
    "feeds:publications_rss",
    "feeds:publications_atom",
    "feeds:talks_rss",
    "feeds:talks_atom",
]


def assert_feeds_parse(client):
    for name in FEEDS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        ET.fromstring(response.content)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, tabs\tand\nnew lines\r\n", "plain text, tabs\tand\nnew lines\r\n"),
        ("Line\x0bbreak and form\x0cfeed", "Line break and form feed"),
        ("Back\x08space, escape\x1b, NUL\x00, bell\x07", "Backspace, escape, NUL, bell"),
        ("non-characters \ufffe\uffff", "non-characters "),
        ("accents é, dashes – and CJK 漢字", "accents é, dashes – and CJK 漢字"),
    ],
)
def test_xml_safe_removes_only_what_xml_cannot_hold(text, expected):
    assert xml_safe(text) == expected


def test_the_admin_stores_pasted_text_without_control_characters(admin_client, db):
    talk = make_talk(title="Before")
    url = reverse("admin:talks_talk_change", args=[talk.pk])
    data = form_data(admin_client, url)
    data.update(title=["Pasted\x0bfrom a PDF"], event=["Work\x08shop"], tags=["topic\x1bone"])
    assert admin_client.post(url, data).status_code == 302
    talk.refresh_from_db()
    assert (talk.title, talk.event) == ("Pasted from a PDF", "Workshop")
    assert list(talk.tags.names()) == ["topicone"]
    assert_feeds_parse(admin_client)


def test_import_bibtex_stores_clean_text(db, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{ctl, title={Control\x1bchar and\x0bbreak}, author={Doe, Jane},"
        " journal={J\x07 of Things}, year={2020}, abstract={NUL\x00 here}}\n"
    )
    call_command("import_bibtex", str(bib), verbosity=0)
    publication = Publication.objects.get()
    assert publication.title == "Controlchar and break"
    assert publication.venue == "J of Things"
    assert publication.abstract == "NUL here"
    assert_feeds_parse(Client())


def talk_row(title: str, event: str) -> dict:
    """A talk as a fixture or a backup holds it."""
    stamp = "2026-01-01T00:00:00Z"
    fields = {"title": title, "slug": "a-talk", "event": event, "year": 2020,
              "kind": "invited", "created_at": stamp, "updated_at": stamp}  # fmt: skip
    return {"model": "talks.talk", "pk": 7, "fields": fields}


def test_load_cv_stores_clean_text(db, tmp_path):
    path = tmp_path / "cv.json"
    path.write_text(json.dumps([talk_row("A talk\x00 with a NUL", "Event\x1b")]))
    call_command("load_cv", str(path), verbosity=0)
    talk = Talk.objects.get()
    assert (talk.title, talk.event) == ("A talk with a NUL", "Event")


def test_restore_stores_clean_text(db, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    make_archive(archive, described([talk_row("Restored\x0btalk", "E\x00")]))
    call_command("restore", str(archive), verbosity=0)
    talk = Talk.objects.get()
    assert (talk.title, talk.event) == ("Restored talk", "E")


def test_feeds_survive_text_stored_before_cleaning(client, db):
    publication = make_publication(tags=["topic"])
    talk = make_talk()
    # update() writes without signals, as rows stored by an earlier version were.
    Publication.objects.filter(pk=publication.pk).update(
        title="Old\x0btitle", abstract="Abstract\x1b"
    )
    Talk.objects.filter(pk=talk.pk).update(title="Old\x08talk", event="Ev\x0cent")
    assert_feeds_parse(client)
    rss = client.get(reverse("feeds:publications_rss")).content.decode()
    assert "Old title" in rss
