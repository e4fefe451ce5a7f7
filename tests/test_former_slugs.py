"""An entry whose slug is changed keeps its old address: it redirects."""

import pytest
from django.urls import reverse

from portfolio.core.models import FormerSlug

from .factories import make_author, make_publication, make_talk


@pytest.fixture
def moved(db):
    publication = make_publication(slug="old-paper")
    publication.slug = "new-paper"
    publication.save()
    return publication


def test_an_old_publication_address_redirects_to_the_new_one(client, moved):
    response = client.get("/publications/old-paper/")
    assert response.status_code == 301 and response["Location"] == "/publications/new-paper/"
    response = client.get("/publications/old-paper.bib")
    assert response.status_code == 301 and response["Location"] == "/publications/new-paper.bib"
    assert client.get("/publications/new-paper/").status_code == 200


def test_a_chain_of_renames_leads_to_the_current_page(client, moved):
    moved.slug = "newest-paper"
    moved.save()
    for old in ("old-paper", "new-paper"):
        response = client.get(f"/publications/{old}/")
        assert response["Location"] == "/publications/newest-paper/"


def test_a_slug_taken_again_is_the_new_entry_not_a_redirect(client, moved):
    make_publication(slug="old-paper", title="Another paper")
    response = client.get("/publications/old-paper/")
    assert response.status_code == 200 and b"Another paper" in response.content
    assert not FormerSlug.objects.filter(slug="old-paper").exists()


def test_a_hidden_or_deleted_entry_is_not_revealed_by_its_old_address(client, moved):
    moved.is_published = False
    moved.save()
    assert client.get("/publications/old-paper/").status_code == 404
    moved.delete()
    assert not FormerSlug.objects.exists()
    assert client.get("/publications/old-paper/").status_code == 404


def test_talks_and_authors_keep_their_old_addresses(client, db):
    talk = make_talk(slug="old-talk")
    talk.slug = "new-talk"
    talk.save()
    assert client.get("/talks/old-talk/")["Location"] == reverse("talks:detail", args=["new-talk"])
    author = make_author(slug="old-name")
    make_publication(authors=[author])
    author.slug = "new-name"
    author.save()
    response = client.get("/authors/old-name/")
    assert response["Location"] == reverse("publications:author", args=["new-name"])


def test_an_address_that_never_was_is_a_404(client, moved):
    assert client.get("/publications/never-was/").status_code == 404
    assert client.get("/publications/never-was.bib").status_code == 404


def test_an_author_without_public_papers_is_not_revealed_by_an_old_address(client, db):
    author = make_author(slug="old-name")
    make_publication(authors=[author], is_published=False)
    author.slug = "secret-new-name"
    author.save()
    response = client.get("/authors/old-name/")
    assert response.status_code == 404 and "secret" not in response.get("Location", "")


def test_a_rename_that_fails_records_nothing(db, moved):
    from django.db import IntegrityError, transaction

    make_publication(slug="taken")
    moved.slug = "taken"
    with pytest.raises(IntegrityError), transaction.atomic():
        moved.save()
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["old-paper"]


def test_deletes_elsewhere_stay_fast(db):
    """The listeners are on the models that keep former slugs only: a delete
    listener on every model would make every bulk delete load its rows."""
    from django.contrib.sessions.models import Session
    from django.db.models.deletion import Collector

    assert Collector(using="default").can_fast_delete(Session.objects.all())
