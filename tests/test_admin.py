"""The admin: every page renders, bad input is a form error, lists stay cheap."""

import json
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import capfirst

from portfolio.core.registry import content_types
from portfolio.positions.models import Position
from portfolio.profile.models import Profile
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk

from .factories import make_author, make_publication

REGISTERED = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in {"profile", "publications", "positions", "talks", "taggit"}
    ),
    key=lambda model: model._meta.label,
)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_content_model_is_in_the_admin():
    labels = {model._meta.label for model in REGISTERED}
    assert {
        "profile.Profile",
        "profile.Award",
        "profile.SkillCategory",
        "profile.Skill",
        "profile.Language",
        "publications.Publication",
        "publications.Author",
        "positions.Position",
        "talks.Talk",
        "taggit.Tag",
    } <= labels


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_and_change_pages_render(admin_client, cv, model):
    response = admin_client.get(admin_url(model, "changelist"), follow=True)
    assert response.status_code == 200
    obj = model.objects.first()
    assert obj is not None, f"the CV fixture has no {model._meta.label}"
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model", [m for m in REGISTERED if m is not Profile], ids=lambda model: model._meta.label
)
def test_add_pages_render(admin_client, db, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_changelist_search_and_filters_work(admin_client, cv):
    url = admin_url(Publication, "changelist")
    response = admin_client.get(url, {"q": "Sparse Routing"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    assert admin_client.get(url, {"kind__exact": "preprint"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"year": "2021"}).context["cl"].result_count == 1
    tag_id = Publication.objects.get(slug="sparse-routing").tags.get(name="efficiency").pk
    assert admin_client.get(url, {"tags__id__exact": tag_id}).context["cl"].result_count == 3
    talks = admin_client.get(admin_url(Talk, "changelist"), {"q": "Northfield"})
    assert talks.context["cl"].result_count == 1


def test_the_profile_is_a_singleton_in_the_admin(admin_client, db):
    changelist = admin_url(Profile, "changelist")
    assert admin_client.get(changelist).status_code == 200
    profile = Profile.objects.create(name="Ada")
    assert admin_client.get(changelist).url == admin_url(Profile, "change", profile.pk)
    assert admin_client.get(admin_url(Profile, "add")).status_code == 403


def publication_form(**overrides):
    data = {
        "title": "A new paper",
        "slug": "a-new-paper",
        "kind": "conference",
        "tags": "metric learning, optimization",
        "is_published": "on",
        "venue": "",
        "venue_short": "ICLR 2019",
        "note": "",
        "year": "2019",
        "month": "5",
        "abstract": "",
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_a_publication_is_added_with_ordered_authors_links_and_tags(admin_client, db):
    first, second = make_author(family_name="Zeta"), make_author(family_name="Alpha")
    data = publication_form(
        **{
            "authorships-TOTAL_FORMS": "2",
            "authorships-0-position": "1",
            "authorships-0-author": str(first.pk),
            "authorships-1-position": "2",
            "authorships-1-author": str(second.pk),
            "links-TOTAL_FORMS": "1",
            "links-0-kind": "arxiv",
            "links-0-url": "https://arxiv.org/abs/1412.6622",
            "links-0-order": "0",
        }
    )
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication = Publication.objects.get(slug="a-new-paper")
    assert publication.ordered_authors() == [first, second]
    assert publication.arxiv_id == "1412.6622"
    assert sorted(publication.tags.names()) == ["metric learning", "optimization"]


def errors_of(response) -> str:
    """All error messages a rejected admin form shows, as one string."""
    assert response.status_code == 200
    form = response.context["adminform"].form
    messages = [str(form.errors)]
    for formset in response.context["inline_admin_formsets"]:
        messages += [str(formset.formset.errors), str(formset.formset.non_form_errors())]
    return " ".join(messages)


@pytest.mark.parametrize(
    ("kind", "typed", "saved"),
    [
        ("doi", "10.1000/xyz123", "https://doi.org/10.1000/xyz123"),
        ("doi", "doi:10.1000/xyz123", "https://doi.org/10.1000/xyz123"),
        ("arxiv", "arXiv:1901.09335v2", "https://arxiv.org/abs/1901.09335"),
        ("arxiv", "1901.09335", "https://arxiv.org/abs/1901.09335"),
        ("pdf", "example.org/paper.pdf", "https://example.org/paper.pdf"),
    ],
)
def test_a_bare_doi_or_arxiv_id_is_taken_as_its_link(admin_client, db, kind, typed, saved):
    data = publication_form(
        **{
            "links-TOTAL_FORMS": "1",
            "links-0-kind": kind,
            "links-0-url": typed,
            "links-0-order": "0",
        }
    )
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert response.status_code == 302, errors_of(response)
    assert Publication.objects.get().links.get().url == saved


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("profile.profile", "bio"),
        ("publications.publication", "abstract"),
        ("talks.talk", "abstract"),
        ("positions.position", "description"),
    ],
)
def test_markdown_fields_say_so_in_the_admin(admin_client, db, model, field):
    from django.apps import apps

    model = apps.get_model(model)
    html = admin_client.get(admin_url(model, "add")).content.decode()
    help_id = f"id_{field}_helptext"
    assert help_id in html
    assert "Markdown: *italic*, **bold**" in html.split(help_id, 1)[1][:300]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required"),
        ({"slug": "taken"}, "Publication with this Slug already exists"),
        ({"slug": "not a slug!"}, "Enter a valid “slug”"),
        ({"slug": "סלאג-עברי"}, "Enter a valid “slug”"),
        ({"title": "x" * 10_000}, "Ensure this value has at most 500 characters"),
        ({"venue_short": '"><img src=x onerror=alert(1)>' * 10}, "at most 100 characters"),
        ({"year": "twenty"}, "Enter a whole number"),
        (
            {
                "links-TOTAL_FORMS": "1",
                "links-0-kind": "pdf",
                "links-0-url": "javascript:alert(1)",
                "links-0-order": "0",
            },
            "Enter a valid URL",
        ),
        ({"slug": "by-year"}, "taken by the addresses of the publication filters"),
        (
            {
                "links-TOTAL_FORMS": "1",
                "links-0-kind": "doi",
                "links-0-url": "https://example.org/paper",
                "links-0-order": "0",
            },
            "A DOI link looks like",
        ),
    ],
)
def test_bad_publication_input_is_a_form_error(admin_client, db, overrides, message):
    make_publication(slug="taken")
    response = admin_client.post(admin_url(Publication, "add"), publication_form(**overrides))
    assert message in errors_of(response)
    assert Publication.objects.count() == 1


def test_two_authors_in_one_position_is_a_form_error(admin_client, db):
    first, second = make_author(), make_author()
    data = publication_form(
        **{
            "authorships-TOTAL_FORMS": "2",
            "authorships-0-position": "1",
            "authorships-0-author": str(first.pk),
            "authorships-1-position": "1",
            "authorships-1-author": str(second.pk),
        }
    )
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert f"{first} and {second} are both at position 1" in errors_of(response)
    assert not Publication.objects.exists()


def test_one_author_twice_is_a_form_error_naming_them(admin_client, db):
    author = make_author(given_name="Jonas", family_name="Weber")
    data = publication_form(
        **{
            "authorships-TOTAL_FORMS": "2",
            "authorships-0-position": "1",
            "authorships-0-author": str(author.pk),
            "authorships-1-position": "2",
            "authorships-1-author": str(author.pk),
        }
    )
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert "Jonas Weber is on the list twice (positions 1 and 2)" in errors_of(response)
    assert not Publication.objects.exists()


def test_authors_added_without_a_number_follow_in_order(admin_client, db):
    first, second, third = make_author(), make_author(), make_author()
    data = publication_form(
        **{
            "authorships-TOTAL_FORMS": "3",
            "authorships-0-position": "",
            "authorships-0-author": str(first.pk),
            "authorships-1-position": "2",
            "authorships-1-author": str(second.pk),
            "authorships-2-position": "",
            "authorships-2-author": str(third.pk),
        }
    )
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert response.status_code == 302, errors_of(response)
    publication = Publication.objects.get()
    assert [(a.position, a.author) for a in publication.authorships.all()] == [
        (1, first), (2, second), (3, third),
    ]  # fmt: skip


@pytest.mark.parametrize("swap", ["position", "author"])
def test_authors_can_trade_places(admin_client, db, swap):
    first, second, third = make_author(), make_author(), make_author()
    publication = make_publication(authors=[first, second, third])
    rows = list(publication.authorships.order_by("position"))
    data = publication_form(
        title=publication.title, slug=publication.slug, venue_short="", month="",
        year=str(publication.year), tags="",
        **{"authorships-TOTAL_FORMS": "3", "authorships-INITIAL_FORMS": "3"},
    )  # fmt: skip
    for i, row in enumerate(rows):
        data |= {
            f"authorships-{i}-id": str(row.pk),
            f"authorships-{i}-publication": str(publication.pk),
            f"authorships-{i}-position": str(row.position),
            f"authorships-{i}-author": str(row.author_id),
        }
    if swap == "position":  # the first two trade positions
        data["authorships-0-position"], data["authorships-1-position"] = "2", "1"
    else:  # the first two positions trade people
        data["authorships-0-author"], data["authorships-1-author"] = str(second.pk), str(first.pk)
    data["authorships-2-DELETE"] = "on"

    response = admin_client.post(admin_url(Publication, "change", publication.pk), data)
    assert response.status_code == 302, errors_of(response)
    publication.refresh_from_db()
    assert publication.ordered_authors() == [second, first]
    assert publication.authorships.count() == 2


def position_form(**overrides):
    data = {
        "kind": "employment",
        "role": "Researcher",
        "organisation": "Acme Labs",
        "unit": "",
        "location": "",
        "tags": "",
        "start_year": "2015",
        "start_month": "",
        "end_year": "2016",
        "end_month": "",
        "description": "",
        "is_published": "on",
        "degree": "",
        "field": "",
        "specialisation": "",
        "research_topic": "",
        "advisor": "",
        "grade": "",
        "honours": "",
        "thesis": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_year": "2016", "end_year": "2015"}, "The end date is before the start date"),
        ({"is_current": "on"}, "An ongoing entry has no end date"),
        ({"organisation": ""}, "This field is required"),
        ({"role": "x" * 10_000}, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_position_input_is_a_form_error(admin_client, db, overrides, message):
    response = admin_client.post(admin_url(Position, "add"), position_form(**overrides))
    assert message in errors_of(response)
    assert not Position.objects.exists()


def test_a_valid_position_is_saved(admin_client, db):
    response = admin_client.post(admin_url(Position, "add"), position_form(tags="deep learning"))
    assert response.status_code == 302
    assert Position.objects.get().tags.names()[0] == "deep learning"


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("model", "factory_tags"),
    [(Publication, ["a", "b"]), (Talk, ["a"]), (Position, ["a", "c"])],
)
def test_changelist_queries_do_not_grow_with_rows(admin_client, db, model, factory_tags):
    from . import factories

    factory = {
        Publication: factories.make_publication,
        Talk: factories.make_talk,
        Position: factories.make_position,
    }[model]
    url = admin_url(model, "changelist")
    for _ in range(3):
        factory(tags=factory_tags)
    few = count_queries(admin_client, url)
    for _ in range(30):
        factory(tags=factory_tags)
    many = count_queries(admin_client, url)
    assert few == many


def profile_form(**overrides):
    data = {
        "name": "Ada Researcher",
        "headline": "",
        "bio": "",
        "interests": "",
        "email": "",
        "website": "",
        "phone": "",
        "birth_date": "",
        "birth_place": "",
        "accent_colour": "#0b55a3",
        "font": "sans",
        "author_list_limit": "10",
        "citation_style": "apa",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_profile_photo_is_uploaded(admin_client, db, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    response = admin_client.post(admin_url(Profile, "add"), profile_form(photo=photo))
    assert response.status_code == 302
    assert Profile.get_solo().photo.name.startswith("profile/me")


def test_a_file_that_is_not_an_image_is_a_form_error(admin_client, db, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("me.jpg", b"not an image", content_type="image/jpeg")
    response = admin_client.post(admin_url(Profile, "add"), profile_form(photo=fake))
    assert "The file is not an image" in errors_of(response)
    assert not Profile.objects.exists()


def test_a_malformed_profile_link_is_a_form_error(admin_client, db):
    data = profile_form(
        **{
            "links-TOTAL_FORMS": "1",
            "links-0-kind": "github",
            "links-0-url": "javascript:alert(1)",
            "links-0-order": "0",
            "links-0-is_public": "on",
        }
    )
    response = admin_client.post(admin_url(Profile, "add"), data)
    assert "Enter a valid URL" in errors_of(response)
    assert not Profile.objects.exists()


def test_view_on_site_is_offered_for_public_entries_only(admin_client, db):
    shown = make_publication()
    hidden = make_publication(is_published=False)
    response = admin_client.get(admin_url(Publication, "change", shown.pk))
    assert shown.get_absolute_url() in response.content.decode()
    assert "View on site" in response.content.decode()
    response = admin_client.get(admin_url(Publication, "change", hidden.pk))
    assert "View on site" not in response.content.decode()


def test_an_empty_citation_key_is_made_from_the_first_author(admin_client, db):
    author = make_author(family_name="Müller")
    data = publication_form(
        **{
            "title": "The deep question",
            "citation_key": "",
            "authorships-TOTAL_FORMS": "1",
            "authorships-0-position": "1",
            "authorships-0-author": str(author.pk),
        }
    )
    assert admin_client.post(admin_url(Publication, "add"), data).status_code == 302
    assert Publication.objects.get().citation_key == "muller2019deep"


@pytest.mark.parametrize("width", [640, None])
def test_a_profile_whose_photo_file_is_missing_still_works(
    admin_client, client, db, settings, tmp_path, width
):
    """A database copied or a CV loaded without its media folder."""
    settings.MEDIA_ROOT = tmp_path
    Profile.objects.create(
        name="Ada Researcher", photo="profile/missing.jpg", photo_width=width, photo_height=width
    )
    home = client.get("/")
    assert home.status_code == 200
    assert b"missing.jpg" not in home.content  # no broken image
    assert client.get("/cv.json").status_code == 200
    profile = Profile.get_solo()
    response = admin_client.get(admin_url(Profile, "change", profile.pk))
    assert response.status_code == 200
    response = admin_client.post(
        admin_url(Profile, "change", profile.pk), profile_form(headline="Researcher")
    )
    assert response.status_code == 302, errors_of(response)
    assert Profile.get_solo().headline == "Researcher"


def test_positions_are_filtered_by_the_years_they_were_held(admin_client, db):
    from .factories import make_position

    make_position(role="Engineer", start_year=2010, end_year=2014)
    make_position(role="Student", start_year=2014, is_current=True)
    make_position(role="Intern", start_year=2008)
    make_position(role="Volunteer")  # no dates
    url = admin_url(Position, "changelist")

    def roles(year):
        response = admin_client.get(url, {"year": year})
        assert response.status_code == 200
        return sorted(p.role for p in response.context["cl"].result_list)

    assert roles("2012") == ["Engineer"]
    assert roles("2014") == ["Engineer", "Student"]
    assert roles("2008") == ["Intern"]
    assert roles("2009") == []
    for odd in ("soon", "²", "١٢", "9" * 30):
        assert roles(odd) == ["Engineer", "Intern", "Student", "Volunteer"]
    choices = admin_client.get(url).context["cl"].filter_specs[1].lookup_choices
    assert ("2010", "2010") in choices and ("2009", "2009") not in choices


def test_the_admin_index_opens_on_the_owners_work(admin_client, cv):
    html = admin_client.get(reverse("admin:index")).content.decode()
    sections = re.findall(r'class="section"[^>]*>([^<]+)</a>', html)
    assert sections == ["Your portfolio", "More of your CV", "Accounts and security"]
    portfolio, cv_part, accounts = re.split(r'class="section"', html)[1:4]
    names = re.findall(
        r'<th scope="row" id="[^"]+">\s*<a href="[^"]+"[^>]*>([^<]+)</a>', portfolio
    )
    ours = [
        "Profile", "Publications", "Authors", "Talks", "Projects", "Courses", "News", "Pages",
        "Positions", "Topics",
    ]  # fmt: skip
    # A content type added later, without a place of its own, comes after these.
    registered = {capfirst(t.model_class._meta.verbose_name_plural) for t in content_types()}
    assert names[: len(ours)] == ours and set(names[len(ours) :]) <= registered
    assert "Awards" in cv_part and "Languages" in cv_part and "Users" not in cv_part
    assert "Users" in accounts and "Access attempts" in accounts


def test_the_dashboard_counts_hidden_entries_and_offers_the_main_actions(admin_client, cv):
    hidden = make_publication(title="A hidden draft", is_published=False)
    html = admin_client.get(reverse("admin:index")).content.decode()
    dashboard = html.split('id="dashboard"', 1)[1].split('class="app-portfolio')[0]
    public = Publication.objects.published().count()
    assert re.search(rf">Publications</a>\s*</th>\s*<td>{public}</td>", dashboard)
    assert f'href="{admin_url(Publication, "change", hidden.pk)}">A hidden draft</a>' in dashboard
    actions = (
        "Add a publication", "Add by DOI, arXiv or PubMed id", "Import BibTeX",
        "Import from ORCID", "View the site", "Export the CV",
    )  # fmt: skip
    for action in actions:
        assert action in dashboard
    response = admin_client.get(reverse("admin:export_cv"))
    assert response["Content-Disposition"] == 'attachment; filename="cv.json"'
    assert any(row["model"] == "publications.publication" for row in json.loads(response.content))


def test_only_a_superuser_exports_the_cv(client, db, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_publication"))
    client.force_login(editor)
    assert client.get(reverse("admin:export_cv")).status_code == 403
    html = client.get(reverse("admin:index")).content.decode()
    assert "Export the CV" not in html and "Import BibTeX" not in html


def test_an_address_typed_into_a_refused_form_is_a_plain_box(admin_client, db):
    data = publication_form(
        title="",
        **{
            "links-TOTAL_FORMS": "1",
            "links-0-kind": "pdf",
            "links-0-url": "https://example.org/paper.pdf",
            "links-0-order": "0",
        },
    )
    html = admin_client.post(admin_url(Publication, "add"), data).content.decode()
    assert 'value="https://example.org/paper.pdf"' in html
    assert "Currently:" not in html


def authors_form(*rows):
    """Author rows: (position, picked author or None, typed name)."""
    data = {"authorships-TOTAL_FORMS": str(len(rows))}
    for i, (position, picked, typed) in enumerate(rows):
        data[f"authorships-{i}-position"] = str(position or "")
        data[f"authorships-{i}-author"] = str(picked.pk) if picked else ""
        data[f"authorships-{i}-new_author"] = typed
    return publication_form(**data)


def test_a_new_coauthor_is_typed_in_place(admin_client, db):
    from portfolio.publications.models import Author

    known = make_author(given_name="Jonas", family_name="Weber")
    data = authors_form((1, known, ""), (2, None, "Ada Lovelace"), (3, None, "van Dijk, Lotte"),
                        (4, None, "  jonas   WEBER  "))  # fmt: skip
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert "Jonas Weber is on the list twice (positions 1 and 4)" in errors_of(response)
    data = authors_form((1, known, ""), (2, None, "Ada Lovelace"), (3, None, "van Dijk, Lotte"))
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert response.status_code == 302, errors_of(response)
    authors = Publication.objects.get().ordered_authors()
    assert [(a.given_name, a.family_name, a.slug) for a in authors] == [
        ("Jonas", "Weber", known.slug), ("Ada", "Lovelace", "ada-lovelace"),
        ("Lotte", "van Dijk", "lotte-van-dijk"),
    ]  # fmt: skip
    assert Author.objects.count() == 3


def test_a_typed_name_of_someone_here_is_that_person(admin_client, db):
    from portfolio.publications.models import Author

    known = make_author(given_name="Jonas", family_name="Weber")
    response = admin_client.post(
        admin_url(Publication, "add"), authors_form((1, None, "jonas weber"))
    )
    assert response.status_code == 302, errors_of(response)
    assert Publication.objects.get().ordered_authors() == [known]
    assert Author.objects.count() == 1


def test_picking_and_typing_in_one_row_is_a_form_error(admin_client, db):
    known = make_author()
    response = admin_client.post(
        admin_url(Publication, "add"), authors_form((1, known, "Ada Lovelace"))
    )
    assert "Pick an author or type a new one's name, not both" in errors_of(response)


def test_adding_an_author_who_is_here_points_to_them(admin_client, db):
    from portfolio.publications.models import Author

    known = make_author(given_name="Jonas", family_name="Weber")
    data = {"given_name": "jonas", "family_name": "Weber", "slug": "", "url": ""}
    response = admin_client.post(admin_url(Author, "add"), data)
    change = admin_url(Author, "change", known.pk)
    assert f'Jonas Weber is already here: <a href="{change}">open their page</a>' in (
        response.content.decode()
    )
    data.update(given_name="Ada", family_name="Lovelace")
    assert admin_client.post(admin_url(Author, "add"), data).status_code == 302
    assert Author.objects.get(family_name="Lovelace").slug == "ada-lovelace"


def test_the_markdown_preview_renders_and_sanitises_like_the_pages(admin_client, client, db):
    url = reverse("admin:markdown_preview")
    response = admin_client.post(
        url, {"text": "We **train** <script>alert(1)</script> [x](javascript:y)"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<strong>train</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert admin_client.get(url).status_code == 405
    assert client.post(url, {"text": "x"}).status_code == 302  # to the login page
    page = admin_client.get(admin_url(Publication, "add")).content.decode()
    assert f'data-markdown-preview="{url}"' in page and "core/markdown-preview" in page


def test_a_topic_typed_in_another_case_says_which_spelling_it_keeps(admin_client, db):
    make_publication(tags=["sparsity"])
    data = publication_form(tags="Sparsity, a new topic")
    response = admin_client.post(admin_url(Publication, "add"), data, follow=True)
    assert list(Publication.objects.get(slug="a-new-paper").tags.names()) in (
        ["sparsity", "a new topic"], ["a new topic", "sparsity"],
    )  # fmt: skip
    html = response.content.decode()
    assert "“Sparsity” is the topic “sparsity”, already used: it keeps that spelling." in html
    assert f'rename it under <a href="{reverse("admin:taggit_tag_changelist")}">Topics</a>' in html
