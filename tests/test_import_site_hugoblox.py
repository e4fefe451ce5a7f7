"""Moving in from a site made with Hugo Blox: the academic CV template as it is
now (data/authors/me.yaml, content/publications/…) and as Wowchemy made it in
2024 (content/authors/admin/, content/publication/…, with a TOML page of 2019),
copied from the theme's repository (tests/data/sites/hugo-blox/README.md). The
images and PDFs the template holds are made here, in a copy of the folder."""

import shutil
from pathlib import Path
from textwrap import dedent

import pytest
from django.urls import reverse

from portfolio.importing.site import import_site
from portfolio.importing.sources.site import detect, hugoblox, read_site
from portfolio.importing.sources.site.repository import Repository
from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile, ProfileLink
from portfolio.projects.models import Project, ProjectLink
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk

from .test_paper_pdf import pdf_bytes
from .test_uploads import image_bytes

DATA = Path(__file__).parent / "data" / "sites" / "hugo-blox"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def copy(tmp_path, name: str, files: dict[str, bytes]) -> Path:
    root = tmp_path / name
    shutil.copytree(DATA / name, root)
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content)
    return root


@pytest.fixture
def kit(tmp_path) -> Path:
    """The academic CV template of today, with the images and PDFs it holds."""
    return copy(
        tmp_path,
        "kit",
        {
            "content/publications/conference-paper/featured.jpg": image_bytes("JPEG"),
            "content/publications/conference-paper/conference-paper.pdf": pdf_bytes(),
            "content/events/example/featured.jpg": image_bytes("JPEG"),
            "content/blog/get-started/featured.jpg": image_bytes("JPEG"),
            "content/projects/pytorch/featured.png": image_bytes(),
            "assets/media/authors/me.png": image_bytes(),
            "static/uploads/resume.pdf": pdf_bytes(),
        },
    )


@pytest.fixture
def academic(tmp_path) -> Path:
    """The template as Wowchemy made it (2024), with a publication page of 2019
    written in TOML."""
    return copy(
        tmp_path,
        "academic",
        {
            "content/authors/admin/avatar.jpg": image_bytes("JPEG"),
            "content/publication/journal-article/featured.jpg": image_bytes("JPEG"),
            # The template's own project image is an animated GIF: not accepted here.
            "content/project/example/featured.gif": image_bytes("GIF"),
        },
    )


def by_key(items):
    return {item.key: item for item in items}


def left_out(data, path: str) -> dict[str, str]:
    """What ``data`` leaves out of the file at ``path``: {field: reason}."""
    return {u.field: u.reason for u in data.unused if u.path == path}


# Knowing the theme ---------------------------------------------------------------


def test_both_versions_of_the_template_are_known_and_other_sites_are_not(kit, academic, tmp_path):
    assert detect(Repository(kit)) == "hugo-blox"
    assert detect(Repository(academic)) == "hugo-blox"
    assert hugoblox.detect(Repository(kit)) > hugoblox.detect(Repository(academic)) > 1
    jekyll = tmp_path / "jekyll"
    (jekyll / "_publications").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("title: x\n")
    assert hugoblox.detect(Repository(jekyll)) == 0
    # Looking at go.mod to know the theme does not read it: it stays the theme's.
    assert "go.mod" not in Repository(kit).used


# The template of today -------------------------------------------------------------


def test_the_owners_profile_links_education_experience_and_awards(kit):
    data = read_site(kit)
    entries = by_key(data.entries)
    profile = entries["data/authors/me.yaml"]
    assert profile.values == {
        "name": "Alex Johnson",
        "headline": "Senior AI Research Scientist, Meta AI",
        "bio": (
            "Alex Johnson is a Senior AI Research Scientist at Meta AI. His research\n"
            "has been published in top conferences like NeurIPS and ICML, with over\n"
            "10,000 citations. Alex is passionate about pushing the boundaries of AI\n"
            "while ensuring ethical development."
        ),
        "interests": "Large Language Models, Computer Vision, Reinforcement Learning, AI Ethics",
        "email": "alex.johnson@example.com",
    }
    assert profile.files["photo"].name == "me.png"
    links = [e.values for e in data.entries if e.model == "link"]
    assert [(link["kind"], link["url"]) for link in links] == [
        (ProfileLink.Kind.X, "https://x.com/example"),
        (ProfileLink.Kind.GITHUB, "https://github.com/example"),
        (ProfileLink.Kind.LINKEDIN, "https://www.linkedin.com/in/example/"),
        (ProfileLink.Kind.GOOGLE_SCHOLAR, "https://scholar.google.com/citations?user=example"),
        (ProfileLink.Kind.ORCID, "https://orcid.org/0000-0002-1825-0097"),
    ]
    phd = entries["data/authors/me.yaml education/1"].values
    assert (phd["degree"], phd["field"], phd["organisation"]) == (
        "PhD",
        "Computer Science",
        "Stanford University",
    )
    assert (phd["start_year"], phd["start_month"], phd["end_year"], phd["end_month"]) == (
        2015,
        9,
        2019,
        6,
    )
    assert phd["description"].startswith("Thesis on scaling laws")
    job = entries["data/authors/me.yaml experience/1"].values
    assert (job["kind"], job["role"], job["organisation"], job["start_year"]) == (
        Position.Kind.EMPLOYMENT,
        "Senior AI Research Scientist",
        "Meta AI",
        2020,
    )
    assert job["is_current"] and job["end_year"] is None
    assert entries["data/authors/me.yaml awards/1"].values == {
        "title": "Best Paper Award",
        "giver": "NeurIPS",
        "description": "Awarded for groundbreaking work on efficient training of large models.",
        "start_year": 2022,
        "end_year": None,
    }
    assert left_out(data, "data/authors/me.yaml") == {
        "name.display": "'Dr. Alex Johnson': the title is left out of the name, as author "
        "lists write it",
        "name.pronouns": "the profile has no such part of the name",
        "affiliations": "the organisations' addresses",
        "education[1].button": "a button to /resume.pdf: a position has no link here",
        "experience[1].button": "a button to /: a position has no link here",
        "awards[1].icon": "the old theme's icon",
        "schema": "the file's own version",
        "slug": "the author's user name",
        "is_owner": "marks the owner among the authors",
        "postnominals": "the profile's name has no letters after it",
        "status": "an emoji shown beside the photo",
        "skills": "skills are entered in the admin (Profile → Skills)",
        "languages": "languages are entered in the admin (Profile → Languages)",
    }


def test_publications_with_their_files_links_and_cite_bib(kit):
    data = read_site(kit)
    paper, preprint = data.records
    assert (paper.key, paper.title, paper.kind, paper.year, paper.month) == (
        "example1",  # the key of its cite.bib
        "An example conference paper",
        Publication.Kind.CONFERENCE,
        2013,
        7,
    )
    # "In *HugoBlox Kit Conference*": the theme's "In" and emphasis are not the venue.
    assert (paper.venue, paper.venue_short) == ("HugoBlox Kit Conference", "ICW")
    # "me" is the owner; the author notes mark both as equal contributors.
    assert paper.authors == [("Alex", "Johnson"), ("Robert", "Ford")]
    assert paper.author_marks == [(True, False), (True, False)]
    assert paper.links == [
        ("doi", "https://doi.org/10.5555/123456"),
        ("code", "https://github.com/HugoBlox/kit"),
        ("data", "https://github.com/HugoBlox/kit"),
        ("slides", "https://www.slideshare.net/"),
        ("video", "https://youtube.com"),
    ]
    assert paper.abstract.startswith("Lorem ipsum dolor sit amet")
    assert (paper.topics, paper.featured) == (["Large Language Models"], True)
    assert {name: f.name for name, f in paper.files.items()} == {
        "pdf": "conference-paper.pdf",
        "image": "featured.jpg",
    }
    # The caption only credits the image: the site describes it by the title.
    assert paper.image_alt == ""
    assert paper.source_key == "site:content/publications/conference-paper/index.md"
    assert (preprint.kind, preprint.key, preprint.venue) == (
        Publication.Kind.PREPRINT,
        "content/publications/preprint/index.md",  # no cite.bib: a key is made
        "",
    )
    assert preprint.links == [
        ("arxiv", "https://arxiv.org/abs/1512.04133"),
        ("code", "https://github.com/HugoBlox/kit"),
        ("slides", "https://www.slideshare.net/"),
        ("video", "https://youtube.com"),
        ("other", "http://example.org"),
    ]
    path = "content/publications/conference-paper/index.md"
    assert left_out(data, path) == {
        "summary": "a shortened form of the abstract, which is kept whole",
        "body": "the page's text beside its abstract: an entry here has one; copy it into "
        "the abstract in the admin if wanted (> **Note** > Click the _Cite_ button above to "
        "demo the feat…)",
        "projects": "an entry is linked to its projects in the admin (a project's "
        "publications and talks)",
        "image.caption": "credits the image, and does not describe it",
        "publishDate": "when the old site began to show the page; here an entry shows once "
        "it is published",
    }
    assert left_out(data, "content/publications/conference-paper/cite.bib") == {
        "author": "its authors (Nelson Bighetti, Robert Ford) differ from the page's, "
        "which are kept"
    }
    assert left_out(data, "content/publications/preprint/index.md") == {
        "summary": "a shortened form of the abstract, which is kept whole",
        "body": "the page's text beside its abstract: an entry here has one; copy it into "
        "the abstract in the admin if wanted (This work is driven by the results in my "
        "[previous paper](/…)",
        "links[4]": "not a web address, nor a file of the old site",
        "links[5]": "not a web address, nor a file of the old site",
        "links[6]": "not a web address, nor a file of the old site",
        "links[8].label": "a link here is named by its kind",
        "projects": "an entry is linked to its projects in the admin (a project's "
        "publications and talks)",
        "image.caption": "no featured image in the page's folder",
        "publishDate": "when the old site began to show the page; here an entry shows once "
        "it is published",
    }


def test_talks_news_and_projects(kit):
    data = read_site(kit)
    entries = by_key(data.entries)
    talk = entries["content/events/example/index.md"]
    assert talk.values == {
        "title": "Create Beautiful Presentations with Markdown",
        "event": "HugoBlox Showcase",
        "location": "Online & In-Person, Stanford, CA, United States",
        "year": 2030,  # its event_start, not the page's date
        "month": 6,
        "kind": Talk.Kind.OTHER,
        "abstract": talk.values["abstract"],
        "video_url": "https://www.youtube.com/",
    }
    assert talk.values["abstract"].startswith("Join us to explore HugoBlox's")
    assert talk.topics == ["Markdown", "Presentations", "Open Science", "Academic"]
    assert left_out(data, "content/events/example/index.md") == {
        "date": "the page's date: the talk's is its event_start",
        "address.street": "a talk here has its place, not its address",
        "address.postcode": "a talk here has its place, not its address",
        "summary": "a shortened form of the abstract, which is kept whole",
        "body": "the page's text beside its abstract: an entry here has one; copy it into "
        "the abstract in the admin if wanted (## 🎯 Why Markdown Slides? > **Success** True "
        "Presentation F…)",
        "links[1]": "a talk here links to its slides and video only",
        "links[3]": "a talk here links to its slides and video only",
        "slides": "Markdown slides (the deck 'example') have no place here",
        "event_url": "a talk here has no link to its event",
        "event_end": "a talk here has a year and a month, not an end",
        "authors": "an entry of this kind is the owner's: its authors are not kept",
        "featured": "only publications are featured on the home page here",
    }
    assert left_out(data, "content/events/example/featured.jpg") == {
        "": "the featured image of a talk: a talk here has no image"
    }
    news = entries["content/blog/get-started/index.md"]
    assert news.values["title"] == "🎉 Easily create your own simple yet highly customizable blog"
    assert news.values["date"] == "2023-10-27"
    assert news.values["text"].startswith("Welcome 👋\n\n## Overview\n\n1. The Hugo Blox")
    assert "{{<" not in news.values["text"]
    assert left_out(data, "content/blog/get-started/index.md")["line 4"] == (
        "Hugo shortcode {{< toc mobile_only=true is_open=true >}} cannot be rendered here"
    )
    project = entries["content/projects/pytorch/index.md"]
    assert project.values == {
        "title": "PyTorch",
        # No summary: the text before <!--more--> is the theme's.
        "summary": "PyTorch is a Python package that provides tensor computation (like NumPy) "
        "with strong GPU acceleration.",
        "description": "PyTorch is a Python package that provides tensor computation (like "
        "NumPy) with strong GPU acceleration.",
        "image_alt": "Image of the project “PyTorch”",
    }
    assert project.links == [(ProjectLink.Kind.WEBSITE, "https://github.com/pytorch/pytorch")]
    assert project.files["image"].name == "featured.png"


def test_the_home_page_and_the_theme_are_named_as_left_out(kit):
    data = read_site(kit)
    assert not data.errors
    assert left_out(data, "content/_index.md") == {
        "sections[1] resume-biography-3": "shows the author profile 'me', brought in from "
        "its own file",
        "sections[2] markdown": "text on the old home page: the home page here shows the "
        "profile's bio (Use this area to speak to your mission. I'm a research scie…)",
        "sections[3] collection": "lists pages of the old site: the site makes its own lists",
        "sections[4] collection": "lists pages of the old site: the site makes its own lists",
        "sections[5] cta-card": "the old theme's layout",
        "date": "the home page's date",
        "type": "how the old theme laid out the page",
        "design": "how the old theme laid out the page",
    }
    assert left_out(data, "content/experience.md")[""] == (
        "a page of the old theme's layout only, with no text of its own"
    )
    assert {u.path: u.reason for u in data.unused if u.path in hugoblox.MACHINERY} == {
        "config": "the site's settings (theme, menus, languages, analytics) (1 file): not content",
        "go.mod": "the Hugo modules the site is built with (1 file): not content",
        "hugoblox.yaml": "the Hugo Blox build settings (1 file): not content",
        "layouts": "the site's own page layouts and partials (1 file): not content",
        "static": "files the old site served as they are (those its pages link to come "
        "with them) (1 file): not content",
    }
    assert left_out(data, "content/slides/example/index.md") == {
        "": "Markdown slides (reveal.js) have no place here: link the deck from its talk instead"
    }
    # Every other file is read into an entry.
    named = {u.path for u in data.unused}
    rest = [p for p in Repository(kit).files() if p not in named and p.split("/")[0] not in named]
    assert rest == [
        "assets/media/authors/me.png",
        "content/projects/pytorch/featured.png",
        "content/publications/conference-paper/conference-paper.pdf",
        "content/publications/conference-paper/featured.jpg",
    ]


@pytest.mark.parametrize(
    ("code", "kind"),
    [("5", "book"), ("book", "book"), ("6", "chapter"), ("chapter", "chapter"), ("4", "other")],
)
def test_a_book_is_a_book_and_a_book_section_a_chapter(kit, code, kind):
    page = kit / "content/publications/mine/index.md"
    page.parent.mkdir()
    page.write_text(
        f"---\ntitle: Mine\ndate: 2021-03-01\npublication_types: ['{code}']\n"
        "publication: Northfield Press\n---\n",
        encoding="utf-8",
    )
    record = by_key(read_site(kit).records)["content/publications/mine/index.md"]
    assert (record.kind, record.venue) == (kind, "Northfield Press")
    listed_elsewhere = [note for note in record.notes if "listed" in note]
    assert listed_elsewhere == (
        ["a report: the site has no such kind; listed under Other"] if code == "4" else []
    )


def test_relative_addresses_are_the_old_sites_files(kit):
    """url_pdf names the paper's PDF in its folder or under static/; another file
    cannot be a link here, and is named."""
    page = kit / "content/publications/local/index.md"
    page.parent.mkdir()
    page.write_text(
        "---\ntitle: A local paper\ndate: 2021-03-01\npublication_types: ['7']\n"
        "url_pdf: /uploads/thesis.pdf\nurl_slides: slides.pdf\ndoi: not-a-doi\n"
        "hugoblox:\n  ids:\n    openreview: abc123\n---\n",
        encoding="utf-8",
    )
    (kit / "static/uploads/thesis.pdf").write_bytes(pdf_bytes())
    (page.parent / "slides.pdf").write_bytes(pdf_bytes())
    data = read_site(kit)
    record = by_key(data.records)["content/publications/local/index.md"]
    assert (record.kind, record.files["pdf"].name) == (Publication.Kind.THESIS, "thesis.pdf")
    assert record.links == [("openreview", "https://openreview.net/forum?id=abc123")]
    assert left_out(data, "content/publications/local/index.md") == {
        "doi": "not a DOI",
        "url_slides": "a file of the old site (content/publications/local/slides.pdf): a "
        "link here is a web address; upload the file and link to it",
    }
    # Read for the paper, static/uploads/thesis.pdf is no longer the theme's static file.
    assert left_out(data, "static") == {
        "": "files the old site served as they are (those its pages link to come with them) "
        "(1 file): not content"
    }


def test_a_landing_page_of_markdown_blocks_is_a_page(kit):
    (kit / "content/research.md").write_text(
        "---\ntitle: Research\ntype: landing\nsections:\n"
        "  - block: markdown\n    content:\n      title: Robots\n"
        "      text: We build **robots**.\n"
        "  - block: collection\n    content:\n      filters:\n        folders: [projects]\n"
        "---\n",
        encoding="utf-8",
    )
    data = read_site(kit)
    page = by_key(data.entries)["content/research.md"]
    # Not in the old site's menu: not in the navigation here.
    assert page.values == {
        "title": "Research",
        "body": "## Robots\n\nWe build **robots**.",
        "in_navigation": False,
    }
    assert left_out(data, "content/research.md") == {
        "sections[2] collection": "lists pages of the old site: the site makes its own lists",
        "type": "how the old theme laid out the page",
    }


# The template as Wowchemy made it, with a page of 2019 in TOML ------------------------


def test_the_wowchemy_profile_and_its_home_page_experience(academic):
    data = read_site(academic)
    entries = by_key(data.entries)
    path = "content/authors/admin/_index.md"
    profile = entries[path].values
    assert (profile["name"], profile["headline"]) == (
        "吳健雄",
        "Professor of Artificial Intelligence, Stanford University",
    )
    # The page's biography, without its {style=…} line; the email of the contact block.
    assert profile["bio"].startswith("Chien Shiung Wu is a professor")
    assert profile["bio"].endswith("mobile sensor networks.")
    assert profile["email"] == "test@example.org"
    assert entries[path].files["photo"].name == "avatar.jpg"
    assert [(e.values["kind"], e.values["url"]) for e in data.entries if e.model == "link"] == [
        (ProfileLink.Kind.X, "https://twitter.com/GeorgeCushen"),
        (
            ProfileLink.Kind.GOOGLE_SCHOLAR,
            "https://scholar.google.co.uk/citations?user=sIwtMXoAAAAJ",
        ),
        (ProfileLink.Kind.GITHUB, "https://github.com/gcushen"),
        (ProfileLink.Kind.LINKEDIN, "https://www.linkedin.com/"),
    ]
    # education: {courses: [{course, institution, year}]}: the year it ended.
    education = [e.values for e in data.entries if e.key.startswith(f"{path} education")]
    assert [(e["degree"], e["field"], e["organisation"], e["end_year"]) for e in education] == [
        ("PhD", "Artificial Intelligence", "Stanford University", 2012),
        ("MEng", "Artificial Intelligence", "Massachusetts Institute of Technology", 2009),
        ("BSc", "Artificial Intelligence", "Massachusetts Institute of Technology", 2008),
    ]
    assert left_out(data, path) == {
        "first_name": "Shiung Wu Chien does not spell the name shown (吳健雄), which is kept",
        "organizations": "the organisations' addresses",
        "": 'Markdown attributes ({style="…"}): the old layout',
        "bio": "the short bio shown under posts: the page's biography is kept",
        "social[1]": "not a web address (a place in the old site)",
        "social[2].label": "a link of a known kind is named by its kind",
        "social[6]": "not a web address (a place in the old site)",
        "name_pronunciation": "the profile has no pronunciation of the name",
        "status": "an emoji shown beside the photo",
        "superuser": "marks the owner among the authors",
        "skills": "skills are entered in the admin (Profile → Skills)",
        "highlight_name": "the owner is marked in author lists here",
    }
    home = "content/_index.md"
    ceo = entries[f"{home} sections/3/experience/1"].values
    assert (ceo["role"], ceo["organisation"], ceo["location"], ceo["start_year"]) == (
        "CEO",
        "GenCoin",
        "California",
        2021,
    )
    assert ceo["is_current"] and ceo["description"].startswith("Responsibilities include:")
    awards = [e.values for e in data.entries if e.model == "award"]
    assert [(a["title"], a["giver"], a["start_year"]) for a in awards] == [
        ("Neural Networks and Deep Learning", "Coursera", 2021),
        ("Blockchain Fundamentals", "edX", 2021),
        ("Object-Oriented Programming in R", "DataCamp", 2020),
    ]
    home_left = left_out(data, home)
    assert home_left["sections[6] contact.phone"] == (
        "the phone number is private: enter it in the admin if wanted"
    )
    assert home_left["sections[4].accomplishments[2].url"] == "an award has no web address here"
    assert home_left["line 1"] == (
        'Hugo shortcode {{< gallery album="demo" >}} cannot be rendered here'
    )


def test_the_wowchemy_publications_one_in_toml(academic):
    data = read_site(academic)
    records = by_key(data.records)
    toml = records["cushen2013mobile"]  # front matter between +++ lines
    assert (toml.title, toml.kind, toml.year, toml.month) == (
        "Mobile visual clothing search",
        # publication_types ["1"], a conference paper, at a workshop
        Publication.Kind.WORKSHOP,
        2013,
        7,
    )
    assert (toml.venue, toml.venue_short) == (
        "International Conference on Multimedia and Expo Workshops (ICMEW), IEEE",
        "ICMEW",
    )
    assert toml.authors == [("GA", "Cushen"), ("MS", "Nixon")]
    # url_pdf and url_preprint are one address; "#" is no address.
    assert toml.links == [
        ("pdf", "http://eprints.soton.ac.uk/352095/1/Cushen-IMV2013.pdf"),
        ("other", "http://example.org"),
    ]
    assert toml.featured and toml.files == {}
    toml_left = left_out(data, "content/publication/clothing-search/index.md")
    assert toml_left["url_code"] == "not a web address, nor a file of the old site"
    assert toml_left["math"] == "how the old theme laid out the page"
    journal = records["example2"]
    assert (journal.kind, journal.venue) == (
        Publication.Kind.JOURNAL,
        "Journal of Source Themes, 1(1)",
    )
    # "admin" is the owner, written as the profile's name.
    assert journal.authors == [("", "吳健雄"), ("Robert", "Ford")]
    assert journal.links == [
        ("arxiv", "http://arxiv.org/pdf/1512.04133v1"),
        ("code", "https://github.com/HugoBlox/hugo-blox-builder"),
    ]
    assert journal.files["image"].name == "featured.jpg"
    journal_left = left_out(data, "content/publication/journal-article/index.md")
    assert journal_left["line 2"] == "Hugo shortcode {{% callout note %}} cannot be rendered here"
    assert journal_left["slides"] == "Markdown slides (the deck 'example') have no place here"


def test_the_wowchemy_talk_post_projects_and_pages(academic):
    data = read_site(academic)
    entries = by_key(data.entries)
    talk = entries["content/event/example/index.md"].values
    assert (talk["event"], talk["location"], talk["year"], talk["month"]) == (
        "Hugo Blox Builder Conference",
        "Hugo Blox Builder HQ, Stanford, CA, United States",
        2030,
        6,
    )
    post = entries["content/post/getting-started/index.md"]
    assert (post.values["date"], post.topics) == (
        "2020-12-13",
        ["Academic", "开源", "Demo", "教程"],
    )
    assert left_out(data, "content/post/getting-started/index.md") == {
        "summary": "a shortened form of the text, which is kept whole",
        "subtitle": "the site shows no subtitle",
        "lastmod": "when the page last changed: the site keeps its own",
        "authors": "an entry of this kind is the owner's: its authors are not kept",
    }
    project = entries["content/project/example/index.md"]
    assert project.links == [(ProjectLink.Kind.OTHER, "https://twitter.com/georgecushen")]
    assert project.files["image"].name == "featured.gif"
    external = entries["content/project/external-project/index.md"]
    assert external.links == [(ProjectLink.Kind.WEBSITE, "https://example.org")]
    assert external.values["summary"] == (
        "An example of linking directly to an external project website using external_link."
    )
    # A draft page comes in unpublished; it was not in the old site's menu.
    assert entries["content/privacy.md"].values == {
        "title": "Privacy Policy",
        "body": "Add your privacy policy here and set `draft: false` to publish it. "
        "Otherwise, delete this file if you don't need it.",
        "in_navigation": False,
        "is_published": False,
    }


def test_the_profile_of_2019_in_toml_and_its_home_page_widgets(academic):
    # Academic kept the profile in content/author/ and the home page in content/home/.
    shutil.rmtree(academic / "content" / "authors")
    (academic / "content" / "author" / "admin").mkdir(parents=True)
    (academic / "content" / "home").mkdir()
    variants = DATA / "variants"
    shutil.copy(variants / "author-admin-2019.md", academic / "content/author/admin/_index.md")
    shutil.copy(variants / "home-experience-2019.md", academic / "content/home/experience.md")
    data = read_site(academic)
    entries = by_key(data.entries)
    path = "content/author/admin/_index.md"
    assert entries[path].values["name"] == "Nelson Bighetti"
    assert entries[path].values["headline"] == (
        "Professor of Artificial Intelligence, Stanford University"
    )
    assert left_out(data, path)["user_groups"] == "the site has no groups of people"
    # A publication's "admin" is now this profile's name.
    assert by_key(data.records)["example2"].authors[0] == ("Nelson", "Bighetti")
    widget = "content/home/experience.md"
    jobs = [e.values for e in data.entries if e.key.startswith(widget)]
    assert [(j["role"], j["organisation"], j["start_year"], j["end_year"]) for j in jobs] == [
        ("CEO", "GenCoin", 2017, None),
        ("Professor", "University X", 2016, 2016),
    ]
    assert left_out(data, widget) == {
        "": "how the old home page showed the section (widget, headless, active, weight, "
        "title, date_format)"
    }


def test_the_profile_of_2025_with_work_education_and_awards(academic):
    shutil.copy(
        DATA / "variants" / "authors-admin-2025.md",
        academic / "content" / "authors" / "admin" / "_index.md",
    )
    data = read_site(academic)
    path = "content/authors/admin/_index.md"
    entries = by_key(data.entries)
    assert entries[path].values["name"] == "Alex Johnson"
    assert entries[path].values["email"] == "alex.johnson@meta.com"
    work = entries[f"{path} work/1"].values
    assert (work["role"], work["organisation"], work["start_year"], work["is_current"]) == (
        "Senior AI Research Scientist",
        "Meta AI",
        2020,
        True,
    )
    phd = entries[f"{path} education/1"].values
    assert (phd["degree"], phd["field"], phd["start_year"], phd["end_year"]) == (
        "PhD",
        "Computer Science (AI Focus)",
        2015,
        2019,
    )
    awards = [e.values for e in data.entries if e.key.startswith(f"{path} awards")]
    assert [(a["title"], a["giver"], a["start_year"]) for a in awards] == [
        ("Best Paper Award", "NeurIPS", 2022),
        ("AI Innovation Grant", "National Science Foundation", 2021),
        ("Outstanding PhD Thesis", "Stanford University", 2019),
    ]
    left = left_out(data, path)
    assert left["work[1].company_url"] == "a position has no web address here"
    assert left["pronouns"] == "the profile has no pronouns"
    assert left["languages"] == "languages are entered in the admin (Profile → Languages)"


# Writing what was read ---------------------------------------------------------------


def test_a_page_that_cannot_be_read_is_its_own_error_only(db, kit, media):
    broken = {
        "content/publications/broken/index.md": "---\ntitle: [unclosed\n---\n",
        "content/publications/undated/index.md": "---\ntitle: No date\n---\n",
        "content/events/nowhere/index.md": "---\ntitle: A talk\ndate: 2024-05-01\n---\n",
        "content/blog/undated/index.md": "---\ntitle: News without a date\n---\nText.\n",
        "data/authors/ted.yaml": "- not\n- a profile\n",
    }
    for path, content in broken.items():
        (kit / path).parent.mkdir(parents=True, exist_ok=True)
        (kit / path).write_text(content, encoding="utf-8")
    result = import_site(kit)
    errors = {o.key: o.message for o in result.outcomes if o.action == "error"}
    assert errors == {
        "content/publications/broken/index.md": "its front matter cannot be read (while "
        "parsing a flow sequence)",
        "content/publications/undated/index.md": "a publication needs its date (date: 2015-09-01)",
        "content/events/nowhere/index.md": "a talk here needs the event it was given at "
        "(event: …)",
        "content/blog/undated/index.md": "a post needs its date (date: 2024-05-01)",
        "data/authors/ted.yaml": "an author's file is a set of fields (name, role, bio…)",
    }
    assert Publication.objects.count() == 2 and Talk.objects.count() == 1
    assert NewsItem.objects.count() == 1 and Profile.get_solo().name == "Alex Johnson"


def test_the_site_comes_in_and_importing_again_changes_nothing(db, kit, media):
    first = import_site(kit)
    assert {o.action for o in first.outcomes} == {"created"}, [
        (o.key, o.action, o.message) for o in first.outcomes
    ]
    paper = Publication.objects.get(citation_key="example1")
    assert paper.pdf and paper.image and paper.featured
    assert paper.image_alt == "Figure from “An example conference paper”"
    assert [a.author.name for a in paper.authorship_list] == ["Alex Johnson", "Robert Ford"]
    assert [a.equal_contribution for a in paper.authorship_list] == [True, True]
    assert paper.authorship_list[0].author.is_owner  # "me", the site's owner
    assert [(link.kind, link.url) for link in paper.link_list] == [
        ("doi", "https://doi.org/10.5555/123456"),
        ("code", "https://github.com/HugoBlox/kit"),
        ("data", "https://github.com/HugoBlox/kit"),
        ("slides", "https://www.slideshare.net/"),
        ("video", "https://youtube.com"),
    ]
    profile = Profile.get_solo()
    assert profile.photo and profile.headline == "Senior AI Research Scientist, Meta AI"
    assert Project.objects.get().image
    counts = row_counts()
    assert counts == {
        "publications": 2,
        "talks": 1,
        "news": 1,
        "projects": 1,
        "pages": 0,
        "positions": 5,
        "awards": 1,
        "links": 5,
    }

    Talk.objects.update(event="HugoBlox Showcase 2030")  # edited here
    again = import_site(kit)
    assert {o.action for o in again.outcomes} == {"skipped"}, [
        (o.key, o.action, o.message) for o in again.outcomes
    ]
    assert row_counts() == counts
    assert Talk.objects.get().event == "HugoBlox Showcase 2030"
    assert Publication.objects.get(citation_key="example1").pdf.name == paper.pdf.name


def test_the_wowchemy_site_comes_in_with_its_gif_named(db, academic, media):
    result = import_site(academic)
    outcomes = by_key(result.outcomes)
    assert {o.action for o in result.outcomes} == {"created"}, [
        (o.key, o.action, o.message) for o in result.outcomes
    ]
    assert (
        "image featured.gif not brought in" in outcomes["content/project/example/index.md"].message
    )
    assert not Project.objects.get(title="Example Project").image
    journal = Publication.objects.get(citation_key="example2")
    assert journal.authorship_list[0].author.name == "吳健雄"
    assert journal.image_alt == "Figure from “An example journal article”"
    assert Publication.objects.get(citation_key="cushen2013mobile").kind == "workshop"
    assert not Page.objects.get().is_published
    assert Profile.get_solo().email == "test@example.org"
    assert Award.objects.count() == 3 and Position.objects.count() == 5


def test_a_dry_run_writes_nothing(db, kit, media):
    result = import_site(kit, dry_run=True)
    assert {o.action for o in result.outcomes} == {"created"}
    assert set(row_counts().values()) == {0} and not Profile.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(("site", "entries"), [("kit", 5), ("academic", 6)])
def test_every_entry_imported_is_on_the_site(db, client, media, request, site, entries):
    import_site(request.getfixturevalue(site))
    rows = [
        *Publication.objects.all(),
        *Talk.objects.all(),
        *NewsItem.objects.all(),
        *Project.objects.all(),
        *Page.objects.filter(is_published=True),
    ]
    assert len(rows) == entries
    for row in rows:
        response = client.get(row.get_absolute_url())
        assert response.status_code == 200, row.get_absolute_url()
        assert str(row.title) in response.content.decode(), row.get_absolute_url()
    for name in (
        "website:home",
        "website:cv",
        "publications:list",
        "talks:list",
        "news:list",
        "projects:list",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    cv = client.get(reverse("website:cv")).content.decode()
    for position in Position.objects.all():
        assert position.organisation in cv
    for award in Award.objects.all():
        assert award.title in cv
    # A draft page stays hidden.
    for hidden in Page.objects.filter(is_published=False):
        assert client.get(hidden.get_absolute_url()).status_code == 404


def row_counts() -> dict[str, int]:
    return {
        "publications": Publication.objects.count(),
        "talks": Talk.objects.count(),
        "news": NewsItem.objects.count(),
        "projects": Project.objects.count(),
        "pages": Page.objects.count(),
        "positions": Position.objects.count(),
        "awards": Award.objects.count(),
        "links": ProfileLink.objects.count(),
    }


# Odd pages, one field at a time -------------------------------------------------------


def site(tmp_path, files: dict[str, str | bytes]) -> Path:
    """A checkout holding only ``files`` (text or bytes)."""
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / path).write_bytes(content)
        else:
            (root / path).write_text(dedent(content).lstrip(), encoding="utf-8")
    return root


def errors_of(data) -> dict[str, str]:
    return {o.key: o.message for o in data.errors}


def test_the_theme_is_known_by_its_go_mod_only_where_it_is_the_sites_own(tmp_path):
    outside = tmp_path / "go.mod"
    outside.write_text("module x\nrequire github.com/HugoBlox/hugo-blox-builder v0.1\n")
    root = site(tmp_path, {"content/publication/a/index.md": "---\ntitle: A\n---\n"})
    assert hugoblox.detect(Repository(root)) == 2  # content/ and a publication folder
    (root / "go.mod").write_text("module example.org/site\n")
    assert hugoblox.detect(Repository(root)) == 2
    # A go.mod that leads out of the checkout is not looked at.
    (root / "go.mod").unlink()
    (root / "go.mod").symlink_to(outside)
    assert hugoblox.detect(Repository(root)) == 2


def test_with_no_author_profile_the_sites_name_is_the_owners(tmp_path):
    root = site(
        tmp_path,
        {
            "config/_default/params.yaml": "hugoblox: [unclosed\n",
            "config/_default/hugo.yaml": "title: ''\n",
            "config.toml": 'title = "Ada Lovelace"\n',
            "content/publication/engine/index.md": """
                ---
                title: Notes on the engine
                date: 1843-09-01
                authors: [admin, Charles Babbage]
                ---
                """,
        },
    )
    data = read_site(root, "hugo-blox")
    profile = by_key(data.entries)["config.toml"]
    assert (profile.model, profile.values) == ("profile", {"name": "Ada Lovelace"})
    assert data.records[0].authors == [("Ada", "Lovelace"), ("Charles", "Babbage")]
    assert left_out(data, "config/_default/params.yaml") == {
        "": "cannot be read (while parsing a flow sequence)"
    }
    settings = (
        "the site's settings: not content (with no author profile, the site's name is the "
        "profile's)"
    )
    assert left_out(data, "config/_default/hugo.yaml") == {"": settings}
    assert left_out(data, "config.toml") == {"": settings}


def test_the_name_in_the_hugo_blox_params_comes_first(tmp_path):
    root = site(
        tmp_path,
        {
            "config/_default/params.yaml": "hugoblox:\n  identity:\n    name: Grace Hopper\n",
            "config.toml": 'title = "My Site"\n',
        },
    )
    data = read_site(root, "hugo-blox")
    assert [(e.key, e.values) for e in data.entries] == [
        ("config/_default/params.yaml", {"name": "Grace Hopper"})
    ]


def test_the_owners_profile_with_odd_values_and_other_authors(tmp_path):
    root = site(
        tmp_path,
        {
            "content/authors/admin/_index.md": """
                ---
                title: Ada Lovelace
                email: not-an-address
                social:
                  - icon: brands/mastodon
                    link: https://example.org/@ada
                  - link: mailto:ada@example.org
                work:
                  - title: Analyst
                  - company: Analytical Society
                    title: Analyst
                awards:
                  - awarder: Royal Society
                  - title: Medal
                    date: 1840
                ---
                """,
            "content/authors/ted/_index.md": "---\ntitle: Ted Nelson\n---\n",
            "content/authors/ted/avatar.jpg": image_bytes("JPEG"),
            "data/authors/bob.yaml": "role: Student\n",
            "content/publication/a/index.md": """
                ---
                title: A paper
                date: 2020-01-01
                authors: [admin, ted, Robert Ford, ',']
                author_notes: [Equal contribution, First draft, '', Extra]
                ---
                """,
        },
    )
    data = read_site(root, "hugo-blox")
    path = "content/authors/admin/_index.md"
    entries = by_key(data.entries)
    # The email link stands in for an email that is no address.
    assert entries[path].values == {"name": "Ada Lovelace", "email": "ada@example.org"}
    # A link of no known kind is named by its icon.
    assert entries[f"{path} links/1"].values == {
        "kind": ProfileLink.Kind.OTHER,
        "label": "Mastodon",
        "url": "https://example.org/@ada",
    }
    assert [e.key for e in data.entries if e.model in ("position", "award")] == [
        f"{path} work/2",
        f"{path} awards/2",
    ]
    assert entries[f"{path} awards/2"].values["start_year"] == 1840
    assert left_out(data, path) == {
        "email": "not an email address",
        "work[1]": "a position needs its organisation",
        "awards[1]": "an award needs its title",
    }
    assert left_out(data, "content/authors/ted/_index.md") == {
        "": "another author's profile: only the name is kept, for author lists"
    }
    assert left_out(data, "content/authors/ted/avatar.jpg") == {"": "another author's photo"}
    assert left_out(data, "data/authors/bob.yaml") == {
        "": "another author's profile: only the name is kept, for author lists"
    }
    paper = data.records[0]
    # "," names no one.
    assert paper.authors == [("Ada", "Lovelace"), ("Ted", "Nelson"), ("Robert", "Ford")]
    assert paper.author_marks == [(True, False), (False, False), (False, False)]
    assert left_out(data, "content/publication/a/index.md") == {
        "author_notes": "'First draft' (Ted Nelson): only equal contribution and the "
        "corresponding author are marked here"
    }


def test_an_email_link_repeating_the_profiles_email_is_not_named(tmp_path):
    root = site(
        tmp_path,
        {
            "content/authors/admin/_index.md": """
                ---
                title: Ada Lovelace
                email: ada@example.org
                social:
                  - link: mailto:ada@example.org
                ---
                """,
        },
    )
    data = read_site(root, "hugo-blox")
    assert by_key(data.entries)["content/authors/admin/_index.md"].values["email"] == (
        "ada@example.org"
    )
    assert left_out(data, "content/authors/admin/_index.md") == {}


@pytest.mark.parametrize(
    ("path", "content", "message"),
    [
        (
            "content/authors/admin/_index.md",
            "---\ntitle: [unclosed\n---\n",
            "its front matter cannot be read (while parsing a flow sequence)",
        ),
        (
            "content/authors/admin/_index.md",
            "---\nrole: Professor\n---\n",
            "the owner's profile has no name (title, or name.display)",
        ),
        # YAML's own checks: a date that is no date.
        (
            "content/authors/admin/_index.md",
            "---\ntitle: Ada\neducation:\n  - date_start: 2024-13-45\n---\n",
            "its front matter cannot be read (month must be in 1..12)",
        ),
        (
            "data/authors/me.yaml",
            "name: Ada\nwork:\n  - date_start: 2024-13-45\n",
            "cannot be read (month must be in 1..12)",
        ),
    ],
)
def test_a_profile_that_cannot_be_read_is_its_own_error_only(tmp_path, path, content, message):
    root = site(
        tmp_path,
        {path: content, "content/post/a/index.md": "---\ntitle: A post\ndate: 2024-05-01\n---\n"},
    )
    data = read_site(root, "hugo-blox")
    assert errors_of(data) == {path: message}
    assert [e.key for e in data.entries] == ["content/post/a/index.md"]


def test_a_page_with_a_date_that_is_no_date_is_its_own_error_only(tmp_path):
    root = site(
        tmp_path,
        {
            "content/post/a/index.md": "---\ntitle: A post\ndate: 2024-13-45\n---\nText.\n",
            "content/post/b/index.md": "---\ntitle: B post\ndate: 2024-05-01\n---\nText.\n",
        },
    )
    data = read_site(root, "hugo-blox")
    assert errors_of(data) == {
        "content/post/a/index.md": "its front matter cannot be read (month must be in 1..12)"
    }
    assert [e.key for e in data.entries] == ["content/post/b/index.md"]


CITE_BIB = """
@article{nelson2019,
  title={From the bib},
  author={Nelson, Ted and Ford, Robert},
  year={2019},
  month={mar},
  journal={Journal of Bibs},
  doi={10.1234/abc},
  url={https://example.org/paper}
}
"""


def test_a_publication_takes_what_its_page_lacks_from_its_cite_bib(tmp_path):
    root = site(
        tmp_path,
        {
            "content/publication/bib/index.md": "---\nabstract: Read the bib.\n---\n",
            "content/publication/bib/cite.bib": CITE_BIB,
        },
    )
    data = read_site(root, "hugo-blox")
    record = data.records[0]
    assert (record.key, record.title, record.year, record.month) == (
        "nelson2019",
        "From the bib",
        2019,
        3,
    )
    assert (record.kind, record.venue) == (Publication.Kind.JOURNAL, "Journal of Bibs")
    assert record.authors == [("Ted", "Nelson"), ("Robert", "Ford")]
    assert record.notes == ["title from cite.bib", "authors from cite.bib"]
    assert record.links == [
        ("doi", "https://doi.org/10.1234/abc"),
        ("other", "https://example.org/paper"),
    ]


@pytest.mark.parametrize(
    ("types", "kind", "notes", "left"),
    [
        ("['2', '1']", "journal", [], {"publication_types": "one kind is kept here (2)"}),
        ("[dataset]", "other", ["publication type 'dataset': listed under Other"], {}),
        ("['8']", "other", ["a patent: the site has no such kind; listed under Other"], {}),
        ("[]", "other", [], {}),
    ],
)
def test_the_kind_of_a_publication(tmp_path, types, kind, notes, left):
    root = site(
        tmp_path,
        {
            "content/publication/a/index.md": f"""
                ---
                title: A paper
                date: 2020-01-01
                publication_types: {types}
                ---
                """
        },
    )
    data = read_site(root, "hugo-blox")
    assert (data.records[0].kind, data.records[0].notes) == (kind, notes)
    assert left_out(data, "content/publication/a/index.md") == left


def test_a_draft_publication_stays_out_and_one_without_a_title_is_an_error(tmp_path):
    root = site(
        tmp_path,
        {
            "content/publication/draft/index.md": "---\ntitle: D\ndate: 2020-01-01\n"
            "draft: true\n---\n",
            "content/publication/untitled/index.md": "---\ndate: 2020-01-01\n---\n",
        },
    )
    data = read_site(root, "hugo-blox")
    assert data.records == []
    assert left_out(data, "content/publication/draft/index.md") == {
        "": "a draft on the old site (draft: true), which it did not show: not brought in"
    }
    assert errors_of(data) == {
        "content/publication/untitled/index.md": "a publication needs a title"
    }


def test_a_publications_identifiers_links_and_files(tmp_path):
    root = site(
        tmp_path,
        {
            "content/publication/a/index.md": """
                ---
                title: A paper
                date: 2020-01-01
                url_pdf: a.pdf
                url_slides: talk.pptx
                url_code: mailto:ada@example.org
                url_poster: missing.pdf
                url_dataset: uploads/data.csv
                links:
                  - type: pdf
                    url: b.pdf
                  - type: pdf
                    url: a.pdf
                  - type: doi
                    url: https://example.org/not-a-doi
                hugoblox:
                  ids:
                    doi: 10.5555/123456
                    gitlab: ada/engine
                ---
                """,
            "content/publication/a/a.pdf": pdf_bytes(),
            "content/publication/a/b.pdf": pdf_bytes(),
            "content/publication/a/talk.pptx": b"slides",
            "static/uploads/data.csv": "a,b\n",
        },
    )
    data = read_site(root, "hugo-blox")
    record = data.records[0]
    assert record.links == [("doi", "https://doi.org/10.5555/123456")]
    assert {name: f.name for name, f in record.files.items()} == {"pdf": "a.pdf"}
    # The second PDF is named once, with the field that links it.
    assert left_out(data, "content/publication/a/b.pdf") == {}
    assert left_out(data, "content/publication/a/index.md") == {
        "url_slides": "a file of the old site (content/publication/a/talk.pptx): a link here "
        "is a web address; upload the file and link to it",
        "url_code": "not a web address, nor a file of the old site",
        "url_poster": "not a web address, nor a file of the old site",
        "url_dataset": "a file of the old site (static/uploads/data.csv): a link here is a "
        "web address; upload the file and link to it",
        "links[1]": "a second PDF (content/publication/a/b.pdf): the publication has one "
        "here (a.pdf)",
        "links[3]": "not a DOI address",
        "hugoblox.ids.gitlab": "an identifier the site has no link for",
    }


def test_a_publication_page_of_its_own_with_an_image_in_assets(tmp_path):
    root = site(
        tmp_path,
        {
            "content/publication/engine.md": """
                ---
                title: The engine
                date: 2020-01-01
                image:
                  filename: engine.png
                  caption: The engine's mill
                ---
                """,
            "assets/media/engine.png": image_bytes(),
        },
    )
    record = read_site(root, "hugo-blox").records[0]
    assert record.files["image"].name == "engine.png"
    assert record.image_alt == "The engine's mill"  # a caption that describes it


def test_talks_news_and_projects_with_odd_fields(tmp_path):
    long_title = "Keynote: " + "a very long title " * 20
    root = site(
        tmp_path,
        {
            "content/event/keynote/index.md": f"""
                ---
                title: '{long_title}'
                event: ICW
                date: 2020-05-01
                location: Stanford, CA
                address:
                  city: Stanford
                  country: United States
                draft: true
                ---
                """,
            "content/event/undated/index.md": "---\ntitle: T\nevent: ICW\n---\n",
            "content/post/summary/index.md": """
                ---
                title: Summary only
                date: 2024-05-01
                summary: The news in short.
                draft: true
                ---
                """,
            "content/post/untitled/index.md": "---\ndate: 2024-05-01\n---\nText.\n",
            "content/project/engine/index.md": """
                ---
                title: Engine
                external_link: https://example.org/engine
                url_project: https://example.org/engine
                draft: true
                ---
                """,
            "content/project/untitled/index.md": "---\nsummary: S\n---\n",
        },
    )
    data = read_site(root, "hugo-blox")
    entries = by_key(data.entries)
    talk = entries["content/event/keynote/index.md"].values
    assert (talk["kind"], talk["location"], talk["is_published"]) == (
        Talk.Kind.KEYNOTE,
        "Stanford, CA, United States",  # the city is not written twice
        False,
    )
    assert len(talk["title"]) <= 300 and talk["title"].endswith("title a…")
    assert left_out(data, "content/event/keynote/index.md") == {"title": "cut to 300 characters"}
    news = entries["content/post/summary/index.md"].values
    assert news == {
        "title": "Summary only",
        "date": "2024-05-01",
        "text": "The news in short.",
        "is_published": False,
    }
    project = entries["content/project/engine/index.md"]
    assert project.values["is_published"] is False
    assert project.links == [(ProjectLink.Kind.WEBSITE, "https://example.org/engine")]
    assert errors_of(data) == {
        "content/event/undated/index.md": "a talk needs its date (date: 2030-06-01)",
        "content/post/untitled/index.md": "a post needs a title",
        "content/project/untitled/index.md": "a project needs a title",
    }


def test_pages_the_home_pages_blocks_and_widgets_and_an_unreadable_menu(tmp_path):
    root = site(
        tmp_path,
        {
            "config/_default/menus.yaml": "main: [unclosed\n",
            "content/research.md": "---\ndate: 2020-01-01\n---\nWhat I study.\n",
            "content/teaching.md": "---\ntitle: Teaching\n---\nWhat I teach.\n",
            "content/_index.md": """
                ---
                sections:
                  - block: contact
                    content:
                      title: Contact
                  - block: hero
                    content:
                      title: Welcome
                ---
                """,
            "content/home/about.md": '+++\nwidget = "about"\n+++\n',
            "content/home/hero.md": '+++\nwidget = "hero"\n+++\n',
            "content/home/jobs.md": """
                ---
                experience:
                  - company: GenCoin
                    title: CEO
                    date_start: 2017-01-01
                ---
                What I did.
                """,
            "content/home/accomplishments.md": """
                +++
                widget = "accomplishments"

                [[item]]
                title = "Medal"
                organization = "Royal Society"
                date_start = "2018-01-01"
                date_end = "2019-01-01"
                +++
                """,
        },
    )
    data = read_site(root, "hugo-blox")
    assert errors_of(data) == {"content/research.md": "a page needs a title"}
    assert left_out(data, "config/_default/menus.yaml") == {
        "": "cannot be read (while parsing a flow sequence)"
    }
    entries = by_key(data.entries)
    # With no menu to go by, every page is in the navigation.
    assert entries["content/teaching.md"].values == {
        "title": "Teaching",
        "body": "What I teach.",
        "in_navigation": True,
    }
    assert left_out(data, "content/_index.md") == {
        "sections[1] contact": "a contact form, address and hours: the site shows the "
        "profile's email",
        "sections[2] hero": "the old theme's layout",
    }
    assert left_out(data, "content/home/about.md") == {
        "": "shows the author profile, brought in from its own file (widget about)"
    }
    assert left_out(data, "content/home/hero.md") == {
        "": "a section of the old home page: the home page here is made from the profile "
        "and the entries (widget hero)"
    }
    job = entries["content/home/jobs.md experience/1"].values
    assert (job["organisation"], job["role"], job["start_year"]) == ("GenCoin", "CEO", 2017)
    assert left_out(data, "content/home/jobs.md") == {
        "body": "the section's text: the home page here is made from the profile"
    }
    medal = entries["content/home/accomplishments.md item/1"].values
    assert (medal["title"], medal["giver"], medal["start_year"], medal["end_year"]) == (
        "Medal",
        "Royal Society",
        2018,
        2019,
    )


def test_a_cite_bib_that_cannot_be_read_or_holds_more_than_the_page(tmp_path):
    page = "---\ntitle: A paper\ndate: 2020-01-01\n---\n"
    root = site(
        tmp_path,
        {
            "content/publication/latin1/index.md": page,
            "content/publication/latin1/cite.bib": "@misc{k, title={Caf\xe9}}\n".encode("latin-1"),
            "content/publication/many/index.md": page,
            "content/publication/many/cite.bib": CITE_BIB
            + "@misc{bad, title={No year}, doi={10.1/x}}\n"
            + "@misc{second, title={Another}, author={Ford, Robert}, year={2020}}\n",
        },
    )
    data = read_site(root, "hugo-blox")
    records = by_key(data.records)
    assert records["content/publication/latin1/index.md"].title == "A paper"
    # The page's title, the first entry's key and authors.
    assert records["nelson2019"].title == "A paper"
    assert records["nelson2019"].authors == [("Ted", "Nelson"), ("Robert", "Ford")]
    assert left_out(data, "content/publication/latin1/cite.bib") == {
        "": "not UTF-8 text (invalid continuation byte)"
    }
    assert left_out(data, "content/publication/many/cite.bib") == {
        "bad": "cannot be read: no year",
        "second": "a second entry: a page's cite.bib describes that page",
    }
