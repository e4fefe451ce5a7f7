"""Moving in from a site made with academicpages: the template's own example site
(tests/data/sites/academicpages, copied from its repository) comes in whole,
with every file and field left out named, again without change, and renders."""

import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from portfolio.importing.site import import_site
from portfolio.importing.sources import site as site_source
from portfolio.importing.sources.site import academicpages, repository
from portfolio.importing.sources.site.academicpages import citation_authors, names_in
from portfolio.importing.sources.site.repository import Repository
from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.profile.models import Profile
from portfolio.projects.models import Project
from portfolio.publications.models import Publication
from portfolio.talks.models import Talk
from portfolio.teaching.models import Course

from .test_import_site import io_command, write
from .test_paper_pdf import pdf_bytes
from .test_uploads import image_bytes

EXAMPLE = Path(__file__).parent / "data" / "sites" / "academicpages"
MODELS = (Publication, Talk, Course, Project, NewsItem, Page)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(tmp_path):
    """The example site, with the PDFs and images its entries name."""
    root = tmp_path / "site"
    shutil.copytree(EXAMPLE, root)
    files = {f"files/{name}.pdf": pdf_bytes() for name in ("paper1", "paper2", "paper3")}
    files["files/slides1.pdf"] = pdf_bytes()
    files["images/profile.png"] = image_bytes(size=(64, 64))
    files["images/500x300.png"] = image_bytes(size=(500, 300))
    return write(root, files)


def counts():
    return [model.objects.count() for model in MODELS]


def test_the_template_is_recognised_as_academicpages(tmp_path, site):
    assert site_source.detect(Repository(site)) == "academicpages"
    alfolio = write(tmp_path / "other", {"_pages/about.md": "x", "_bibliography/papers.bib": ""})
    assert academicpages.detect(Repository(alfolio)) == 0


def test_every_entry_comes_in_with_its_fields_and_files(db, site, media):
    result = import_site(site)
    assert result.theme == "academicpages"
    assert {o.action for o in result.outcomes} == {"created"}, [
        (o.key, o.message) for o in result.outcomes if o.action != "created"
    ]

    profile = Profile.get_solo()
    assert (profile.name, profile.headline, profile.email) == (
        "Your Sidebar Name",
        "Short biography for the left-hand sidebar",
        "none@example.org",
    )
    assert profile.bio.startswith("This is the front page of a website that is powered by")
    assert "A data-driven personal website\n======" in profile.bio
    assert "![Editing a Markdown file for a talk](/images/editing-talk.png)" in profile.bio
    assert profile.photo and profile.photo_width == 64
    assert [(link.kind, link.label, link.url) for link in profile.links.all()] == [
        ("google_scholar", "", "https://scholar.google.com/citations?user=PS_CX0AAAAAJ"),
        ("orcid", "", "https://orcid.org/yourorcidurl"),
        ("other", "PubMed", "https://www.ncbi.nlm.nih.gov/pubmed/?term=john+snow"),
        ("github", "", "https://github.com/academicpages"),
        ("bluesky", "", "https://bsky.app/profile/bsky.app"),
    ]

    papers = {p.title: p for p in Publication.objects.all()}
    first = papers["Paper Title Number 1"]
    assert (first.kind, first.year, first.month, first.venue) == ("journal", 2009, 10, "Journal 1")
    assert [(a.author.given_name, a.author.family_name) for a in first.authorships.all()] == [
        ("You", "Your Name")
    ]
    with first.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert first.abstract.startswith("The contents above will be part of a list of publications")
    assert not first.links.exists()  # its slides are a file of the old site, named below
    fourth = papers["Paper Title Number 4"]
    assert (fourth.kind, fourth.year, fourth.month, fourth.venue) == (
        "conference",
        2024,
        2,
        "GitHub Journal of Bugs",
    )
    assert fourth.pdf
    # MathJax on the old site read $$...$$ in a line as inline math; code keeps its dollars.
    fifth = papers["Paper Title Number 5, with math $E=mc^2$"]
    assert "is supported - $E=mc^2$ - however" in fifth.abstract
    assert "delimiters are `$$...$$`" in fifth.abstract
    assert len(papers) == 5

    talks = {t.title: t for t in Talk.objects.all()}
    talk = talks["Talk 1 on Relevant Topic in Your Field"]
    assert (talk.event, talk.location, talk.year, talk.month, talk.kind) == (
        "UC San Francisco, Department of Testing",
        "San Francisco, CA, USA",
        2012,
        3,
        "invited",
    )
    assert talk.abstract.startswith("This is a description of your talk")
    assert talks["Tutorial 1 on Relevant Topic in Your Field"].kind == "tutorial"
    assert talks["Tutorial 1 on Relevant Topic in Your Field"].abstract.startswith(
        "[More information here](http://exampleurl.com)"
    )
    assert talks["Conference Proceeding talk 3 on Relevant Topic in Your Field"].kind == (
        "contributed"
    )
    assert len(talks) == 4

    courses = {c.title: c for c in Course.objects.all()}
    course = courses["Teaching experience 1"]
    assert (course.institution, course.level, course.role, course.start_year) == (
        "University 1, Department",
        "undergraduate",
        "lecturer",
        2014,
    )
    assert course.start_month is None  # 1 January: the year alone
    assert course.description.startswith("This is a description of a teaching experience.")
    assert courses["Teaching experience 2"].level == ""

    projects = {p.title: p for p in Project.objects.all()}
    project = projects["Portfolio item number 1"]
    assert project.summary == "Short description of portfolio item number 1"
    assert project.image and project.image_width == 500
    assert project.description.startswith("This is an item in your portfolio.")
    assert projects["Portfolio item number 2"].summary == (
        "Short description of portfolio item number 2"
    )

    news = {n.title: n for n in NewsItem.objects.all()}
    post = news["Blog Post number 1"]
    assert str(post.date) == "2012-08-14"
    assert sorted(post.tags.names()) == ["category1", "category2", "cool posts"]
    assert "Headings are cool\n======" in post.text
    assert str(news["Future Blog Post"].date) == "2199-01-01"

    pages = {p.title: p for p in Page.objects.all()}
    guide = pages["Markdown"]
    assert guide.in_navigation and guide.menu_order == 6  # "Guide" in navigation.yml
    assert guide.body.startswith("## Locations of key files/directories")
    assert not pages["Page not in menu"].in_navigation
    assert pages["Terms and Privacy Policy"].body.startswith("## Privacy Policy")
    cv = pages["CV"]
    assert not cv.is_published and not cv.in_navigation
    assert cv.body.startswith("Education\n======\n* Ph.D in Version Control Theory")
    assert "Skills" in cv.body and "Service and leadership" in cv.body
    assert "Publications" not in cv.body and "<ul>" not in cv.body
    assert set(pages) == {"Markdown", "Page not in menu", "Terms and Privacy Policy", "CV"}

    notes = {o.key: o.message for o in result.outcomes}
    assert "shown as an invited talk" in notes["_talks/2012-03-01-talk-1.md"]
    assert "hidden, to copy from" in notes["_pages/cv.md"]
    assert "with its pdf" in notes["_publications/2009-10-01-paper-title-number-1.md"]


def test_every_file_and_field_left_out_is_listed_with_why(db, site, media):
    unused = sorted(str(u) for u in import_site(site, dry_run=True).unused)
    settings = (
        "breadcrumbs, future, locale, read_more, repository, site_theme, talkmap_link, "
        "title_separator, words_per_minute"
    )
    pub = "_publications/20{}-paper-title-number-{}.md"
    paper = {n: pub.format(d, n) for n, d in ((1, "09-10-01"), (2, "10-10-01"), (3, "15-10-01"))}
    paper |= {4: pub.format("24-02-17", 4), 5: pub.format("25-06-08", 5)}
    old_site = "https://academicpages.github.io/files"
    expected = [
        "Gemfile: the theme's build dependencies (1 file): not content",
        "README.md: the theme's own documents (1 file): not content",
        f"_config.yml: {settings}: the theme's settings (look, build, comments, analytics): "
        "the site has its own",
        "_config.yml: author.employer: the headline is the sidebar's bio; add the position, "
        "with its dates, to the CV",
        "_config.yml: author.location: the profile has no such field",
        "_config.yml: description: the old site's description for search engines",
        # The about page's body is the profile's bio; the template's copy of the image it
        # shows is not among the test data.
        "_config.yml: image /images/editing-talk.png: no such file in the repository",
        "_config.yml: name: the profile's name is the author's (author.name)",
        "_config.yml: title: the site is headed by the profile's name",
        "_config.yml: url: the old site's address, by which the links to its own files were found",
        "_data/authors.yml: profiles of other authors of posts: the site has one person's profile",
        "_drafts/post-draft.md: a draft the old site did not publish",
        "_includes: the theme's page parts (1 file): not content",
        "_pages/404.md: the old site's page for a missing address: the site has its own",
        "_pages/about.md: author_profile: the old theme's page setting",
        "_pages/about.md: permalink: addresses here are the site's own",
        "_pages/about.md: redirect_from: addresses here are the site's own",
        "_pages/about.md: title: the home page here is headed by the profile's name",
        "_pages/cv.md: author_profile: the old theme's page setting",
        "_pages/cv.md: body: 3 lists the old site built from its entries (Liquid loops): the "
        "site makes its own lists",
        "_pages/cv.md: layout: the old theme's page layout",
        "_pages/cv.md: line 2: Liquid tag {% include base_path %} cannot be rendered here",
        "_pages/cv.md: permalink: addresses here are the site's own (/pages/<slug>/)",
        "_pages/cv.md: redirect_from: addresses here are the site's own",
        "_pages/markdown.md: author_profile: the old theme's page setting",
        "_pages/markdown.md: line 2: Liquid tag {% include toc %} cannot be rendered here",
        "_pages/markdown.md: permalink: addresses here are the site's own (/pages/<slug>/)",
        "_pages/markdown.md: redirect_from: addresses here are the site's own",
        "_pages/non-menu-page.md: author_profile: the old theme's page setting",
        "_pages/non-menu-page.md: permalink: addresses here are the site's own (/pages/<slug>/)",
        "_pages/non-menu-page.md: redirect_from: addresses here are the site's own",
        "_pages/publications.html: a page that lists the old site's entries: the site makes "
        "its own",
        "_pages/terms.md: line 2: Liquid tag {% include base_path %} cannot be rendered here",
        "_pages/terms.md: line 3: Liquid tag {% include toc %} cannot be rendered here",
        "_pages/terms.md: modified: the site keeps its own dates of change",
        "_pages/terms.md: permalink: addresses here are the site's own (/pages/<slug>/)",
    ]
    for path in paper.values():
        expected += [
            f"{path}: citation: the site writes its own citations; its authors were read from it",
            f"{path}: excerpt: the line the old site's lists show; the page's own text is kept",
            f"{path}: permalink: addresses here are the site's own",
        ]
    expected += [
        f"{paper[1]}: bibtexurl: files/bibtex1.bib holds “An Example Article”, not this "
        "paper: not used",
        f"{paper[1]}: slidesurl: files/slides1.pdf: a file of the old site, and the site "
        "keeps no such file for it: put it online and add its link here",
        f"{paper[2]}: slidesurl: {old_site}/slides2.pdf: an address of the old site with no "
        "file here",
        f"{paper[3]}: slidesurl: {old_site}/slides3.pdf: an address of the old site with no "
        "file here",
    ]
    for path in (
        "_talks/2012-03-01-talk-1.md",
        "_talks/2013-03-01-tutorial-1.md",
        "_talks/2014-02-01-talk-2.md",
        "_talks/2014-03-01-talk-3.md",
        "_teaching/2014-spring-teaching-1.md",
        "_teaching/2015-spring-teaching-2.md",
        "_posts/2012-08-14-blog-post-1.md",
        "_posts/2199-01-01-future-post.md",
    ):
        expected.append(f"{path}: permalink: addresses here are the site's own")
    for path in ("_teaching/2014-spring-teaching-1.md", "_teaching/2015-spring-teaching-2.md"):
        expected.append(f"{path}: location: a course here has its institution, not a place")
    expected.append(
        "_teaching/2015-spring-teaching-2.md: type: “Workshop” is neither a level nor a role "
        "the site has"
    )
    assert unused == sorted(expected)


def test_the_authors_are_read_from_a_citation_where_they_can_be_told_apart():
    def people(citation):
        found = citation_authors(citation)
        return found and [" ".join(filter(None, name)) for name in found[0]]

    assert citation_authors(
        "Your Name, You. (2009). &quot;Paper Title Number 1.&quot; <i>Journal 1</i>. 1(1)."
    ) == ([("You", "Your Name")], [(False, False)], False)
    # Forms seen in academicpages sites: given names first, APA, the generator's quoted title.
    assert people(
        "Anna Vesely, Livio Finos, Jelle J. Goeman (2023). &quot;Permutation-based true "
        "discovery guarantee by sum tests&quot; <i>JRSS B</i> 85(3)."
    ) == ["Anna Vesely", "Livio Finos", "Jelle J. Goeman"]
    assert people(
        'Sloneker, W., Patel, S., Wang, H.-J., Crawford, L., & Singh, R. (2025). "BetaExplainer."'
    ) == ["W. Sloneker", "S. Patel", "H.-J. Wang", "L. Crawford", "R. Singh"]
    assert people(" Ada Lovelace, Charles Babbage, &quot;Sketch of the Engine.&quot; 1843.") == [
        "Ada Lovelace",
        "Charles Babbage",
    ]
    assert citation_authors("Ludwig van Beethoven and W. A. Mozart (1790). Sonatas.")[0] == [
        ("Ludwig", "van Beethoven"),
        ("W. A.", "Mozart"),
    ]
    assert people("Smith J, Doe A (2020) Deep nets. Nature.") == ["J Smith", "A Doe"]
    assert people("张三, 李四 (2021). 标题.") == ["张三", "李四"]
    assert citation_authors("Onur Celik*, Gerhard Neumann† et al. (2024). Title.") == (
        [("Onur", "Celik"), ("Gerhard", "Neumann")],
        [(True, False), (False, True)],
        True,
    )
    # No year after the names, or words that are not names: not guessed.
    for citation in (
        "Raffi Khatchadourian and Anita Raja. Towards safe refactoring. In ASE ’23. IEEE, 2023.",
        'D. Ghimire, D. Kil and S. -h. Kim, "A Study of Structured Pruning," ICCAS, 2024.',
        "Deep learning for everything. Nature (2020).",
        "Aristotle (350 BC). Physics.",
        "",
    ):
        assert citation_authors(citation) is None, citation
    assert names_in("Vesely, Anna; Finos, Livio & Goeman, Jelle")[0] == [
        ("Anna", "Vesely"),
        ("Livio", "Finos"),
        ("Jelle", "Goeman"),
    ]


def test_a_bibtex_file_of_the_same_paper_gives_its_authors_key_and_doi(db, site, media):
    write(
        site,
        {
            "files/bibtex1.bib": "@article{name2009paper,\n  title={Paper Title Number 1},\n"
            "  author={Name, Your and Lovelace, Ada},\n  journal={Journal 1},\n"
            "  year={2009},\n  doi={10.1000/xyz123}\n}\n"
        },
    )
    result = import_site(site)
    paper = Publication.objects.get(title="Paper Title Number 1")
    assert paper.citation_key == "name2009paper"
    assert [a.author.name for a in paper.authorships.all()] == ["Your Name", "Ada Lovelace"]
    assert [(link.kind, link.url) for link in paper.links.all()] == [
        ("doi", "https://doi.org/10.1000/xyz123")
    ]
    assert (
        "_publications/2009-10-01-paper-title-number-1.md: citation: the site writes its own "
        "citations" in [str(u) for u in result.unused]
    )


def test_the_forms_sites_give_their_entries_come_in_or_are_named(db, site, media):
    """What academicpages' generators write, what sites add, and what Jekyll hides."""
    write(
        site,
        {
            # As the theme's markdown_generator/publications.py writes a paper.
            "_publications/2020-01-01-generated.md": (
                '---\ntitle: "Generated"\ncollection: publications\ncategory: preprints\n'
                "permalink: /publication/2020-generated\nexcerpt: 'A short summary.'\n"
                "date: 2020-05-04\nvenue: 'arXiv'\n"
                "paperurl: 'https://arxiv.org/pdf/2001.01234'\n"
                "slidesurl: 'https://example.org/talk.pdf'\n"
                "citation: 'Ada Lovelace, Charles Babbage (2020). &quot;Generated.&quot;'\n"
                "authors: '<b>Ada Lovelace</b>*, Charles Babbage'\n"
                "---\n<a href='https://arxiv.org/pdf/2001.01234'>Download paper here</a>\n\n"
                "A short summary.\n\nRecommended citation: Ada Lovelace (2020).\n"
            ),
            "_publications/2021-01-01-hidden.md": "---\ntitle: Hidden\ndate: 2021\n"
            "published: false\n---\n",
            "_publications/book.md": "---\ntitle: A Book\ndate: 2019-03-01\n"
            "category: books\ncitation: 'The Book. Press, 2019.'\n---\n",
            "_publications/.template": "---\ntitle: x\n---\n",
            "_publications/.draft.md": "---\ntitle: x\n---\n",
            "_portfolio/teaser.md": "---\ntitle: With a teaser\nheader:\n  teaser: t.png\n"
            "  overlay_color: '#333'\nlink: https://github.com/ada/engine\n---\n"
            "<p style='x'>HTML</p>\n",
            "images/t.png": image_bytes(),
            "_talks/podcast.md": "---\ntitle: On air\ntype: Podcast\ndate: 2022-06-01\n"
            "location: Online\nslidesurl: https://example.org/s.pdf\n"
            "talk_url: https://www.youtube.com/watch?v=abc\n---\n",
            "_posts/2023-02-03-untitled-news.md": "---\ntags: [news]\n---\nText {: .notice}\n",
            "files/unused.pdf": pdf_bytes(),
            "files/linked.zip": b"PK",
            "_pages/extra.md": "---\ntitle: Extra\n---\nSee [data](/files/linked.zip).\n",
            "_portfolio/elsewhere.md": "---\ntitle: Elsewhere\n"
            "redirect_to: https://example.org/elsewhere\n---\n",
            # A list page of the old site, and a page with a list among its own text.
            "_pages/sitemap.md": "---\ntitle: Sitemap\n---\nA list of all the posts.\n\n"
            "{% for post in site.posts %}\n  {% include archive-single.html %}\n{% endfor %}\n",
            "_pages/news.md": "---\ntitle: Group news\n---\n"
            + "We meet on Mondays. " * 20
            + "\n\nLatest\n======\n{% for post in site.posts limit:3 %}{{ post.title }}"
            "{% endfor %}\n\nContact\n=====\nAsk us.\n",
            "_pages/talkmap.html": "---\ntitle: Talk map\npermalink: /talkmap.html\n---\n"
            "<iframe src='talkmap/map.html'></iframe>\n",
        },
    )
    result = import_site(site)
    notes = {o.key: o.message for o in result.outcomes}
    unused = {str(u) for u in result.unused}

    generated = Publication.objects.get(title="Generated")
    assert (generated.kind, generated.year, generated.month) == ("preprint", 2020, 5)
    assert generated.abstract == "A short summary."  # the generator's lines are its own
    assert [(a.author.name, a.equal_contribution) for a in generated.authorships.all()] == [
        ("Ada Lovelace", True),
        ("Charles Babbage", False),
    ]
    assert [(link.kind, link.url) for link in generated.links.all()] == [
        ("arxiv", "https://arxiv.org/pdf/2001.01234"),
        ("slides", "https://example.org/talk.pdf"),
    ]
    assert not Publication.objects.filter(title__in=["Hidden", "x"]).exists()
    assert (
        "_publications/2021-01-01-hidden.md: published: false: the old site did not show it"
        in (unused)
    )
    assert (
        "_publications/.template: not content the import knows" in unused
        and "_publications/.draft.md: Jekyll leaves out files named so: the old site did not "
        "show it"
        in unused
    )
    book = Publication.objects.get(title="A Book")
    assert (book.kind, book.year, book.month, book.authors.count()) == ("book", 2019, 3, 0)
    assert "filed as Other" not in notes["_publications/book.md"]
    assert (
        "the authors could not be read from “The Book. Press, 2019.”"
        in (notes["_publications/book.md"])
    )

    project = Project.objects.get(title="With a teaser")
    assert project.image and project.image_alt == "With a teaser"
    assert [(link.kind, link.url) for link in project.links.all()] == [
        ("code", "https://github.com/ada/engine")
    ]
    assert "_portfolio/teaser.md: header.overlay_color: the old theme's page header" in unused
    assert project.description == "HTML"
    assert (
        "_portfolio/teaser.md: HTML taken out, its text kept (<p>): the site's Markdown shows "
        "no HTML" in unused
    )

    podcast = Talk.objects.get(title="On air")
    assert (podcast.kind, podcast.event, podcast.location) == ("other", "Online", "")
    assert (podcast.slides_url, podcast.video_url) == (
        "https://example.org/s.pdf",
        "https://www.youtube.com/watch?v=abc",
    )
    assert "type “Podcast” is not a kind of talk here" in notes["_talks/podcast.md"]

    assert [
        (link.kind, link.url) for link in Project.objects.get(title="Elsewhere").links.all()
    ] == [("website", "https://example.org/elsewhere")]
    assert (
        "_pages/sitemap.md: a page that lists the old site's entries: the site makes its own"
        in (unused)
    )
    assert "_pages/talkmap.html: the theme's map of the places of talks" in unused
    group = Page.objects.get(title="Group news")
    assert group.body.startswith("We meet on Mondays.")
    assert group.body.endswith("\n\nContact\n=====\nAsk us.")  # "Latest" listed posts only
    assert not Page.objects.filter(title__in=["Sitemap", "Talk map"]).exists()

    item = NewsItem.objects.get(date="2023-02-03")
    assert (item.title, item.text, list(item.tags.names())) == ("Untitled news", "Text", ["news"])
    assert (
        "_posts/2023-02-03-untitled-news.md: body: kramdown attributes {: .notice}: not "
        "Markdown here" in unused
    )
    assert "files/unused.pdf: a file of the old site that no entry names" in unused
    assert (
        "files/linked.zip: linked from a page's text only: not brought in (the link still "
        "points at the old site's address)" in unused
    )


def test_the_profile_links_are_made_as_the_theme_makes_them(db, tmp_path, media):
    root = write(
        tmp_path / "site",
        {
            "_publications/.keep": "",
            "_config.yml": "author:\n  name: Ada Lovelace\n  twitter: ada\n  linkedin: ada-l\n"
            "  youtube: adachannel\n  tumblr: ada\n  github: https://github.com/ada\n"
            "  researchgate: not an address\n  uri: https://ada.example.org\n"
            "  email: not-an-email\n  avatar: https://example.org/ada.png\n  fax: 123\n",
        },
    )
    result = import_site(root)
    profile = Profile.get_solo()
    assert (profile.name, profile.website, profile.email, bool(profile.photo)) == (
        "Ada Lovelace",
        "https://ada.example.org",
        "",
        False,
    )
    assert [(link.kind, link.url) for link in profile.links.all()] == [
        ("x", "https://twitter.com/ada"),
        ("linkedin", "https://www.linkedin.com/in/ada-l"),
        ("other", "https://www.youtube.com/@adachannel"),
        ("other", "https://ada.tumblr.com"),
        ("github", "https://github.com/ada"),
    ]
    assert {str(u) for u in result.unused} >= {
        "_config.yml: author.researchgate: not an address: not a web address",
        "_config.yml: author.email: not-an-email: not an email address",
        "_config.yml: author.avatar: https://example.org/ada.png: an image elsewhere, not "
        "downloaded",
        "_config.yml: author.fax: not a field the theme shows",
    }


def test_a_file_that_cannot_be_read_is_that_files_error_only(db, site, media):
    write(
        site,
        {
            "_talks/broken.md": "---\ntitle: [unclosed\n---\n",
            "_publications/undated.md": "---\ntitle: Undated\n---\nText.\n",
            "_talks/nowhere.md": "---\ntitle: Nowhere\ndate: 2020-02-02\n---\n",
        },
    )
    out = io_command(site, fails=True)
    errors = out["stderr"]
    assert "_talks/broken.md" in errors and "front matter cannot be read" in errors
    assert "_publications/undated.md" in errors and "no date" in errors
    assert "_talks/nowhere.md" in errors and "no venue" in errors
    assert counts() == [5, 4, 2, 2, 2, 4]


def test_importing_again_changes_nothing_and_keeps_edits_made_here(db, site, media):
    import_site(site)
    before = counts()
    Talk.objects.filter(title__startswith="Talk 1").update(event="UCSF")
    profile = Profile.get_solo()
    profile.headline = "Professor of Testing"
    profile.save()
    photo = profile.photo.name

    again = import_site(site)
    assert {o.action for o in again.outcomes} == {"skipped"}, [
        (o.key, o.action, o.message) for o in again.outcomes if o.action != "skipped"
    ]
    assert counts() == before
    assert Talk.objects.get(title__startswith="Talk 1").event == "UCSF"
    profile = Profile.get_solo()
    assert (profile.headline, profile.photo.name) == ("Professor of Testing", photo)
    assert profile.links.count() == 5


def test_a_dry_run_writes_nothing(db, site, media):
    result = import_site(site, dry_run=True)
    assert {o.action for o in result.outcomes} == {"created"}
    assert counts() == [0] * 6 and not Profile.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_imported_site_renders_every_entry(db, client, site, media):
    import_site(site)
    for model in MODELS:
        for row in model.objects.all():
            response = client.get(row.get_absolute_url())
            if model is Page and not row.is_published:  # the old CV, kept to copy from
                assert response.status_code == 404
                continue
            assert response.status_code == 200, row
            assert str(row.title).split("$")[0] in response.content.decode(), row
    for name in ("publications:list", "talks:list", "teaching:list", "projects:list"):
        assert client.get(reverse(name)).status_code == 200
    for name in ("news:list", "website:home", "website:cv"):
        assert client.get(reverse(name)).status_code == 200
    home = client.get(reverse("website:home")).content.decode()
    assert "Your Sidebar Name" in home
    assert f'href="{Page.objects.get(title="Markdown").get_absolute_url()}"' in home


# The reader's branches, each by a small site --------------------------------------


def read_site(tmp_path, files: dict):
    """What the reader makes of a site of ``files`` (without writing anything)."""
    return academicpages.read(
        Repository(write(tmp_path / "site", {"_publications/.keep": ""} | files))
    )


def unused_of(data) -> set[str]:
    return {str(u) for u in data.unused}


def entries_of(data, model: str) -> dict:
    return {e.key: e for e in data.entries if e.model == model}


def errors_of(data) -> dict:
    return {o.key: o.message for o in data.errors}


def test_the_dates_jekyll_sites_write_are_read_to_the_month_they_say():
    year_month = academicpages.year_month
    assert year_month(True) == (None, None)  # YAML's "yes"
    assert year_month(2019) == (2019, None)
    assert year_month(20190) == (None, None)
    assert year_month("14 March 2012") == (2012, 3)
    assert year_month("March 14, 2012") == (2012, 3)
    assert year_month("Mar 2012") == (2012, 3)
    assert year_month("2012") == (2012, None)
    assert year_month("2012-01-01") == (2012, None)  # Jekyll's form of a year alone
    assert year_month("Spring term") == (None, None)
    assert academicpages.when({}, "_talks/2015-06-03-talk.md") == (2015, 6)
    assert academicpages.when({"date": "soon"}, "_talks/talk.md") == (None, None)


def test_lists_of_names_that_are_not_names_alone_are_not_guessed():
    assert names_in("Anna Vesely; Plato") == (
        [("Anna", "Vesely"), ("", "Plato")],
        [(False, False), (False, False)],
        False,
    )
    assert names_in("Vesely, Anna; the lab of 2020") is None
    # Neither all full names nor family and given names in turn.
    assert names_in("Vesely, Anna Maria, Finos") is None
    assert names_in("and; and") is None  # joining words with no names between them
    # A citation that starts with its year has no authors before it.
    assert citation_authors("(2009). Paper Title. Journal 1.") is None


def test_site_settings_that_cannot_be_read_are_an_error_and_the_rest_comes_in(tmp_path):
    data = read_site(tmp_path, {"_config.yml": "author: [unclosed\n"})
    assert errors_of(data)["_config.yml"].startswith("_config.yml: cannot be read (")
    assert [o.title for o in data.errors] == ["Site settings"]
    data = read_site(tmp_path / "list", {"_config.yml": "- a list\n"})
    assert errors_of(data) == {"_config.yml": "not a set of settings"}
    # No settings at all: nothing to say, and no profile.
    data = read_site(tmp_path / "none", {})
    assert (data.errors, data.unused, data.entries) == ([], [], [])


def test_a_menu_that_cannot_be_read_is_named_and_its_odd_items_skipped(tmp_path):
    data = read_site(tmp_path, {"_data/navigation.yml": "main: [unclosed\n"})
    (line,) = unused_of(data)
    assert line.startswith("_data/navigation.yml: cannot be read (")
    data = read_site(
        tmp_path / "odd",
        {
            "_data/navigation.yml": "main:\n  - title: No address\n  - just text\n"
            "  - title: Guide\n    url: /guide/\n",
            "_pages/guide.md": "---\ntitle: Guide\npermalink: /guide/\n---\nRead me.\n",
        },
    )
    page = entries_of(data, "page")["_pages/guide.md"]
    assert (page.values["in_navigation"], page.values["menu_order"]) == (True, 0)


def test_a_profile_needs_a_name(tmp_path):
    data = read_site(
        tmp_path,
        {
            "_config.yml": "author:\n  bio: Statistician\n",
            "_pages/about.md": "---\npermalink: /\n---\nI count things.\n",
        },
    )
    assert errors_of(data) == {"_config.yml": "no author.name or name: the profile needs a name"}
    assert not entries_of(data, "profile")
    # A site with neither a name nor a home page's text has no profile, and no error.
    data = read_site(tmp_path / "bare", {"_config.yml": "author:\n  location: Earth\n"})
    assert (data.errors, entries_of(data, "profile")) == ([], {})
    assert unused_of(data) == {"_config.yml: author.location: the profile has no such field"}


def test_a_home_page_that_cannot_be_read_is_the_profiles_error(tmp_path):
    data = read_site(
        tmp_path,
        {"_config.yml": "name: Ada\n", "_pages/about.md": "---\ntitle: [unclosed\n---\nHi.\n"},
    )
    assert errors_of(data)["_pages/about.md"].startswith(
        "_pages/about.md: its front matter cannot be read ("
    )
    profile = entries_of(data, "profile")["_config.yml"]
    assert profile.values == {"name": "Ada"}
    # Untitled, the home page is the bio with nothing said about its title.
    data = read_site(
        tmp_path / "untitled",
        {"_config.yml": "name: Ada\n", "_pages/about.md": "---\npermalink: /\n---\nHi.\n"},
    )
    assert entries_of(data, "profile")["_config.yml"].values["bio"] == "Hi."
    assert unused_of(data) == {"_pages/about.md: permalink: addresses here are the site's own"}


def test_a_file_without_front_matter_is_not_an_entry(tmp_path):
    data = read_site(tmp_path, {"_talks/notes.md": "Just notes.\n"})
    assert unused_of(data) == {
        "_talks/notes.md: no front matter: Jekyll copies it as a file, not an entry"
    }
    assert data.entries == []


def test_a_papers_kind_files_and_links_in_each_form_a_site_gives_them(tmp_path, monkeypatch):
    pub = "---\ntitle: {title}\ndate: 2020-05-01\n{extra}---\n"
    files = {
        "_config.yml": "url: https://ada.example.org\nbaseurl: /lab\n",
        "files/paper.docx": b"PK",
        "files/big.pdf": pdf_bytes(),
        "images/cover.png": image_bytes(),
    }
    for name, extra in {
        "biorxiv": "venue: bioRxiv\n",
        "nowhere": "venue: Nowhere Press\nauthors: [Ada Lovelace, Charles Babbage]\n",
        "misc": "category: misc\nauthors: 'the lab of 2020'\n"
        "citation: 'Ada Lovelace (2020). Misc.'\n",
        "unnamed": "category: misc\nauthors: 'the lab of 2020'\n",
        "docx": "paperurl: /lab/files/paper.docx\n",
        "missing": "paperurl: https://ada.example.org/lab/files/missing.pdf\n",
        "big": "paperurl: /files/big.pdf\n",
        "dois": "paperurl: https://doi.org/10.1000/a\nlink: https://doi.org/10.1000/b\n"
        "slidesurl: https://example.org/s.pdf\n",
        "twice": "paperurl: https://example.org/p.pdf\nlink: https://example.org/p.pdf\n",
        "ftp": "link: ftp://example.org/p.pdf\nheader: a banner\n",
        "badhost": "link: 'http://[oops'\n",
        "teaser": "header:\n  teaser: cover.png\n",
    }.items():
        files[f"_publications/{name}.md"] = pub.format(title=name, extra=extra)
    monkeypatch.setattr(repository, "MAX_FILE_BYTES", 100)  # the PDF is larger
    data = read_site(tmp_path, files)
    records = {r.key.removeprefix("_publications/").removesuffix(".md"): r for r in data.records}
    unused = unused_of(data)

    assert records["biorxiv"].kind == "preprint"
    assert not any("filed as Other" in note for note in records["biorxiv"].notes)
    assert records["nowhere"].kind == "other"
    assert records["nowhere"].notes[0] == "no category: filed as Other"
    assert records["nowhere"].authors == [("Ada", "Lovelace"), ("Charles", "Babbage")]
    assert records["misc"].notes[0] == "category “misc” is not a kind the site has: filed as Other"
    assert records["misc"].authors == [("Ada", "Lovelace")]
    assert "_publications/misc.md: authors: the authors came from the citation" in unused
    assert records["unnamed"].authors == []
    assert "_publications/unnamed.md: authors: not read as names" in unused
    assert records["unnamed"].notes[1] == (
        "the authors could not be read from “the lab of 2020”: add them here"
    )
    assert records["docx"].notes[1] == (
        "no authors: academicpages names them only in its citation, and it has none"
    )
    assert {
        "_publications/docx.md: paperurl: files/paper.docx: not .pdf: the site keeps no such "
        "file here",
        "_publications/missing.md: paperurl: https://ada.example.org/lab/files/missing.pdf: an "
        "address of the old site with no file here",
        "_publications/big.md: paperurl: files/big.pdf: "
        f"{len(pdf_bytes()) / 1048576:.1f} MB; the limit is {100 / 1048576:g} MB",
        "_publications/ftp.md: link: ftp://example.org/p.pdf: not a web address",
        "_publications/ftp.md: header: the old theme's page header",
        "_publications/badhost.md: link: http://[oops: not a web address",
    } <= unused
    assert not any(r.files for k, r in records.items() if k != "teaser")
    assert records["teaser"].files["image"].name == "cover.png"
    # One DOI a paper: the second address is another paper's.
    assert records["dois"].links == [
        ("doi", "https://doi.org/10.1000/a"),
        ("slides", "https://example.org/s.pdf"),
    ]
    assert records["twice"].links == [("pdf", "https://example.org/p.pdf")]


def test_a_bibtex_file_is_read_only_when_it_is_the_old_sites_and_names_the_paper(tmp_path):
    pub = "---\ntitle: {title}\ndate: 2020-05-01\nbibtexurl: {url}\n---\n"
    bib = (
        "@article{{{key},\n  title={{{title}}},\n  author={{Lovelace, Ada}},\n  year={{2020}},\n"
        "  url={{https://example.org/engine}},\n  doi={{10.1000/engine}}\n}}\n"
    )
    data = read_site(
        tmp_path,
        {
            "_publications/elsewhere.md": pub.format(
                title="Elsewhere", url="https://example.org/e.bib"
            ),
            "_publications/missing.md": pub.format(title="Missing", url="/files/missing.bib"),
            "_publications/latin1.md": pub.format(title="Latin", url="/files/latin1.bib"),
            "_publications/latin1-again.md": pub.format(title="Latin 2", url="/files/latin1.bib"),
            "_publications/engine.md": pub.format(title="The Engine", url="/files/engine.bib"),
            "files/latin1.bib": "@article{a, title={Caf\xe9}}".encode("latin-1"),
            "files/engine.bib": bib.format(key="ada/2020", title="The Engine"),
        },
    )
    unused = unused_of(data)
    assert {
        "_publications/elsewhere.md: bibtexurl: the site writes each paper's BibTeX itself",
        "_publications/missing.md: bibtexurl: /files/missing.bib: an address of the old site "
        "with no file here",
    } <= unused
    # A file read once, and its problem said for each paper that names it.
    problem = "files/latin1.bib: not UTF-8 text (invalid continuation byte)"
    assert f"_publications/latin1.md: bibtexurl: {problem}" in unused
    assert f"_publications/latin1-again.md: bibtexurl: {problem}" in unused
    engine = next(r for r in data.records if r.title == "The Engine")
    assert engine.authors == [("Ada", "Lovelace")]
    assert engine.key == "_publications/engine.md"  # "ada/2020" is no citation key here
    assert engine.links == [("doi", "https://doi.org/10.1000/engine")]


def test_talks_courses_projects_and_news_in_their_odd_forms(tmp_path):
    long_title = "A very long talk title " * 15
    data = read_site(
        tmp_path,
        {
            "_talks/2015-06-03-by-file-name.md": f"---\ntitle: {long_title}\n"
            "venue: Conference\ntype: Keynote\ntags: bayes inference\npublished: false\n"
            "slidesurl: /files/slides.pdf\nlink: https://example.org/event\n"
            "video: ftp://example.org/talk.mp4\n---\n",
            "files/slides.pdf": pdf_bytes(),
            "_talks/undated.md": "---\ntitle: Undated\nvenue: Conference\n---\n",
            "_teaching/untitled.md": "---\nvenue: University\n---\n",
            "_teaching/ta.md": "---\ntitle: Statistics\ntype: Teaching assistant\n---\n",
            "_portfolio/untitled.md": "---\nexcerpt: No title\n---\n",
            "_portfolio/dated.md": "---\ntitle: Dated\ndate: 2018-04-02\n---\n",
            "_posts/undated.md": "---\ntitle: Undated news\n---\nText.\n",
            "_posts/2020-01-01-.md": "---\ncollection: posts\n---\nText.\n",
            "_posts/2021-02-03-news.md": "---\ntitle: News\ncollection: posts\n---\nText.\n",
        },
    )
    talk = entries_of(data, "talk")["_talks/2015-06-03-by-file-name.md"]
    assert (talk.values["year"], talk.values["month"], talk.values["kind"]) == (2015, 6, "keynote")
    assert talk.values["title"] == long_title.strip()[:299].rstrip() + "…"
    assert talk.values["is_published"] is False
    assert talk.topics == ["bayes", "inference"]
    assert "slides_url" not in talk.values and "video_url" not in talk.values
    unused = unused_of(data)
    assert {
        "_talks/2015-06-03-by-file-name.md: title: cut to 300 characters, the most the site keeps",
        "_talks/2015-06-03-by-file-name.md: slidesurl: files/slides.pdf: a file of the old "
        "site, and the site keeps no such file for it: put it online and add its link here",
        "_talks/2015-06-03-by-file-name.md: link: https://example.org/event: a talk here has "
        "its slides and video only",
    } <= unused
    assert not any("published" in line for line in unused)  # said by the talk being hidden
    course = entries_of(data, "course")["_teaching/ta.md"]
    assert (course.values["role"], course.values["level"]) == (Course.Role.TEACHING_ASSISTANT, "")
    assert "start_year" not in course.values
    assert entries_of(data, "project")["_portfolio/dated.md"].values["start_year"] == 2018
    assert errors_of(data) == {
        "_talks/undated.md": "no date: a talk needs its year",
        "_teaching/untitled.md": "no title: a course needs its title",
        "_portfolio/untitled.md": "no title: a project needs its title",
        "_posts/undated.md": "no date: a news item needs its date and title",
        "_posts/2020-01-01-.md": "no title: a news item needs its date and title",
    }
    assert entries_of(data, "news")["_posts/2021-02-03-news.md"].values["title"] == "News"
    assert not any(line.startswith("_posts/") for line in unused)  # "collection: posts"


def test_pages_without_a_title_or_text_and_the_old_domain_are_named(tmp_path):
    data = read_site(
        tmp_path,
        {
            "_pages/untitled.md": "---\npermalink: /untitled/\n---\nText.\n",
            "_pages/empty.md": "---\ntitle: Empty\n---\n{% include toc %}\n",
            "CNAME": "ada.example.org\n",
        },
    )
    assert errors_of(data) == {"_pages/untitled.md": "no title: a page needs its title"}
    assert data.entries == []
    assert {
        "_pages/empty.md: a page with no text of its own",
        "CNAME: the old site's domain: this site's address is set where it is served",
    } <= unused_of(data)
