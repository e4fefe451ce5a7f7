"""Editors A and B open the same entry; A saves; B's save from the older form is
refused with what A changed, and nothing of A's is lost."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from portfolio.profile.models import Profile
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk

from .admin_forms import form_data
from .factories import make_author, make_profile, make_publication, make_talk


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def editors(db):
    users = get_user_model()
    a, b = Client(), Client()
    a.force_login(users.objects.create_superuser("a", "a@example.org", "pw-a-123456789"))
    b.force_login(users.objects.create_superuser("b", "b@example.org", "pw-b-123456789"))
    return a, b


def post(client, url, data, **changes):
    return client.post(url, {**data, **{k: [v] for k, v in changes.items()}})


def test_a_stale_form_does_not_overwrite_anothers_edit(editors):
    a, b = editors
    publication = make_publication(title="Original title", venue="Old venue")
    url = change_url(publication)
    form_a, form_b = form_data(a, url), form_data(b, url)

    assert post(a, url, form_a, title="A's new title").status_code == 302
    response = post(b, url, form_b, venue="B's venue")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this publication after you opened it" in page
    assert "the title is now “A's new title”" in html.unescape(page)
    assert "Your changes were not saved" in page
    publication.refresh_from_db()
    assert (publication.title, publication.venue) == ("A's new title", "Old venue")


def test_after_the_warning_a_second_save_keeps_bs_version(editors):
    a, b = editors
    talk = make_talk(title="Original")
    url = change_url(talk)
    form_a, form_b = form_data(a, url), form_data(b, url)
    assert post(a, url, form_a, title="From A").status_code == 302
    warned = post(b, url, form_b, event="From B")
    assert "the title is now “From A”" in warned.content.decode()
    # The form B sees again carries the current state: saving now is deliberate.
    again = form_data_from(warned)
    assert post(b, url, again, event="From B").status_code == 302
    talk.refresh_from_db()
    assert (talk.title, talk.event) == ("Original", "From B")


def form_data_from(response) -> dict:
    from .admin_forms import FormParser

    parser = FormParser()
    parser.feed(response.content.decode())
    return parser.data


def test_an_edit_to_authors_or_topics_is_a_conflict_too(editors):
    a, b = editors
    publication = make_publication(authors=[make_author(), make_author()], tags=["one"])
    url = change_url(publication)
    form_a, form_b = form_data(a, url), form_data(b, url)
    form_a["tags"] = ["one, two"]
    form_a["authorships-0-DELETE"] = ["on"]
    assert post(a, url, form_a).status_code == 302
    page = html.unescape(post(b, url, form_b, title="B's title").content.decode())
    assert "after you opened it: the topics changed; the authors, in order changed." in page
    publication.refresh_from_db()
    assert publication.authorships.count() == 1
    assert sorted(publication.tags.names()) == ["one", "two"]
    assert not publication.title.startswith("B")


def test_saving_twice_alone_is_no_conflict(editors):
    a, _ = editors
    profile = make_profile()
    url = change_url(profile)
    assert post(a, url, form_data(a, url), headline="First").status_code == 302
    assert post(a, url, form_data(a, url), headline="Second").status_code == 302
    assert Profile.get_solo().headline == "Second"


def test_an_unrelated_form_error_keeps_guarding_the_original_state(editors):
    a, b = editors
    talk = make_talk(title="Original")
    url = change_url(talk)
    form_a, form_b = form_data(a, url), form_data(b, url)
    invalid = post(b, url, form_b, year="not a year")
    assert invalid.status_code == 200
    assert post(a, url, form_a, title="From A").status_code == 302
    # B fixes the year from the re-shown form, which still guards the state B opened.
    response = post(b, url, form_data_from(invalid), year="2019")
    assert "Someone else saved this talk" in response.content.decode()
    assert Talk.objects.get().title == "From A"


def test_a_save_to_an_entry_deleted_meanwhile_does_not_bring_it_back(editors):
    _, b = editors
    talk = make_talk()
    url = change_url(talk)
    form_b = form_data(b, url)
    Talk.objects.all().delete()
    response = post(b, url, form_b)
    assert response.status_code == 302  # the admin says it no longer exists
    assert not Talk.objects.exists()


def test_a_damaged_marker_is_a_form_error(editors):
    _, b = editors
    publication = make_publication(title="Kept")
    url = change_url(publication)
    data = form_data(b, url)
    data["_edit_state"] = ["forged"]
    response = post(b, url, data, title="Changed")
    assert "This form is damaged" in response.content.decode()
    assert Publication.objects.get().title == "Kept"


def test_the_check_locks_the_entry_until_the_save_where_the_database_can(editors):
    """Two saves must not both pass the check before either is written: the entry
    is read FOR UPDATE (PostgreSQL); SQLite's saves queue for its write lock."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, _ = editors
    talk = make_talk()
    url = change_url(talk)
    data = form_data(a, url)
    with CaptureQueriesContext(connection) as queries:
        assert post(a, url, data, title="Locked").status_code == 302
    locked = any("FOR UPDATE" in query["sql"] for query in queries)
    assert locked == connection.features.has_select_for_update
