"""Every admin change is recorded with who and when, and can be undone from the admin."""

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from portfolio.publications.models import Publication

from .admin_forms import FormParser, submit
from .conftest import SAMPLE_CV


@pytest.fixture
def loaded(db):
    call_command("load_cv", str(SAMPLE_CV), verbosity=0)  # the load is itself a revision
    return Publication.objects.get(slug="sparse-routing")


def test_a_change_in_the_admin_is_recorded_with_who_and_when(admin_client, admin_user, loaded):
    url = reverse("admin:publications_publication_change", args=[loaded.pk])
    parser = FormParser()
    parser.feed(admin_client.get(url).content.decode())
    parser.data["title"] = ["Sparse routing, edited"]
    assert admin_client.post(url, parser.data).status_code == 302

    latest = Version.objects.get_for_object(loaded).first()
    assert latest.revision.user == admin_user
    assert latest.revision.date_created is not None
    assert latest.field_dict["title"] == "Sparse routing, edited"
    history = admin_client.get(reverse("admin:publications_publication_history", args=[loaded.pk]))
    assert admin_user.username in history.content.decode()


def test_a_changed_entry_is_restored_with_its_authors_and_topics(admin_client, loaded):
    with reversion.create_revision():
        loaded.title = "Vandalised"
        loaded.save()
        loaded.authorships.filter(position__gt=1).delete()
        loaded.tags.set(["spam"])
    assert len(loaded.ordered_authors()) == 1

    original = Version.objects.get_for_object(loaded).last()  # from the CV load
    url = reverse("admin:publications_publication_revision", args=[loaded.pk, original.pk])
    assert submit(admin_client, url).status_code == 302

    restored = Publication.objects.with_related().get(pk=loaded.pk)
    assert restored.title == "Sparse Routing for Efficient Transformers"
    assert [a.name for a in restored.ordered_authors()] == [
        "Mira Castellanos", "Jonas Weber", "Priya Raman", "Tomás Lind"
    ]  # fmt: skip
    assert sorted(restored.tags.names()) == ["efficiency", "transformers"]


def test_a_deleted_entry_is_recovered(admin_client, loaded):
    delete_url = reverse("admin:publications_publication_delete", args=[loaded.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Publication.objects.filter(slug="sparse-routing").exists()

    recover_list = admin_client.get(reverse("admin:publications_publication_recoverlist"))
    version = Version.objects.get_deleted(Publication).get(object_id=str(loaded.pk))
    url = reverse("admin:publications_publication_recover", args=[version.pk])
    # The list links the deleted entries by their titles.
    link = f'<a href="{url}">Sparse Routing for Efficient Transformers</a>'
    assert link in recover_list.content.decode()
    response = submit(admin_client, url)
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "“Sparse Routing for Efficient Transformers” was recovered" in page
    assert "changed successfully" not in page

    recovered = Publication.objects.with_related().get(slug="sparse-routing")
    assert len(recovered.ordered_authors()) == 4
    assert recovered.arxiv_id == "2101.00001"
    assert sorted(recovered.tags.names()) == ["efficiency", "transformers"]


def test_bulk_actions_are_recorded_too(admin_client, admin_user, loaded):
    changelist = reverse("admin:publications_publication_changelist")
    response = admin_client.post(
        changelist, {"action": "make_hidden", "_selected_action": [loaded.pk]}
    )
    assert response.status_code == 302
    loaded.refresh_from_db()
    assert not loaded.is_published
    latest = Version.objects.get_for_object(loaded).first()
    assert latest.revision.user == admin_user
    assert latest.revision.comment == "Changed public."
    assert latest.field_dict["is_published"] is False


def test_an_entry_never_edited_in_the_admin_is_recovered_as_it_was_deleted(admin_client, db):
    from .factories import make_author, make_publication

    publication = make_publication(title="Made elsewhere", authors=[make_author()], tags=["x"])
    assert not Version.objects.get_for_object(publication).exists()
    changelist = reverse("admin:publications_publication_changelist")
    response = admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [publication.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Publication.objects.exists()

    version = Version.objects.get_deleted(Publication).get(object_id=str(publication.pk))
    assert version.revision.comment == "Deleted"
    url = reverse("admin:publications_publication_recover", args=[version.pk])
    assert submit(admin_client, url).status_code == 302
    recovered = Publication.objects.get(title="Made elsewhere")
    assert len(recovered.ordered_authors()) == 1
    assert list(recovered.tags.names()) == ["x"]


def test_a_deleted_topic_is_recovered_with_what_it_tagged(admin_client, loaded):
    from taggit.models import Tag

    tag = Tag.objects.get(name="efficiency")
    tagged = sorted(p.slug for p in Publication.objects.filter(tags__name="efficiency"))
    assert tagged
    delete_url = reverse("admin:taggit_tag_delete", args=[tag.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Publication.objects.filter(tags__name="efficiency").exists()

    assert (
        "efficiency" in admin_client.get(reverse("admin:taggit_tag_recoverlist")).content.decode()
    )
    version = Version.objects.get_deleted(Tag).get(object_id=str(tag.pk))
    url = reverse("admin:taggit_tag_recover", args=[version.pk])
    assert submit(admin_client, url).status_code == 302
    assert sorted(p.slug for p in Publication.objects.filter(tags__name="efficiency")) == tagged


def test_a_renamed_topic_is_restored_from_its_history(admin_client, db):
    from taggit.models import Tag

    from .factories import make_publication

    make_publication(tags=["metric learning"])
    tag = Tag.objects.get()
    change_url = reverse("admin:taggit_tag_change", args=[tag.pk])
    parser = FormParser()
    parser.feed(admin_client.get(change_url).content.decode())
    assert (
        admin_client.post(change_url, {**parser.data, "name": ["Metric learning"]}).status_code
        == 302
    )
    parser = FormParser()
    parser.feed(admin_client.get(change_url).content.decode())
    assert (
        admin_client.post(change_url, {**parser.data, "name": ["Metric-learning!"]}).status_code
        == 302
    )
    first = Version.objects.get_for_object(tag).order_by("pk").first()
    url = reverse("admin:taggit_tag_revision", args=[tag.pk, first.pk])
    assert submit(admin_client, url).status_code == 302
    tag.refresh_from_db()
    assert tag.name == "Metric learning"


def test_saving_without_touching_the_topics_records_no_topic_change(admin_client, db):
    from django.contrib.admin.models import LogEntry

    from .factories import make_publication

    publication = make_publication(tags=["Sparsity", "optimization", "Ada"])
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    parser = FormParser()
    parser.feed(admin_client.get(url).content.decode())
    parser.data["title"] = ["A new title"]
    assert admin_client.post(url, parser.data).status_code == 302
    message = LogEntry.objects.latest("action_time").get_change_message()
    assert "Title" in message and "Topics" not in message
    parser = FormParser()  # the form as it is after that save
    parser.feed(admin_client.get(url).content.decode())
    parser.data["tags"] = ["Sparsity, optimization"]
    assert admin_client.post(url, parser.data).status_code == 302
    assert "Topics" in LogEntry.objects.latest("action_time").get_change_message()
