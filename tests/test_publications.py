import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from portfolio.publications.models import Author, Authorship, Publication, PublicationLink

from .factories import make_author, make_publication


@pytest.mark.django_db
def test_authors_keep_their_order():
    first, second, third = make_author(), make_author(), make_author()
    publication = make_publication(authors=[third, first, second])
    assert publication.ordered_authors() == [third, first, second]
    assert list(first.publications.all()) == [publication]


@pytest.mark.django_db
def test_an_author_appears_once_and_a_position_holds_one_author():
    author, other = make_author(), make_author()
    publication = make_publication(authors=[author])

    duplicate_author = Authorship(publication=publication, author=author, position=2)
    with pytest.raises(ValidationError, match="already on this publication"):
        duplicate_author.full_clean()
    shared_position = Authorship(publication=publication, author=other, position=1)
    with pytest.raises(ValidationError, match="cannot share a position"):
        shared_position.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        shared_position.save()


@pytest.mark.django_db
def test_only_one_author_is_the_site_owner():
    make_author(is_owner=True)
    candidate = Author(family_name="Other", slug="other", is_owner=True)
    with pytest.raises(ValidationError, match="Only one author"):
        candidate.full_clean()


@pytest.mark.django_db
def test_deleting_an_author_with_papers_is_refused():
    author = make_author()
    make_publication(authors=[author])
    with pytest.raises(ProtectedError):
        author.delete()


@pytest.mark.django_db
def test_cv_order_groups_by_kind_then_newest_first():
    preprint = make_publication(kind="preprint", year=2018, month=2)
    workshop_old = make_publication(kind="workshop", year=2015, month=5)
    conference = make_publication(kind="conference", year=2015, month=10)
    workshop_new = make_publication(kind="workshop", year=2018, month=12)
    journal = make_publication(kind="journal", year=2010)

    ordered = list(Publication.objects.in_cv_order())
    assert ordered == [conference, journal, workshop_new, workshop_old, preprint]


@pytest.mark.django_db
def test_versions_of_the_same_work_point_both_ways():
    workshop = make_publication(kind="workshop")
    conference = make_publication(kind="conference")
    workshop.versions.add(conference)
    assert list(conference.versions.all()) == [workshop]


@pytest.mark.django_db
def test_arxiv_id_and_doi_come_from_typed_links():
    publication = make_publication(
        links=[
            ("doi", "https://doi.org/10.1007/978-3-319-24261-3_7"),
            ("arxiv", "https://arxiv.org/abs/1412.6622v3"),
        ]
    )
    publication = Publication.objects.with_related().get(pk=publication.pk)
    assert publication.arxiv_id == "1412.6622"
    assert publication.doi == "10.1007/978-3-319-24261-3_7"


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("pdf", "javascript:alert(1)"),
        ("pdf", "data:text/html,<script>alert(1)</script>"),
        ("code", "ftp://example.org/code.zip"),
        ("pdf", "not a url"),
        ("arxiv", "https://example.org/abs/1412.6622"),
        ("doi", "https://example.org/10.1000/xyz"),
    ],
)
def test_bad_links_are_refused(kind, url):
    link = PublicationLink(kind=kind, url=url, publication=Publication(title="T", year=2018))
    with pytest.raises(ValidationError) as error:
        link.full_clean(exclude=["publication"])
    assert "url" in error.value.message_dict


def test_a_publication_needs_a_title_and_a_plausible_year():
    publication = Publication(title="", slug="x", year=3000)
    with pytest.raises(ValidationError) as error:
        publication.full_clean(validate_unique=False)
    assert {"title", "year"} <= set(error.value.message_dict)


@pytest.mark.django_db
def test_a_generated_citation_key_fits_its_column():
    author = make_author(family_name="Q" * 100)
    publication = make_publication(title="W" * 300, authors=[author], citation_key="")
    publication.citation_key = publication.make_citation_key(author)
    assert len(publication.citation_key) <= 100
    publication.full_clean()


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/?q=arxiv.org/abs/1412.6622",
        "https://arxiv.org/abs/1412.6622/../../evil",
        "https://doi.org/10.1/x",
    ],
)
def test_arxiv_and_doi_links_must_be_exactly_that(url):
    kind = "doi" if "doi.org" in url else "arxiv"
    link = PublicationLink(kind=kind, url=url, publication=Publication(title="T", year=2018))
    with pytest.raises(ValidationError):
        link.full_clean(exclude=["publication"])


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["topic", "kind", "year", "by-year"])
def test_a_slug_the_list_filters_use_is_refused(slug):
    from portfolio.core.models import unique_slug

    publication = make_publication()
    publication.slug = slug
    with pytest.raises(ValidationError, match="reserved"):
        publication.full_clean()
    # A slug made from a title steps around them.
    assert unique_slug(Publication, slug.replace("-", " ").title()) == f"{slug}-2"


@pytest.mark.django_db
def test_the_migration_renames_a_reserved_slug():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("portfolio.publications.migrations.0002_reserved_slugs")
    make_publication(slug="year-paper")
    reserved = make_publication(slug="slug-for-now")
    Publication.objects.filter(pk=reserved.pk).update(slug="year")
    migration.rename_reserved_slugs(apps, None)
    reserved.refresh_from_db()
    assert reserved.slug == "year-paper-2"


@pytest.mark.django_db
def test_a_stored_kind_the_admin_would_refuse_is_shown_as_other(client, caplog):
    from django.urls import reverse

    paper = make_publication(title="Odd kind", kind="journal")
    make_publication(title="An other", kind="other")
    Publication.objects.filter(pk=paper.pk).update(kind="bogus")
    for url in (
        reverse("website:cv"),
        reverse("publications:list"),
        paper.get_absolute_url(),
        reverse("publications:bibtex", args=[paper.slug]),
        reverse("publications:list_bibtex"),
    ):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("publications:list")).content.decode()
    assert html.count(">Other</h2>") == 1 and "Odd kind" in html
    assert client.get(reverse("website:cv")).content.decode().count(">Other</h") == 1
    bib = client.get(reverse("publications:bibtex", args=[paper.slug])).content.decode()
    assert bib.startswith("@misc{")
    assert "kind 'bogus' is not one of" in caplog.text
