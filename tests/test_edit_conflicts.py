"""Editors A and B open the same entry; A saves; B's save from the older form is
refused with what A changed, and nothing of A's is lost."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from portfolio.core import conflicts
from portfolio.pages.models import Page
from portfolio.profile.models import Profile, SkillCategory
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk

from .admin_forms import form_data
from .factories import make_author, make_page, make_profile, make_publication, make_talk


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


# Editable lists: editor A opens a list with editable columns, B saves one of its
# rows from the row's own page, A saves the list.


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def save_list(client, url, data, edits):
    """POST the list ``data`` back with ``edits`` ({pk: {column: value or None}})."""
    data = {**data, "_save": ["Save"]}
    for pk, columns in edits.items():
        (key,) = [k for k, v in data.items() if k.endswith("-id") and v == [str(pk)]]
        prefix = key.removesuffix("-id")
        for column, value in columns.items():
            data.pop(f"{prefix}-{column}", None)
            if value is not None:  # None: a box left unticked
                data[f"{prefix}-{column}"] = [value]
    return client.post(url, data)


def row_of(page: str, pk) -> str:
    """The changelist's table row of the entry ``pk``."""
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)
    (row,) = [row for row in rows if f'name="_selected_action" value="{pk}"' in row]
    return row


def b_saves_page(b, page, **changes):
    url = change_url(page)
    data = {**form_data(b, url), **{k: [v] for k, v in changes.items() if v is not None}}
    for column in [k for k, v in changes.items() if v is None]:
        data.pop(column, None)
    assert b.post(url, data).status_code == 302


def make_category(name, order):
    return SkillCategory.objects.create(name=name, order=order)


# Per list: how to make a row, the column A edits, B's save of a row from its own
# page, what the refusal says of it, and the row's columns as B left them.
LISTS = {
    "free pages": (
        lambda name, order: make_page(title=name, menu_order=order),
        "menu_order",
        {"menu_order": "77", "in_navigation": None},
        "“in the navigation” is now off; the place in the navigation is now “77”.",
        lambda page: (page.in_navigation, page.menu_order),
        (False, 77),
    ),
    "skill categories": (
        make_category,
        "order",
        {"order": "77"},
        "the order is now “77”.",
        lambda category: (category.order,),
        (77,),
    ),
}


@pytest.mark.parametrize("case", LISTS.values(), ids=LISTS.keys())
def test_a_stale_list_does_not_undo_a_save_made_meanwhile(editors, case):
    make, column, b_changes, what, columns, saved_by_b = case
    a, b = editors
    first, other = make("First", 1), make("Fourteen", 0)
    url = changelist_url(type(first))
    listed = form_data(a, url)
    b_saves_page(b, other, **b_changes)

    response = save_list(a, url, listed, {first.pk: {column: "5"}})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert (
        "Nothing in the list was saved: someone else saved “Fourteen” after you opened it."
    ) in page
    assert f"Someone else saved “Fourteen” after you opened this list: {what}" in page
    other.refresh_from_db()
    first.refresh_from_db()
    assert columns(other) == saved_by_b
    assert getattr(first, column) == 1  # the whole list save was refused


def test_the_list_shown_again_holds_the_stored_row_and_saving_again_keeps_both(editors):
    a, b = editors
    first, other = make_page(title="First", menu_order=1), make_page(title="Fourteen")
    url = changelist_url(Page)
    listed = form_data(a, url)
    b_saves_page(b, other, menu_order="77")
    edits = {first.pk: {"menu_order": "5"}, other.pk: {"in_navigation": None}}

    refused = save_list(a, url, listed, edits)

    page = html.unescape(refused.content.decode())
    mine = "This row shows it as stored now, except for your own change to “in the navigation”."
    assert mine in page
    row = row_of(page, other.pk)  # the row moved down (ordered by place): still its own form
    index = re.search(r'name="form-(\d+)-menu_order" value="77"', row).group(1)
    assert re.search(rf'name="form-{index}-in_navigation"(?![^>]*checked)', row)
    assert 'value="5"' in row_of(page, first.pk)
    assert a.post(url, {**form_data_from(refused), "_save": ["Save"]}).status_code == 302
    first.refresh_from_db()
    other.refresh_from_db()
    assert (first.menu_order, other.menu_order, other.in_navigation) == (5, 77, False)


@pytest.mark.parametrize("case", LISTS.values(), ids=LISTS.keys())
def test_a_list_save_with_no_conflict_is_saved(editors, case):
    make, column, *_ = case
    a, b = editors
    first, other = make("First", 1), make("Second", 2)
    url = changelist_url(type(first))
    listed = form_data(a, url)
    # Someone else's edit of what the list does not show is no conflict, and kept.
    name = "title" if isinstance(other, Page) else "name"
    b_saves_page(b, other, **{name: "Renamed by B"})

    assert save_list(a, url, listed, {first.pk: {column: "5"}}).status_code == 302
    first.refresh_from_db()
    other.refresh_from_db()
    assert (getattr(first, column), getattr(other, name)) == (5, "Renamed by B")


def test_a_row_deleted_meanwhile_is_named_and_not_brought_back(editors):
    a, _ = editors
    first, gone = make_page(title="First", menu_order=1), make_page(title="Gone", menu_order=3)
    url = changelist_url(Page)
    listed = form_data(a, url)
    gone.delete()

    refused = save_list(a, url, listed, {first.pk: {"menu_order": "5"}})

    page = html.unescape(refused.content.decode())
    assert "Nothing in the list was saved: someone else deleted “Gone” after you opened" in page
    assert list(Page.objects.values_list("title", "menu_order")) == [("First", 1)]
    # The list shown again leaves it out, and saves.
    assert "Gone" not in page.split('id="result_list"')[1]
    assert a.post(url, {**form_data_from(refused), "_save": ["Save"]}).status_code == 302
    assert list(Page.objects.values_list("title", "menu_order")) == [("First", 5)]


def test_a_damaged_row_marker_is_a_row_error(editors):
    a, _ = editors
    page = make_page(title="Kept", menu_order=1)
    url = changelist_url(Page)
    listed = form_data(a, url)
    listed["form-0-edit_state"] = ["forged"]
    response = save_list(a, url, listed, {page.pk: {"menu_order": "5"}})
    assert "This row is damaged" in response.content.decode()
    assert Page.objects.get().menu_order == 1


def test_the_list_check_locks_its_rows_until_the_save_where_the_database_can(editors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, _ = editors
    page = make_page(menu_order=1)
    url = changelist_url(Page)
    listed = form_data(a, url)
    with CaptureQueriesContext(connection) as queries:
        assert save_list(a, url, listed, {page.pk: {"menu_order": "5"}}).status_code == 302
    locked = any("FOR UPDATE" in query["sql"] for query in queries)
    assert locked == connection.features.has_select_for_update


def test_every_editable_list_checks_its_rows(rf, admin_user):
    from django.contrib import admin

    request = rf.get("/")
    request.user = admin_user
    editable = [ma for ma in admin.site._registry.values() if ma.list_editable]
    assert len(editable) >= 2
    for model_admin in editable:
        formset = model_admin.get_changelist_formset(request)
        assert issubclass(formset, conflicts.RowFormSet), model_admin
        assert issubclass(formset.form, conflicts.RowForm), model_admin


def test_an_action_from_a_list_opened_earlier_keeps_a_save_made_meanwhile(editors):
    """Actions take no values from the page, only which entries: hiding an entry
    someone else has just edited hides it and keeps their edit."""
    a, b = editors
    page = make_page(title="Original", menu_order=1)
    url = changelist_url(Page)
    form_data(a, url)
    b_saves_page(b, page, title="From B", menu_order="7")
    data = {"action": ["make_hidden"], "_selected_action": [str(page.pk)], "index": ["0"]}
    assert a.post(url, data).status_code == 302
    page.refresh_from_db()
    assert (page.title, page.menu_order, page.is_published) == ("From B", 7, False)
