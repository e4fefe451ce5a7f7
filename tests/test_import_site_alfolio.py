"""Moving in from an al-folio site: a checkout in al-folio's layout (its own example
files, tests/data/sites/al-folio) comes in whole, with every file and field left
out named and why, again without change, and renders."""

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from portfolio.importing.site import import_site
from portfolio.importing.sources import site as site_source
from portfolio.importing.sources.site import alfolio
from portfolio.importing.sources.site.bodies import html_to_markdown
from portfolio.importing.sources.site.repository import Repository
from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile, ProfileLink
from portfolio.projects.models import Project
from portfolio.publications.models import Author, Publication

from .test_paper_pdf import pdf_bytes
from .test_uploads import image_bytes

EXAMPLE = Path(__file__).parent / "data" / "sites" / "al-folio"

# The pictures and PDFs the example names, made here rather than kept in the
# repository. al-folio's own previews are GIFs, which the site does not take.
BINARIES = {
    **{f"assets/img/{n}.jpg": ("JPEG",) for n in (1, 3, 5, 6, 11)},
    "assets/img/prof_pic.jpg": ("JPEG",),
    "assets/img/12.jpg": ("JPEG",),
    "assets/img/7.jpg": ("JPEG",),
    "assets/img/publication_preview/brownian-motion.gif": ("GIF",),
    "assets/img/publication_preview/wave-mechanics.gif": ("GIF",),
    "assets/pdf/example_pdf.pdf": None,
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def checkout(tmp_path):
    """A copy of the example site with its pictures and PDFs."""
    root = tmp_path / "site"
    shutil.copytree(EXAMPLE, root)
    (root / "README.md").unlink()  # the fixture's own notes, not the site's
    for name, image in BINARIES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image_bytes(*image) if image else pdf_bytes())
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def unused_by_path(result) -> dict[str, list[str]]:
    grouped = defaultdict(list)
    for item in result.unused:
        grouped[item.path].append(f"{item.field}: {item.reason}" if item.field else item.reason)
    return grouped


def outcome_of(result, key: str):
    return next(o for o in result.outcomes if o.key == key)


# Detection ------------------------------------------------------------------------


def test_an_al_folio_checkout_is_recognised(tmp_path):
    repo = Repository(EXAMPLE)
    assert alfolio.detect(repo) > 0
    assert site_source.detect(repo) == "al-folio"
    (tmp_path / "_pages").mkdir()
    (tmp_path / "_pages" / "about.md").write_text("---\ntitle: about\n---\n")
    assert alfolio.detect(Repository(tmp_path)) == 0  # about.md alone is any Jekyll site's


# What comes in ----------------------------------------------------------------------


def test_the_example_site_comes_in_whole(db, checkout, media):
    result = import_site(checkout)
    assert result.theme == "al-folio"
    assert {o.action for o in result.outcomes} == {"created"}, [
        (o.key, o.action, o.message) for o in result.outcomes if o.action != "created"
    ]

    profile = Profile.get_solo()
    assert (profile.name, profile.email) == ("Albert Einstein", "you@example.com")
    assert profile.headline == "Affiliations. Address. Contacts. Motto. Etc."
    assert profile.bio.startswith("Write your biography here. Tell the world about yourself.")
    assert "[publications page](/al-folio/publications/)" in profile.bio
    assert profile.photo and profile.photo.name.startswith("profile/")
    assert [(link.kind, link.label, link.url) for link in profile.links.all()] == [
        ("other", "Inspire HEP", "https://inspirehep.net/authors/1010907"),
        ("google_scholar", "", "https://scholar.google.com/citations?user=qc6CJjYAAAAJ"),
        ("other", "Custom Social", "https://www.alberteinstein.com/"),
    ]

    papers = {p.citation_key: p for p in Publication.objects.with_related()}
    assert len(papers) == 7  # al-folio's whole example bibliography
    epr = papers["PhysRev.47.777"]
    assert (epr.kind, epr.venue, epr.venue_short, epr.year, epr.month) == (
        "journal", "Phys. Rev.", "PhysRev", 1935, 5
    )  # fmt: skip
    assert epr.featured and epr.pdf and epr.abstract.startswith("In a complete theory")
    assert [(link.kind, link.url) for link in epr.link_list] == [
        ("doi", "https://doi.org/10.1103/PhysRev.47.777"),
        ("other", "http://link.aps.org/doi/10.1103/PhysRev.47.777"),
        ("proceedings", "https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777"),
    ]
    assert "with its pdf" in outcome_of(result, "PhysRev.47.777").message
    meaning = papers["einstein1950meaning"]
    assert (meaning.venue, meaning.venue_short) == ("American Journal of Physics", "AJP")
    assert not meaning.featured
    book = papers["einstein1956investigations"]
    # Its publisher, "Courier Corporation," as the example writes it, is its venue.
    assert (book.kind, book.venue, book.image.name) == ("book", "Courier Corporation", "")
    assert (
        "image brownian-motion.gif not brought in"
        in outcome_of(result, "einstein1956investigations").message
    )

    # scholar: names the owner "Einstein" with "Albert" or "A.": one person, the owner.
    owner = Author.objects.get(is_owner=True)
    assert (owner.given_name, owner.family_name) == ("Albert", "Einstein")
    assert Author.objects.filter(family_name="Einstein").count() == 1
    assert owner.publications.count() == 7

    news = {n.date.isoformat(): n for n in NewsItem.objects.all()}
    inline = news["2021-10-21"]
    assert inline.title == (
        '"On the Impact of Dataset Size: A Twitter Classification Case Study" paper is '
        "accepted at WI-IAT 2021."
    )
    assert "[WI-IAT 2021](https://www.wi-iat.com/wi-iat2021/index.html)" in inline.text
    long = news["2015-11-07"]
    assert long.title == "A long announcement with details"
    assert long.text.startswith("Announcements and news can be much longer")
    assert "#### Hipster list\n\n- brunch\n- fixie\n- raybans\n- messenger bag\n" in long.text
    assert "[Pinterest](https://www.pinterest.com) DIY" in long.text
    assert len(news) == 2  # the third is commented out: al-folio does not show it

    projects = {p.title: p for p in Project.objects.prefetch_related("links")}
    assert set(projects) == {"project 1", "project 3"}
    first = projects["project 1"]
    assert first.summary == "a project with a background image"
    assert first.image and first.image_alt == "project 1"
    assert "![example image](" in first.description  # al-folio's figure, as Markdown
    prose = first.description.split("```")[0]  # the page's own code example aside
    assert "{%" not in prose and "\n<div" not in prose
    third = projects["project 3"]
    assert third.image
    assert "![](" in third.description and "<div" not in third.description
    assert [(link.kind, link.url) for link in third.links.all()] == [
        ("website", "https://unsplash.com")
    ]

    page = Page.objects.get()
    assert (page.title, page.in_navigation, page.menu_order) == ("teaching", True, 5)
    assert page.body.startswith("For now, this page is assumed to be a static description")

    education = Position.objects.filter(kind="education").order_by("start_year")
    assert [(p.degree, p.organisation, p.start_year, p.end_year) for p in education] == [
        ("Federal teaching diploma",
         "Eidgenössische Technische Hochschule, Zurich, Switzerland", 1900, 1900),
        ("PhD", "University of Zurich, Zurich, Switzerland", 1905, 1905),
    ]  # fmt: skip
    assert education[1].description == (
        "- Description 1.\n- Description 2.\n- Description 3.\n"
        "  - Sub-description 1.\n  - Sub-description 2."
    )
    jobs = Position.objects.filter(kind="employment").order_by("start_year", "end_year")
    assert [(p.role, p.start_year, p.end_year) for p in jobs] == [
        ("Associate Professor of Theoretical Physics", 1909, 1911),
        ("Professor of Theoretical Physics", 1911, 1917),
        ("Director", 1917, 1933),
        ("Visiting Professor", 1933, 1933),
        ("Professor of Theoretical Physics", 1933, 1955),
    ]
    awards = Award.objects.order_by("start_year", "title")
    assert [(a.title, a.start_year) for a in awards] == [
        ("Matteucci Medal", 1921), ("Nobel Prize in Physics", 1921), ("Max Planck Medal", 2029)
    ]  # fmt: skip


def test_every_file_and_field_left_out_is_named_with_why(db, checkout, media):
    for name in ("_layouts/bib.liquid", "_sass/_base.scss", "_sass/_cv.scss", "Gemfile"):
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / name).write_text("theme")
    for name in ("_posts/2015-03-15-formatting-and-links.md", "_data/coauthors.yml"):
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / name).write_text("---\n---\n")
    (checkout / "_pages" / "people.md").write_text(
        "---\nlayout: page\ntitle: people\n---\n<!-- the group -->\n"
        '<div class="people">{% for p in site.data.people %}{{ p.name }}{% endfor %}</div>\n'
    )
    (checkout / "_pages" / "dropdown.md").write_text(
        "---\nlayout: page\ntitle: submenus\nnav: true\ndropdown: true\nchildren:\n"
        "  - title: bookshelf\n    permalink: /books/\n---\n"
    )
    unused = unused_by_path(import_site(checkout, dry_run=True))

    assert unused["_bibliography/papers.bib"] == [
        "einstein1956investigations: bibtex_show: every publication here shows its BibTeX "
        "(Cite, and its .bib address)",
        "einstein1950meaning: bibtex_show: every publication here shows its BibTeX "
        "(Cite, and its .bib address)",
        *(f"einstein1950meaning: {f}: not a field the site keeps"
          for f in ("volume", "number", "pages", "publisher")),
        *(f"PhysRev.47.777: {f}: not a field the site keeps"
          for f in ("volume", "issue", "pages", "numpages", "publisher")),
        "PhysRev.47.777: altmetric: a badge of the old site: the site shows the citations "
        "it counts itself",
        "PhysRev.47.777: dimensions: a badge of the old site: the site shows the citations "
        "it counts itself",
        *(f"einstein1905molekularkinetischen: {f}: not a field the site keeps"
          for f in ("volume", "number", "pages", "publisher")),
        "einstein1905movement: volume: not a field the site keeps",
        "einstein1905movement: pages: not a field the site keeps",
        "przibram1967letters: bibtex_show: every publication here shows its BibTeX "
        "(Cite, and its .bib address)",
    ]  # fmt: skip
    assert unused["_bibliography/quirks.bib"] == [
        "not the site's bibliography (_config.yml names _bibliography/papers.bib): import it "
        "with manage.py import_bibtex if it holds publications"
    ]
    assert unused["_config.yml"] == [
        "description: the old site's description for search engines and feeds",
        "footer_text: the old site's footer: the site writes its own",
        "keywords: the old site's keywords for search engines",
        "contact_note: a note beside the old site's social links: the site has no place for it",
        "url: the old site's address: the site has its own",
        "baseurl: the old site's address: the site has its own",
        "7 other settings: the theme's settings (layout, collections, plugins, analytics…): "
        "not content",
    ]
    assert unused["_pages/about.md"] == [
        "profile: align: where the old theme put the photo",
        "profile: image_circular: how the old theme cut the photo",
        "profile: more_info: the text under the old photo (an address): the profile has no "
        "field for it; add it to the bio if it should stay",
        "layout: the old theme's page layout",
        "title: the old home page's title: the site's home page is the profile's name",
        "permalink: addresses here are the site's own",
        "selected_papers: the home page shows the featured publications (selected={true})",
        "social: the home page shows the profile's links",
        "announcements: the home page shows the latest news",
        "latest_posts: the old site's blog: the site has no blog",
    ]
    assert unused["_data/socials.yml"] == [
        "rss_icon: the old site's feed: the site has its own feeds",
        "custom_social: logo: the site draws the icons of links itself",
    ]
    assert unused["_news/announcement_2.md"] == [
        "layout: the old theme's page layout",
        "related_posts: the old site's list of related posts",
        "HTML taken out, its text kept (<ul>): the site's Markdown shows no HTML",
    ]
    assert unused["_news/announcement_3.md"] == [
        "no front matter: the old site did not show it as news"
    ]
    assert unused["_projects/1_project.md"] == [
        "line 38: Liquid tag {% cite einstein1950meaning %} cannot be rendered here",
        "line 59: Liquid tag {% raw %} cannot be rendered here",
        "line 72: Liquid tag {% endraw %} cannot be rendered here",
        "layout: the old theme's page layout",
        "importance: the place on the old projects page: projects here are in order of date",
        "category: a group of the old projects page: the site has none; give it topics here",
        "related_publications: the old page's list of the papers it cites: link the "
        "project's publications here",
        "HTML taken out, its text kept (<div>): the site's Markdown shows no HTML",
    ]
    assert unused["_pages/publications.md"] == [
        "the old site's list of publications: the site makes its own"
    ]
    assert unused["_pages/projects.md"] == [
        "the old site's list of projects: the site makes its own"
    ]
    assert unused["_pages/cv.md"] == [
        "the old site's CV page: the site makes its own from the positions and awards"
    ]
    assert unused["_pages/404.md"] == [
        "the old site's page for an address it does not have: the site has its own"
    ]
    assert unused["_pages/people.md"] == [
        "nothing but the old theme's template code: no text to keep"
    ]
    assert unused["_pages/dropdown.md"] == [
        "a menu of the old site's navigation: the site makes its own"
    ]
    assert unused["_pages/teaching.md"] == [
        "layout: the old theme's page layout",
        "permalink: addresses here are the site's own",
        "description: the line under the old page's title: a page here has none",
    ]
    assert unused["_data/cv.yml"] == [
        "General Information: a section (map) the site has no place for",
        "Open Source Projects: a section (time_table) the site has no place for",
        "Academic Interests: a section (nested_list) the site has no place for",
        "Other Interests: a section (list) the site has no place for",
    ]
    assert unused["_posts/2015-03-15-formatting-and-links.md"] == [
        "a blog post: the site has no blog"
    ]
    assert unused["_data/coauthors.yml"] == [
        "the old site's links of co-authors' names: not brought in"
    ]
    assert unused["_layouts"] == ["the theme's page layouts (1 file): not content"]
    assert unused["_sass"] == ["the theme's styles (2 files): not content"]
    assert unused["Gemfile"] == ["the theme's Ruby dependencies (1 file): not content"]
    # Every file was read, or named with why it was not.
    assert not [path for path, why in unused.items() if "not content the import knows" in why]


def test_al_folios_bibtex_dialect_and_the_quirks_of_real_files(db, checkout, media):
    edit(checkout / "_config.yml", "bibliography: papers.bib", "bibliography: quirks.bib")
    (checkout / "assets/img/publication_preview/geo.png").write_bytes(image_bytes("PNG"))
    (checkout / "assets/pdf/pang2019geo.pdf").write_bytes(pdf_bytes())
    result = import_site(checkout)
    papers = {p.citation_key: p for p in Publication.objects.with_related()}
    assert set(papers) == {"pang2019geo", "wu2021wideband", "einstein1920relativity"}
    broken = outcome_of(result, "broken2020")
    assert (broken.action, broken.message) == (
        "error", "line 57 of _bibliography/quirks.bib: no year"
    )  # fmt: skip

    geo = papers["pang2019geo"]
    assert (geo.kind, geo.venue_short, geo.note, geo.featured) == (
        "workshop", "MASSW 2019", "Best Paper", True
    )  # fmt: skip
    assert geo.pdf and geo.image
    assert [(link.kind, link.url) for link in geo.link_list] == [
        ("doi", "https://doi.org/10.1109/MASSW.2019.00042"),
        ("proceedings", "https://ieeexplore.ieee.org/abstract/document/9059317"),
        ("code", "https://github.com/example/geo-obfuscation"),
        ("poster", "https://example.org/geo-poster.pdf"),
    ]
    marks = [(a.author.name, a.equal_contribution) for a in geo.authorship_list]
    assert marks == [("Ce Pang", True), ("Albert Einstein", False), ("Ning Wang", False)]

    wideband = papers["wu2021wideband"]
    assert (wideband.doi, wideband.pmid, wideband.arxiv_id) == (
        "10.3390/s21041136", "33561972", "2101.00001"
    )  # fmt: skip
    assert [(link.kind, link.url) for link in wideband.link_list][3:] == [
        ("proceedings", "https://www.mdpi.com/1424-8220/21/4/1136"),
        ("arxiv", "https://arxiv.org/abs/2101.00001"),
        ("video", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ("project", "https://example.org/wideband"),
        ("other", "https://example.org/blog/wideband"),
    ]
    marks = [(a.author.name, a.equal_contribution) for a in wideband.authorship_list]
    assert marks == [("Ben Wu", False), ("Sourabh Yadav", True), ("Albert Einstein", False)]
    assert papers["einstein1920relativity"].kind == "book"
    assert Author.objects.get(is_owner=True).publications.count() == 3

    unused = unused_by_path(result)["_bibliography/quirks.bib"]
    assert unused == [
        "pang2019geo: slides: a file of the old site (assets/pdf/pang2019geo-slides.pdf): a "
        "publication here keeps one PDF; put this one online and add its address as a link",
        "pang2019geo: award: the award's text: the note keeps its name (award_name)",
        "pang2019geo: pages: not a field the site keeps",
        "pang2019geo: selected1: not a field the site keeps",
        "pang2019geo: google_scholar_id: a badge of the old site: the site shows the "
        "citations it counts itself",
        "wu2021wideband: preview: an image elsewhere: not downloaded; add it here",
        "wu2021wideband: supp: a file of the old site (assets/pdf/wu2021wideband-supp.pdf): "
        "a publication here keeps one PDF; put this one online and add its address as a link",
        "wu2021wideband: volume: not a field the site keeps",
        "wu2021wideband: article-number: not a field the site keeps",
        "wu2021wideband: annotation: a note on the authors' marks: the site writes the marks' "
        "legend itself",
        "wu2021wideband: additional_info: text the old site wrote after the venue: the site "
        "has no field for it",
        "wu2021wideband: inspirehep_id: a badge of the old site: the site shows the citations "
        "it counts itself",
        "wu2021wideband: location: the site keeps no place for a publication",
        "einstein1920relativity: html: a page of the old site (assets/html/relativity.html): "
        "not brought in",
    ]


def test_a_file_missing_or_refused_leaves_its_entry_in(db, checkout, media):
    (checkout / "assets/pdf/example_pdf.pdf").unlink()
    (checkout / "assets/img/prof_pic.jpg").write_bytes(b"not a picture")
    result = import_site(checkout)
    assert {o.action for o in result.outcomes} == {"created"}
    assert not Publication.objects.get(citation_key="PhysRev.47.777").pdf
    assert "PhysRev.47.777: pdf: assets/pdf/example_pdf.pdf: no such file" in [
        f"{u.field}: {u.reason}" for u in result.unused
    ]
    assert "photo prof_pic.jpg not brought in" in outcome_of(result, "_config.yml").message
    assert not Profile.get_solo().photo


# Older and other al-folio sites -----------------------------------------------------


def test_an_older_site_keeps_its_social_links_in_its_config(db, checkout, media):
    (checkout / "_data" / "socials.yml").unlink()
    edit(checkout / "_config.yml", "github_username: #", "github_username: alshedivat #")
    edit(checkout / "_config.yml", "orcid_id: #", "orcid_id: 0000-0002-1825-0097 #")
    import_site(checkout)
    profile = Profile.get_solo()
    assert profile.email == "you@example.com"
    assert [(link.kind, link.url) for link in profile.links.all()] == [
        ("github", "https://github.com/alshedivat"),
        ("orcid", "https://orcid.org/0000-0002-1825-0097"),
    ]


def test_social_links_left_in_the_config_of_a_newer_site_are_named(db, checkout, media):
    edit(checkout / "_config.yml", "github_username: #", "github_username: alshedivat #")
    result = import_site(checkout, dry_run=True)
    assert (
        "github_username: al-folio reads its social links from _data/socials.yml"
        in (unused_by_path(result)["_config.yml"])
    )


def test_an_owner_named_otherwise_in_scholar_is_said(db, checkout, media):
    edit(checkout / "_config.yml", "last_name: Einstein\nemail", "last_name: Name\nemail")
    result = import_site(checkout)
    assert Profile.get_solo().name == "Albert Name"
    assert (
        "scholar: last_name: names the owner among authors as Einstein, not as the site's "
        "name (Albert Name): those authors are not marked as you; write the same name in "
        "first_name and last_name"
    ) in unused_by_path(result)["_config.yml"]
    assert not Author.objects.filter(is_owner=True).exists()
    assert Author.objects.filter(family_name="Einstein").exists()


def test_a_cv_in_rendercvs_format_is_named_not_misread(db, checkout, media):
    (checkout / "_data" / "cv.yml").write_text("cv:\n  name: Albert Einstein\n  sections: {}\n")
    result = import_site(checkout, dry_run=True)
    assert unused_by_path(result)["_data/cv.yml"] == [
        "a CV in RenderCV's format: not brought in; add its positions and awards here"
    ]
    assert not any(o.kind in {"Education", "Employment", "Award"} for o in result.outcomes)


def test_al_folios_layout_blocks_are_unindented_and_their_lists_made_markdown():
    text = (
        '<div class="row">\n'
        '    <div class="col-sm">\n'
        '        {% include figure.liquid path="assets/img/1.jpg" title="A lab" %}\n'
        "    </div>\n"
        "</div>\n"
        "<ul>\n    <li><strong>One</strong></li>\n    <li>Two</li><li>Three</li>\n</ul>\n\n"
        "    indented code <b>stays</b>\n\n"
        "```html\n  <div>kept</div>\n```\n"
    )
    body, unused = alfolio.markdown_of(text, "_projects/p.md")
    assert unused == []
    body, unused = html_to_markdown(body, "_projects/p.md")
    assert body == (
        "![A lab](/assets/img/1.jpg)\n\n- **One**\n- Two\n- Three\n\n"
        "    indented code <b>stays</b>\n\n"
        "```html\n  <div>kept</div>\n```"
    )
    assert [u.reason for u in unused] == [
        "HTML taken out, its text kept (<div>, <ul>): the site's Markdown shows no HTML"
    ]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1905, (1905, 1905, False)),
        ("1933 - 1955", (1933, 1955, False)),
        ("1917-1933", (1917, 1933, False)),
        ("2015-now", (2015, None, True)),
        ("Sep 2019 – Present", (2019, None, True)),
        ("2019 to 2021", (2019, 2021, False)),
        ("spring term", None),
        ("2019 - soon", None),
        ("", None),
        (None, None),
    ],
)
def test_the_years_of_a_cv_entry(year, expected):
    assert alfolio.year_range(year) == expected


# Errors, again, dry run -------------------------------------------------------------


def test_an_inline_news_item_is_titled_by_its_first_sentence(db, checkout, media):
    news = checkout / "_news"
    (news / "short.md").write_text("---\ndate: 2024-05-01\ninline: true\n---\nWe moved.\n")
    (news / "long.md").write_text(
        "---\ndate: 2024-06-01\ninline: true\n---\nOur paper is out. Read it *now*.\n"
        "Slides follow.\n"
    )
    (news / "lines.md").write_text(
        "---\ndate: 2024-07-01\ninline: true\n---\n**Talk** at the workshop\nin Paris\n"
    )
    import_site(checkout)
    items = {n.date.isoformat(): (n.title, n.text) for n in NewsItem.objects.all()}
    assert items["2024-05-01"] == ("We moved.", "")
    assert items["2024-06-01"] == (
        "Our paper is out.", "Our paper is out. Read it *now*.\nSlides follow."
    )  # fmt: skip
    assert items["2024-07-01"] == ("Talk at the workshop", "**Talk** at the workshop\nin Paris")


def test_a_bad_file_is_that_files_error_only(db, checkout, media):
    (checkout / "_news" / "broken.md").write_text("---\ntitle: [unclosed\n---\nText\n")
    (checkout / "_news" / "undated.md").write_text("---\ninline: true\n---\nNo date here.\n")
    (checkout / "_projects" / "untitled.md").write_text("---\nimportance: 2\n---\nText\n")
    result = import_site(checkout)
    errors = {o.key: o.message for o in result.outcomes if o.action == "error"}
    assert errors == {
        "_news/broken.md": "_news/broken.md: its front matter cannot be read (while parsing a "
        "flow sequence)",
        "_news/undated.md": "no date: a news item needs one",
        "_projects/untitled.md": "no title: a project needs one",
    }
    assert NewsItem.objects.count() == 2 and Project.objects.count() == 2
    assert Publication.objects.count() == 7


def test_importing_again_changes_nothing_and_keeps_edits_made_here(db, checkout, media):
    first = import_site(checkout)
    counts = {
        model: model.objects.count()
        for model in (Publication, NewsItem, Project, Page, Position, Award, ProfileLink)
    }
    NewsItem.objects.filter(date="2015-11-07").update(title="Details of the announcement")
    again = import_site(checkout)
    assert len(again.outcomes) == len(first.outcomes)
    assert {o.action for o in again.outcomes} == {"skipped"}, [
        (o.key, o.action, o.message) for o in again.outcomes if o.action != "skipped"
    ]
    assert {model: model.objects.count() for model in counts} == counts
    assert NewsItem.objects.get(date="2015-11-07").title == "Details of the announcement"


def test_a_dry_run_writes_nothing(db, checkout, media):
    result = import_site(checkout, dry_run=True)
    assert {o.action for o in result.outcomes} == {"created"}
    for model in (Profile, Publication, NewsItem, Project, Page, Position, Award, Author):
        assert not model.objects.exists(), model
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# The site it makes --------------------------------------------------------------------


def test_every_imported_entry_renders(db, client, checkout, media):
    import_site(checkout)
    rows = [
        *Publication.objects.all(),
        *NewsItem.objects.all(),
        *Project.objects.all(),
        *Page.objects.all(),
    ]
    for row in rows:
        response = client.get(row.get_absolute_url())
        assert response.status_code == 200, row
        assert escape(row.title) in response.content.decode(), row
    pages = {
        reverse("website:home"): ["Albert Einstein", "Can Quantum-Mechanical Description"],
        reverse("publications:list"): ["Letters on wave mechanics"],
        reverse("news:list"): ["A long announcement with details"],
        reverse("projects:list"): ["project 3"],
        reverse("website:cv"): ["Federal teaching diploma", "Matteucci Medal", "Director"],
    }
    for url, texts in pages.items():
        html = client.get(url).content.decode()
        for text in texts:
            assert text in html, (url, text)


# Odd, missing and refused values, read from small checkouts ------------------------


def read_site(root: Path, files: dict[str, str | bytes]):
    """What the reader makes of a checkout holding only ``files``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return alfolio.read(Repository(root))


def left_out(data, path: str) -> list[str]:
    return [
        f"{u.field}: {u.reason}" if u.field else u.reason for u in data.unused if u.path == path
    ]


def errors_of(data) -> dict[str, str]:
    return {o.key: o.message for o in data.errors}


def entries_of(data, model: str) -> list:
    return [e for e in data.entries if e.model == model]


def test_a_config_that_is_not_a_set_of_settings_is_an_error(tmp_path):
    data = read_site(tmp_path, {"_config.yml": "- first_name\n- last_name\n"})
    assert errors_of(data) == {"_config.yml": "_config.yml: not a set of settings"}
    assert data.entries == []


def test_a_config_that_cannot_be_read_is_its_error_only(tmp_path):
    data = read_site(tmp_path, {"_config.yml": "first_name: [Albert\n", "_news/a.md": "---\n"
                                "date: 2024-01-02\ntitle: Hello\n---\n"})  # fmt: skip
    assert list(errors_of(data)) == ["_config.yml"]
    assert errors_of(data)["_config.yml"].startswith("_config.yml: cannot be read (")
    assert [e.values["title"] for e in entries_of(data, "news")] == ["Hello"]


def test_a_name_too_long_for_the_profile_is_left_out(tmp_path):
    data = read_site(
        tmp_path, {"_config.yml": f"first_name: {'A' * 150}\nlast_name: {'B' * 60}\n"}
    )
    assert left_out(data, "_config.yml") == ["first_name: longer than a name here holds"]
    assert entries_of(data, "profile") == []  # nothing else to make a profile of


def test_a_site_without_config_takes_its_email_from_its_social_links(tmp_path):
    data = read_site(tmp_path, {"_data/socials.yml": "email: ada@example.org\n"})
    [profile] = entries_of(data, "profile")
    assert (profile.key, profile.values) == ("_config.yml", {"email": "ada@example.org"})


def test_the_email_of_the_social_links_wins_and_the_configs_is_named(tmp_path):
    data = read_site(tmp_path, {
        "_config.yml": "first_name: Ada\nlast_name: Lovelace\nemail: old@example.org\n",
        "_data/socials.yml": "email: ada@example.org\n",
    })  # fmt: skip
    [profile] = entries_of(data, "profile")
    assert profile.values == {"name": "Ada Lovelace", "email": "ada@example.org"}
    assert left_out(data, "_config.yml") == ["email: the email of _data/socials.yml is used"]


def test_an_email_that_is_no_email_address_is_left_out(tmp_path):
    data = read_site(tmp_path, {
        "_config.yml": "first_name: Ada\nlast_name: Lovelace\nemail: ada at example\n",
        "_data/socials.yml": "email: nobody@\n",
    })  # fmt: skip
    [profile] = entries_of(data, "profile")
    assert profile.values == {"name": "Ada Lovelace"}
    assert left_out(data, "_config.yml") == ["email: 'ada at example' is not an email address"]
    assert left_out(data, "_data/socials.yml") == ["email: 'nobody@' is not an email address"]


def test_social_links_that_are_not_a_set_are_an_error(tmp_path):
    data = read_site(tmp_path, {"_data/socials.yml": "- github_username: ada\n"})
    assert errors_of(data) == {"_data/socials.yml": "_data/socials.yml: not a set of links"}
    assert entries_of(data, "link") == []


def test_custom_and_unknown_social_links(tmp_path):
    data = read_site(tmp_path, {
        "_data/socials.yml": (
            "github_username: ada\n"
            "lab:\n  url: https://lab.example.org\n"
            "myspace_id: ada\n"
            "notes:\n  title: Notes\n"
        ),
    })  # fmt: skip
    assert [e.values for e in entries_of(data, "link")] == [
        {"kind": "github", "label": "", "url": "https://github.com/ada"},
        {"kind": "other", "label": "lab", "url": "https://lab.example.org"},
    ]
    assert left_out(data, "_data/socials.yml") == [
        "myspace_id: not a social link al-folio knows",
        "notes: not a social link al-folio knows",
    ]


def test_an_about_page_without_text_or_photo_keeps_its_subtitle_when_it_fits(tmp_path):
    data = read_site(tmp_path, {
        "_config.yml": "first_name: Ada\nlast_name: Lovelace\n",
        "_pages/about.md": f"---\nsubtitle: {'word ' * 50}\nprofile:\n  align: right\n---\n",
    })  # fmt: skip
    [profile] = entries_of(data, "profile")
    assert profile.values == {"name": "Ada Lovelace"}  # no bio, no headline
    assert profile.files == {}
    assert left_out(data, "_pages/about.md") == [
        "subtitle: longer than the 200 characters of a headline",
        "profile: align: where the old theme put the photo",
    ]


def test_a_missing_photo_is_named_and_the_profile_comes_in(tmp_path):
    data = read_site(tmp_path, {
        "_pages/about.md": "---\nprofile:\n  image: me.jpg\n---\nHello.\n",
    })  # fmt: skip
    [profile] = entries_of(data, "profile")
    assert (profile.values, profile.files) == ({"bio": "Hello."}, {})
    assert left_out(data, "_pages/about.md") == ["profile: image: assets/img/me.jpg: no such file"]


def test_an_about_page_that_cannot_be_read_is_its_error(tmp_path):
    data = read_site(tmp_path, {
        "_config.yml": "first_name: Ada\nlast_name: Lovelace\n",
        "_pages/about.md": "---\nsubtitle: [open\n---\nHello.\n",
    })  # fmt: skip
    assert list(errors_of(data)) == ["_pages/about.md"]
    assert "its front matter cannot be read" in errors_of(data)["_pages/about.md"]
    [profile] = entries_of(data, "profile")
    assert profile.values == {"name": "Ada Lovelace"}


def test_a_bibliography_config_names_but_the_checkout_lacks(tmp_path):
    data = read_site(tmp_path, {
        "_config.yml": "scholar:\n  bibliography: mine\n",
        "_bibliography/papers.bib": "@book{a, title={A}, author={Einstein, A.}, year={1920}}\n",
    })  # fmt: skip
    assert data.records == [] and data.errors == []
    assert left_out(data, "_bibliography/papers.bib") == [
        "not the site's bibliography (_config.yml names _bibliography/mine.bib): import it "
        "with manage.py import_bibtex if it holds publications"
    ]


def test_a_bibliography_that_is_not_utf8_is_its_error(tmp_path):
    data = read_site(tmp_path, {"_bibliography/papers.bib": b"@book{a, title={\xff}}\n"})
    assert errors_of(data) == {
        "_bibliography/papers.bib": "_bibliography/papers.bib: not UTF-8 text (invalid start byte)"
    }
    assert data.records == []


def test_scholar_without_a_first_name_marks_no_author_as_the_owner(tmp_path):
    data = read_site(tmp_path, {
        "_config.yml": "first_name: Albert\nlast_name: Einstein\n"
        "scholar:\n  last_name: Einstein\n",
        "_bibliography/papers.bib": "@book{a, title={A}, author={Einstein, A.}, year={1920}}\n",
    })  # fmt: skip
    [record] = data.records
    assert record.authors == [("A.", "Einstein")]  # as written, not the profile's name
    assert not [u for u in data.unused if u.field.startswith("scholar")]


BIB_QUIRKS = r"""
@article{pre2021,
  title={A preprint}, author={Einstein, Albert}, year={2021},
  journal={arXiv preprint arXiv:2101.00001},
  abbr={arXiv 2021},
  arxiv={soon},
  hal={hal-01234567},
  code={github.com/ada/code},
  award={A prize whose citation runs long: awarded for the paper that changed how the field
    thinks of itself, its methods and its students},
}
@inproceedings{conf2020,
  title={A talk}, author={Einstein, Albert}, year={2020}, booktitle={Proceedings},
  abbr={The Annual International Conference of Everyone Who Works on Everything Under the Sun and
    Beyond It, Every Year},
  url={https://example.org/paper},
  html={https://example.org/paper},
  eprint={2101.00002}, archivePrefix={arXiv},
  arxiv={2101.00002},
  award={Best Paper},
}
@book{book1999,
  title={A book}, author={Einstein, Albert}, year={1999}, publisher={Press},
  award_name={Best Book},
}
"""


def test_al_folios_fields_that_cannot_come_in_are_named(tmp_path):
    data = read_site(tmp_path, {"_bibliography/papers.bib": BIB_QUIRKS})
    records = {r.key: r for r in data.records}
    pre = records["pre2021"]
    assert (pre.kind, pre.venue_short, pre.note) == ("preprint", "arXiv", "")
    assert ("hal", "https://hal.science/hal-01234567") in pre.links
    conf = records["conf2020"]
    assert (conf.venue_short, conf.note) == ("", "Best Paper")
    assert [url for _, url in conf.links].count("https://example.org/paper") == 1
    assert [kind for kind, _ in conf.links].count("arxiv") == 1
    assert records["book1999"].note == ""
    assert left_out(data, "_bibliography/papers.bib") == [
        "pre2021: abbr: a preprint is named by its server, arXiv",
        "pre2021: arxiv: 'soon' is not an arXiv id",
        "pre2021: code: 'github.com/ada/code' is not an http(s) address",
        "pre2021: award: longer than the 100 characters of a presentation note",
        "conf2020: abbr: longer than the 100 characters of a venue's short name",
        "book1999: award_name: al-folio shows it only with an award",
    ]


def test_a_news_title_too_long_is_cut_and_an_empty_item_is_an_error(tmp_path):
    data = read_site(tmp_path, {
        "_news/long.md": f"---\ndate: 2024-01-02\ntitle: {'word ' * 70}\n---\nText.\n",
        "_news/empty.md": "---\ndate: 2024-01-03\ninline: true\n---\n{% include x.liquid %}\n",
    })  # fmt: skip
    [item] = entries_of(data, "news")
    assert len(item.values["title"]) == 300 and item.values["title"].endswith("word word…")
    assert item.values["text"] == "Text."
    assert left_out(data, "_news/long.md") == ["title: cut to the 300 characters of a news title"]
    assert errors_of(data) == {"_news/empty.md": "no text: a news item needs one"}
    assert left_out(data, "_news/empty.md") == []  # its tags are the error's, not listed


def test_projects_odd_and_missing_fields(tmp_path):
    data = read_site(tmp_path, {
        "_projects/broken.md": "---\ntitle: [open\n---\n",
        "_projects/bare.md": "Just text.\n",
        "_projects/long.md": f"---\ntitle: {'long ' * 45}\n---\n",
        "_projects/a.md": (
            f"---\ntitle: A\ndescription: {'summary ' * 40}\n"
            "img: https://example.org/a.png\ngithub: ada/a/\nredirect: /projects/a/\n---\n"
        ),
        "_projects/b.md": "---\ntitle: B\nimg: /assets/img/missing.jpg\n---\nAbout B.\n",
        "_projects/c.md": "---\ntitle: C\n---\n",
    })  # fmt: skip
    projects = {e.key: e for e in entries_of(data, "project")}
    assert set(projects) == {"_projects/a.md", "_projects/b.md", "_projects/c.md"}
    assert (projects["_projects/c.md"].values, projects["_projects/c.md"].files) == (
        {"title": "C"}, {}
    )  # fmt: skip
    a, b = projects["_projects/a.md"], projects["_projects/b.md"]
    assert (a.values, a.links, a.files) == (
        {"title": "A"}, [("code", "https://github.com/ada/a")], {}
    )  # fmt: skip
    assert (b.values, b.links, b.files) == ({"title": "B", "description": "About B."}, [], {})
    assert left_out(data, "_projects/a.md") == [
        "description: longer than the 300 characters of a summary",
        "img: an image elsewhere: not downloaded; add it here",
        "redirect: a page of the old site: not an address here",
    ]
    assert left_out(data, "_projects/b.md") == ["img: assets/img/missing.jpg: no such file"]
    assert left_out(data, "_projects/bare.md") == [
        "no front matter: the old site did not show it as a project"
    ]
    errors = errors_of(data)
    assert errors.pop("_projects/long.md") == "its title is longer than a project's 200"
    assert list(errors) == ["_projects/broken.md"]
    assert "its front matter cannot be read" in errors["_projects/broken.md"]


def test_pages_odd_and_missing_fields(tmp_path):
    data = read_site(tmp_path, {
        "_pages/broken.md": "---\ntitle: [open\n---\n",
        "_pages/bare.md": "Just text.\n",
        "_pages/long.md": f"---\ntitle: {'long ' * 45}\n---\nText.\n",
        "_pages/talks.md": "---\ntitle: talks\nnav: true\nnav_order: first\n---\nTalks.\n",
    })  # fmt: skip
    [page] = entries_of(data, "page")
    assert page.values == {"title": "talks", "body": "Talks.", "in_navigation": True}
    assert left_out(data, "_pages/bare.md") == [
        "no front matter: the old site did not show it as a page"
    ]
    errors = errors_of(data)
    assert errors.pop("_pages/long.md") == "its title is longer than a page's 200"
    assert list(errors) == ["_pages/broken.md"]
    assert "its front matter cannot be read" in errors["_pages/broken.md"]


def test_a_json_resume_is_the_cv_and_cv_yml_is_named(tmp_path):
    data = read_site(tmp_path, {
        "assets/json/resume.json": '{"work": [{"name": "ETH Zurich", "position": "Professor",'
        ' "startDate": "1912-01-01"}]}',
        "_data/cv.yml": "- title: Education\n  type: time_table\n  contents: []\n",
    })  # fmt: skip
    [position] = entries_of(data, "position")
    assert (position.values["organisation"], position.values["role"]) == (
        "ETH Zurich", "Professor"
    )  # fmt: skip
    assert position.values["start_year"] == 1912
    assert left_out(data, "_data/cv.yml") == [
        "al-folio shows assets/json/resume.json instead: the CV comes from it"
    ]
    alone = read_site(tmp_path / "alone", {"assets/json/resume.json": '{"work": []}'})
    assert (alone.entries, alone.unused, alone.errors) == ([], [], [])


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("- [open\n", "_data/cv.yml: cannot be read ("),
        ("education: PhD\n", "_data/cv.yml: not a list of CV sections"),
    ],
)
def test_a_cv_that_cannot_be_read_is_its_error(tmp_path, text, error):
    data = read_site(tmp_path, {"_data/cv.yml": text})
    assert list(errors_of(data)) == ["_data/cv.yml"]
    assert errors_of(data)["_data/cv.yml"].startswith(error)
    assert data.entries == []


CV_ODDITIES = f"""
- Some text
- title: Education
  type: time_table
  contents:
    - A line
    - title: {"Doctor of Philosophy in Theoretical Physics " * 3}
      institution: University of Zurich
      location: Zurich, Switzerland
      description: One paragraph.
    - institution: ETH Zurich
      year: 1900
    - title: Diploma
      year: in the spring
      description: ["First.", "", "Second."]
- title: Awards
  type: time_table
  contents:
    - items: ["", "{"A medal " * 40}", Nobel Prize]
"""


def test_cv_entries_with_odd_or_missing_values(tmp_path):
    data = read_site(tmp_path, {"_data/cv.yml": CV_ODDITIES})
    assert [e.values for e in entries_of(data, "position")] == [
        {"kind": "education", "organisation": "University of Zurich", "start_year": None,
         "location": "Zurich, Switzerland", "description": "One paragraph."},
        {"kind": "education", "organisation": "ETH Zurich", "start_year": 1900,
         "end_year": 1900},
        {"kind": "education", "organisation": "", "start_year": None, "degree": "Diploma",
         "description": "- First.\n- Second."},
    ]  # fmt: skip
    assert [e.values for e in entries_of(data, "award")] == [
        {"title": "Nobel Prize", "start_year": None}
    ]
    assert left_out(data, "_data/cv.yml") == [
        "section 1: not a CV section (title, type, contents)",
        "Education: 1: not an entry of a time table",
        "Education: 2: title: longer than the degree of a position holds",
        "Education: 4: year: not a year or a range of years",
        "Awards: 1: 2: longer than the 300 characters of an award",
    ]


def test_a_figure_whose_path_is_a_variable_is_named_as_a_tag():
    body, unused = alfolio.markdown_of(
        'Before.\n{% include figure.liquid path=project.img alt="A" %}\nAfter.', "_pages/a.md"
    )
    assert body == "Before.\n\nAfter."
    assert [str(u) for u in unused] == [
        '_pages/a.md: line 2: Liquid tag {% include figure.liquid path=project.img alt="A" %} '
        "cannot be rendered here"
    ]
