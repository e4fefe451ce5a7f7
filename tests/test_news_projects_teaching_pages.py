"""News, projects, teaching and free pages: admin, public pages, visibility,
history, navigation, feeds, exports and the fixture."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
import reversion
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse, set_script_prefix
from PIL import Image
from reversion.models import Version
from taggit.models import Tag

from portfolio.core import registry
from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.projects.models import Project
from portfolio.teaching.models import Course

from .admin_forms import form_data, submit
from .factories import (
    make_author,
    make_course,
    make_news,
    make_page,
    make_project,
    make_publication,
    make_talk,
)

NEW_TYPES = {
    "news.newsitem": make_news,
    "projects.project": make_project,
    "teaching.course": make_course,
    "freepages.page": make_page,
}


def button(url, icon, label) -> str:
    """A link as a button (see includes/link_button.html), its white space run together."""
    use = f'<use href="/static/profile/icons.svg#{icon}" />'
    return (
        f'<a class="btn" href="{url}" ><svg class="icon" aria-hidden="true">{use}</svg>{label}</a>'
    )


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(response.getvalue().decode().split())


def nav_of(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html).group(1)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


# --- Admin --------------------------------------------------------------------------


@pytest.mark.parametrize("label", NEW_TYPES)
def test_each_new_type_is_listed_searched_filtered_and_added_in_the_admin(admin_client, db, label):
    app, model = label.split(".")
    make = NEW_TYPES[label]
    make(title="Findable entry", tags=["alpha"])
    make(title="Other entry", is_published=False)
    changelist = reverse(f"admin:{app}_{model}_changelist")
    html = html_of(admin_client, changelist + "?q=findable")
    assert "Findable entry" in html and "Other entry" not in html
    html = html_of(admin_client, changelist + "?is_published__exact=0")
    assert "Other entry" in html and "Findable entry" not in html
    alpha = Tag.objects.get(name="alpha").pk
    html = html_of(admin_client, changelist + f"?tags__id__exact={alpha}")
    assert "Findable entry" in html

    # Added with an empty slug: it is made from the title.
    add = reverse(f"admin:{app}_{model}_add")
    data = form_data(admin_client, add)
    data.update(title=["A Brand New Entry"], slug=[""], tags=["alpha, Beta"])
    if label == "news.newsitem":
        data.update(date=["2024-05-01"])
    response = admin_client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = registry.content_types()[
        [ct.model for ct in registry.content_types()].index(label)
    ].model_class.objects.get(title="A Brand New Entry")
    assert entry.slug == "a-brand-new-entry"
    assert sorted(entry.tags.names()) == ["Beta", "alpha"]
    # "View on site" leads to its public page.
    change = html_of(admin_client, reverse(f"admin:{app}_{model}_change", args=[entry.pk]))
    assert 'class="viewsitelink"' in change
    assert admin_client.get(entry.get_absolute_url()).status_code == 200


# A project's image and a publication's teaser: the same rules and the same markup.
PICTURED = {
    "project": ("projects", "project", "projects:list", {}),
    "publication": ("publications", "publication", "publications:list", {"year": "2024"}),
}


@pytest.mark.parametrize("kind", PICTURED)
def test_the_admin_refuses_an_image_without_a_description(
    admin_client, db, settings, tmp_path, kind
):
    app, model_name, list_name, required = PICTURED[kind]
    model = apps.get_model(app, model_name)
    settings.MEDIA_ROOT = tmp_path
    add = reverse(f"admin:{app}_{model_name}_add")
    data = {k: v[0] for k, v in form_data(admin_client, add).items()}
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "PNG")
    data.update(title="Pictured", slug="pictured", image_alt="", **required)
    data["image"] = SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png")
    response = admin_client.post(add, data)
    assert response.status_code == 200
    assert "Describe the image, for readers who cannot see it." in response.content.decode()
    assert not model.objects.exists()

    data["image"] = SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png")
    data["image_alt"] = "A teal rectangle"
    response = admin_client.post(add, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^\n]*', response.content.decode()
    )
    entry = model.objects.get()
    pages = [reverse(list_name)] + (["/"] if kind == "publication" else [])
    for page in pages:
        html = html_of(admin_client.__class__(), page)
        srcset = re.search(r'srcset="([^"]+)"', html).group(1)
        widths = [c.rsplit(" ", 1)[1] for c in srcset.split(", ")]
        assert widths == ["320w", "640w", "960w", "1200w"]
        assert 'loading="lazy"' in html and 'alt="A teal rectangle"' in html
        assert 'width="1200" height="800"' in html
        if kind == "project":  # a card in a grid, its image on top
            assert re.search(
                r'<div class="cards"> <article class="[^"]* card"> <img class="card-image"', html
            )
    detail = html_of(admin_client.__class__(), entry.get_absolute_url())
    assert f'<meta property="og:image" content="http://testserver{entry.image.url}">' in detail
    assert '<meta property="og:image:alt" content="A teal rectangle">' in detail


def test_a_free_page_is_ordered_in_the_navigation_from_the_changelist(admin_client, db):
    first, second = make_page(title="Software", menu_order=1), make_page(title="Students")
    second.menu_order = 0
    second.save()
    assert nav_of(html_of(admin_client.__class__(), "/"))[-2:] == ["Students", "Software"]
    changelist = reverse("admin:freepages_page_changelist")
    data = {k: v[0] for k, v in form_data(admin_client, changelist).items()}
    rows = {data[f"form-{i}-id"]: i for i in range(2)}
    data[f"form-{rows[str(first.pk)]}-menu_order"] = "0"
    data[f"form-{rows[str(second.pk)]}-menu_order"] = "5"
    data["_save"] = "Save"
    assert admin_client.post(changelist, data).status_code == 302
    assert nav_of(html_of(admin_client.__class__(), "/"))[-2:] == ["Software", "Students"]


@pytest.mark.parametrize("label", NEW_TYPES)
def test_each_new_type_is_restored_and_recovered_from_its_history(admin_client, db, label):
    app, model = label.split(".")
    make = NEW_TYPES[label]
    with reversion.create_revision():
        entry = make(title="As first written", tags=["kept topic"])
    with reversion.create_revision():
        entry.title = "Vandalised"
        entry.save()
        entry.tags.set(["spam"])
    original = Version.objects.get_for_object(entry).last()
    url = reverse(f"admin:{app}_{model}_revision", args=[entry.pk, original.pk])
    assert submit(admin_client, url).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "As first written"
    assert list(entry.tags.names()) == ["kept topic"]

    delete = reverse(f"admin:{app}_{model}_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    version = Version.objects.get_deleted(type(entry)).get(object_id=str(entry.pk))
    assert submit(admin_client, reverse(f"admin:{app}_{model}_recover", args=[version.pk]))
    recovered = type(entry).objects.get(pk=entry.pk)
    assert recovered.title == "As first written"
    assert list(recovered.tags.names()) == ["kept topic"]


def test_a_project_is_restored_with_its_links_and_members(admin_client, db):
    paper, talk, person = make_publication(), make_talk(), make_author()
    with reversion.create_revision():
        project = make_project(
            links=[("code", "https://example.org/code")], publications=[paper], talks=[talk],
            people=[person],
        )  # fmt: skip
    with reversion.create_revision():
        project.links.all().delete()
        project.publications.clear()
        project.save()
    original = Version.objects.get_for_object(project).last()
    url = reverse("admin:projects_project_revision", args=[project.pk, original.pk])
    assert submit(admin_client, url).status_code == 302
    assert [link.url for link in project.links.all()] == ["https://example.org/code"]
    assert list(project.publications.all()) == [paper]
    assert list(project.people.all()) == [person] and list(project.talks.all()) == [talk]


# --- Public pages -------------------------------------------------------------------


def test_news_is_newest_first_with_pinned_items_above_and_on_the_home_page(client, db):
    import datetime

    make_news(title="Old news", date=datetime.date(2020, 1, 1))
    make_news(title="Pinned news", date=datetime.date(2019, 1, 1), pinned=True)
    make_news(title="Newest news", date=datetime.date(2024, 1, 1))
    make_news(title="Hidden news", date=datetime.date(2025, 1, 1), is_published=False)
    for url in (reverse("news:list"), reverse("website:home")):
        titles = re.findall(r"(\w+ news)</a></h[23]>", html_of(client, url))
        assert titles == ["Pinned news", "Newest news", "Old news"], url
    rss = client.get(reverse("feeds:news_rss")).getvalue().decode()
    assert re.findall(r"<title>(\w+ news)</title>", rss) == [
        "Newest news",
        "Old news",
        "Pinned news",
    ]
    assert "Hidden news" not in rss


def test_the_home_page_shows_the_latest_five_news_items(client, db):
    for n in range(7):
        make_news(title=f"Item {n}", date=f"2020-01-{n + 1:02d}")
    html = html_of(client, reverse("website:home"))
    assert re.findall(r"Item (\d)</a>", html) == ["6", "5", "4", "3", "2"]
    assert f'<a href="{reverse("news:list")}">All news</a>' in html


def test_a_project_page_shows_its_work_and_their_pages_link_back(client, db):
    owner = make_author(given_name="Ada", family_name="Owner", is_owner=True)
    paper = make_publication(title="A Linked Paper", authors=[owner])
    talk = make_talk(title="A Linked Talk")
    hidden_paper = make_publication(title="A Hidden Paper", is_published=False)
    project = make_project(
        title="Big Project", summary="Doing big things", is_current=True, start_year=2020,
        description="It is **big**.", links=[("code", "https://example.org/code"),
                                               ("data", "https://example.org/data")],
        publications=[paper, hidden_paper], talks=[talk], people=[owner, make_author()],
    )  # fmt: skip
    make_project(title="Secret Project", is_published=False, publications=[paper])
    html = html_of(client, project.get_absolute_url())
    assert "<h1>Big Project</h1>" in html and "Ongoing · 2020–Present" in html
    assert "<strong>big</strong>" in html
    assert button("https://example.org/code", "code", "Code") in html
    assert button("https://example.org/data", "data", "Data") in html
    assert (
        "A Linked Paper" in html
        and "A Linked Talk" in html
        and "<strong>Ada Owner</strong>" in html
    )
    assert "A Hidden Paper" not in html
    for page in (paper.get_absolute_url(), talk.get_absolute_url()):
        back = html_of(client, page)
        link = f'<a href="{project.get_absolute_url()}">Big Project</a>'
        assert f'<h2>Part of</h2> <ul class="plain"> <li> {link}' in back
        assert "Secret Project" not in back
    listing = html_of(client, reverse("projects:list"))
    assert '<h2 id="ongoing">Ongoing</h2>' in listing and "Doing big things" in listing
    assert "Secret Project" not in listing


def test_teaching_has_a_page_and_a_section_of_the_cv(client, db):
    course = make_course(
        title="Machine Learning", code="ML 101", role="assistant", institution="Uni",
        level="graduate", terms="Fall 2021", start_year=2021,
        links=[("syllabus", "https://example.org/syllabus")],
    )  # fmt: skip
    make_course(title="Hidden Course", is_published=False)
    html = html_of(client, reverse("teaching:list"))
    assert "ML 101: Machine Learning</a>" in html
    assert "Teaching assistant · Uni · Graduate · Fall 2021" in html
    assert button("https://example.org/syllabus", "cv", "Syllabus") in html
    assert "Hidden Course" not in html
    cv = html_of(client, reverse("website:cv"))
    assert '<h2 id="cv-teaching">Teaching</h2>' in cv
    assert (
        f'<span class="when">Fall 2021</span> <a href="{course.get_absolute_url()}">'
        "ML 101: Machine Learning</a>, Teaching assistant, Uni (graduate)."
    ) in cv
    assert "Hidden Course" not in cv


def test_a_free_page_lives_under_its_own_prefix(client, db):
    page = make_page(title="My CV elsewhere", slug="cv", body="Text with *emphasis*.")
    assert page.get_absolute_url() == "/pages/cv/"
    html = html_of(client, page.get_absolute_url())
    assert "<h1>My CV elsewhere</h1>" in html and "<em>emphasis</em>" in html
    assert "<h1>My CV elsewhere</h1>" not in html_of(client, reverse("website:cv"))
    assert client.get("/pages/").status_code == 404


def test_the_navigation_shows_only_sections_with_public_entries(client, db):
    assert nav_of(html_of(client, "/")) == ["CV"]
    make_news(is_published=False)
    make_page(title="Hidden page", is_published=False)
    make_page(title="Off the menu", in_navigation=False)
    assert nav_of(html_of(client, "/")) == ["CV"]
    make_news(tags=["t"])
    make_project()
    make_course(is_published=False)
    make_page(title="Students")
    html = html_of(client, reverse("news:list"))
    assert nav_of(html) == ["Projects", "News", "CV", "Topics", "Students"]
    assert f'<a href="{reverse("news:list")}" aria-current="page">News</a>' in html
    # The footer offers the feeds of the sections shown.
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html).group(1)
    assert "news" in footer and "publications" not in footer
    # A page that is not in the navigation is still public.
    assert (
        client.get(
            reverse("freepages:detail", args=[Page.objects.get(title="Off the menu").slug])
        ).status_code
        == 200
    )


def test_topics_are_in_the_navigation_only_with_a_topic_page_to_show(client, db):
    from taggit.models import Tag

    news = make_news(tags=["t"])
    Tag.objects.filter(name="t").update(slug="")  # a topic no page can show
    assert "Topics" not in nav_of(html_of(client, "/"))
    assert "No topics yet." in html_of(client, reverse("website:topics"))
    news.tags.add("shown")
    assert "Topics" in nav_of(html_of(client, "/"))


def test_the_navigation_costs_the_same_queries_however_many_entries(
    client, db, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n):
        for _ in range(n):
            for make in NEW_TYPES.values():
                make()
            make_publication()
            make_talk()

    client.get(reverse("website:cv"))  # as on a running site, the content types are known
    with CaptureQueriesContext(connection) as empty:
        client.get(reverse("website:cv"))
    grow(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("website:cv"))
    # One query more once free pages are in the navigation (their titles), and two
    # once there are publications (their authors and their links).
    assert len(one) == len(empty) + 1 + 2
    grow(10)
    with django_assert_num_queries(len(one)):
        client.get(reverse("website:cv"))


@pytest.mark.parametrize("label", NEW_TYPES)
def test_hidden_entries_of_each_new_type_reach_no_page_feed_sitemap_or_export(client, db, label):
    make = NEW_TYPES[label]
    hidden = make(title="Secretmarker entry", slug="secretmarker", tags=["secretmarker topic"],
                  is_published=False)  # fmt: skip
    make(title="Public entry", tags=["open topic"])
    assert client.get(hidden.get_absolute_url()).status_code == 404
    urls = [
        "/", reverse("website:cv"), reverse("website:topics"), reverse("sitemap"),
        reverse("cvdata:json"), reverse("search:search") + "?q=secretmarker",
            *[reverse("feeds:" + registry.feed_url_name(name)) for name in registry.feeds()],
    ]  # fmt: skip
    urls += [reverse(ct.list_url) for ct in registry.navigable_types()]
    for url in urls:
        body = client.get(url).getvalue().decode()
        assert "ecretmarker" not in body.replace("?q=secretmarker", "").replace(
            'value="secretmarker"', ""
        ).replace("“secretmarker”", ""), url
    assert client.get(reverse("website:topic", args=["secretmarker-topic"])).status_code == 404


@pytest.mark.parametrize("label", NEW_TYPES)
def test_an_old_address_of_each_new_type_redirects(client, db, label):
    entry = NEW_TYPES[label](slug="before")
    entry.slug = "after"
    entry.save()
    response = client.get(entry.get_absolute_url().replace("/after/", "/before/"))
    assert response.status_code == 301 and response["Location"] == entry.get_absolute_url()


def test_each_new_type_is_on_its_topic_page_and_in_the_sitemap(client, db):
    entries = [
        make(title=f"Topical {label}", tags=["shared"]) for label, make in NEW_TYPES.items()
    ]
    page = html_of(client, reverse("website:topic", args=["shared"]))
    for entry in entries:
        assert f'href="{entry.get_absolute_url()}"' in page
    root = ET.fromstring(client.get(reverse("sitemap")).getvalue())
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for entry in entries:
        assert f"http://testserver{entry.get_absolute_url()}" in locs
    for name in ("news:list", "projects:list", "teaching:list"):
        assert f"http://testserver{reverse(name)}" in locs


def test_an_empty_section_is_not_in_the_sitemap(client, db):
    make_publication()
    body = client.get(reverse("sitemap")).getvalue().decode()
    assert reverse("publications:list") in body
    for name in ("news:list", "projects:list", "teaching:list", "talks:list"):
        assert f"testserver{reverse(name)}<" not in body


def test_a_link_to_a_page_of_the_site_in_markdown_follows_the_address_prefix(client, db):
    from portfolio.richtext.markdown import render_markdown

    text = "[the paper](/publications/x/) and [elsewhere](//other.example/) [web](https://e.org/)"
    try:
        set_script_prefix("/portfolio/")
        html = render_markdown(text)
    finally:
        set_script_prefix("/")
    assert 'href="/portfolio/publications/x/"' in html
    assert 'href="//other.example/"' in html and 'href="https://e.org/"' in html
    assert 'href="/publications/x/"' in render_markdown(text)


# --- Exports and the fixture ---------------------------------------------------------


def test_json_resume_has_the_projects_and_the_courses(client, db):
    shown = make_project(
        title="Shown", summary="In a line", start_year=2020, is_current=True, tags=["t"],
        links=[("code", "https://example.org/c")],
    )  # fmt: skip
    make_project(title="Not shown", is_published=False)
    make_course(title="Taught", code="C1", start_year=2019, end_year=2020)
    data = json.loads(client.get(reverse("cvdata:json")).getvalue())
    assert data["projects"] == [
        {
            "name": "Shown", "description": "In a line", "startDate": "2020",
            "url": f"http://testserver{shown.get_absolute_url()}", "keywords": ["t"],
            "x-portfolio": {
                "status": "ongoing", "links": [{"kind": "code", "url": "https://example.org/c"}]
            },
        }
    ]  # fmt: skip
    course = data["meta"]["x-portfolio"]["teaching"][0]
    assert course["title"] == "Taught" and course["code"] == "C1"
    assert course["startDate"] == "2019" and course["endDate"] == "2020"


def test_the_fixture_holds_every_new_type_and_loads_back_the_same(cv, tmp_path):
    from .test_fixture_workflow import wipe

    first = tmp_path / "first.json"
    call_command("export_cv", str(first), verbosity=0)
    labels = {obj["model"] for obj in json.loads(first.read_text())}
    assert {"news.newsitem", "projects.project", "projects.projectlink", "teaching.course",
            "teaching.courselink", "freepages.page"} <= labels  # fmt: skip
    project = next(o for o in json.loads(first.read_text()) if o["model"] == "projects.project"
                   and o["fields"]["slug"] == "efficient-learning")  # fmt: skip
    # Its work is named by natural keys (slugs), not database ids.
    assert project["fields"]["publications"] == [["sparse-routing"], ["sparse-routing-workshop"]]
    assert project["fields"]["people"] == [["mira-castellanos"], ["jonas-weber"]]
    wipe()
    call_command("load_cv", str(first), verbosity=0)
    second = tmp_path / "second.json"
    call_command("export_cv", str(second), verbosity=0)
    assert first.read_bytes() == second.read_bytes()
    assert Project.objects.get(slug="efficient-learning").publications.count() == 2
    assert NewsItem.objects.count() == 2 and Course.objects.count() == 2


def test_a_project_whose_paper_was_renamed_in_the_admin_still_loads(cv, tmp_path):
    """The fixture names the paper by its old slug; the database knows it by the new."""
    from portfolio.publications.models import Publication

    Project.objects.all().delete()
    Publication.objects.filter(slug="sparse-routing").update(slug="renamed-in-admin")
    from .conftest import SAMPLE_CV

    call_command("load_cv", str(SAMPLE_CV), verbosity=0)
    project = Project.objects.get(slug="efficient-learning")
    assert sorted(project.publications.values_list("slug", flat=True)) == [
        "renamed-in-admin", "sparse-routing-workshop"
    ]  # fmt: skip
