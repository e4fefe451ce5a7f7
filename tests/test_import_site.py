"""What every theme of ``import_site`` shares: the checkout read safely and within
bounds, front matter and template tags, and the writing of what a theme reads
(entries of every kind, publications with their files, in one transaction),
again without change, with edits kept. The themes' own readers are tested in
tests/test_import_site_<theme>.py with repositories in each theme's layout."""

import datetime
import os
import types

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from portfolio.importing.records import EntryRecord
from portfolio.importing.site import import_site
from portfolio.importing.sources import site as site_source
from portfolio.importing.sources.site import repository
from portfolio.importing.sources.site.bodies import gather_images, html_to_markdown
from portfolio.importing.sources.site.repository import (
    Repository,
    SiteData,
    SiteError,
    UnsafePath,
    Unused,
    as_date,
    as_list,
    front_matter,
    without_template_tags,
)
from portfolio.media.models import LibraryImage
from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.profile.models import Profile
from portfolio.projects.models import Project
from portfolio.publications.models import Publication
from portfolio.publications.records import Record
from portfolio.talks.models import Talk
from portfolio.teaching.models import Course

from .test_paper_pdf import pdf_bytes
from .test_uploads import image_bytes


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write(root, files: dict):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


# Paths and bounds -------------------------------------------------------------


def test_a_path_must_stay_inside_the_checkout(tmp_path):
    root = write(tmp_path / "site", {"a/b.md": "x"})
    (tmp_path / "secret.txt").write_text("private")
    os.symlink(tmp_path / "secret.txt", root / "a" / "out.md")
    os.symlink(root / "a" / "b.md", root / "a" / "in.md")
    repo = Repository(root)
    assert repo.text("a/in.md") == "x"  # a link inside the checkout is followed
    for bad in ("../secret.txt", "/etc/passwd", "a/../../secret.txt", "a/out.md", ""):
        with pytest.raises(UnsafePath):
            repo.text(bad)
    assert not repo.exists("a/out.md")


def test_a_checkout_with_too_many_files_or_too_large_a_file_is_refused(tmp_path, monkeypatch):
    root = write(tmp_path / "site", {f"f{i}.md": "x" for i in range(6)})
    (root / "big.md").write_text("y" * 100)
    monkeypatch.setattr(repository, "MAX_FILES", 5)
    with pytest.raises(SiteError, match="more than 5 files"):
        Repository(root).files()
    monkeypatch.setattr(repository, "MAX_FILES", 100)
    monkeypatch.setattr(repository, "MAX_TEXT_BYTES", 50)
    with pytest.raises(UnsafePath, match=r"big\.md: .* the limit is"):
        Repository(root).text("big.md")
    monkeypatch.setattr(repository, "MAX_TOTAL_BYTES", 3)
    repo = Repository(root)
    repo.text("f0.md")
    with pytest.raises(SiteError, match="stopped after reading"):
        for i in range(1, 6):
            repo.text(f"f{i}.md")


def test_folders_that_are_never_content_are_not_walked(tmp_path):
    root = write(tmp_path / "site", {".git/HEAD": "x", "_site/index.html": "x", "a.md": "x"})
    assert Repository(root).files() == ["a.md"]


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    root = write(tmp_path / "site", {"a.md": b"\xff\xfe\x00caf\xe9"})
    with pytest.raises(UnsafePath, match=r"a\.md: not UTF-8"):
        Repository(root).text("a.md")


def test_front_matter_in_yaml_or_toml_and_its_errors():
    assert front_matter("---\ntitle: A\ndate: 2024-05-01\n---\nBody\n") == (
        {"title": "A", "date": __import__("datetime").date(2024, 5, 1)},
        "Body\n",
    )
    assert front_matter('+++\ntitle = "B"\n+++\nText') == ({"title": "B"}, "Text")
    assert front_matter("No front matter") == ({}, "No front matter")
    with pytest.raises(UnsafePath, match=r"x\.md: its front matter cannot be read"):
        front_matter("---\ntitle: [unclosed\n---\n", "x.md")
    with pytest.raises(UnsafePath, match="not a set of fields"):
        front_matter("---\n- a\n- b\n---\n", "x.md")


def test_template_tags_are_taken_out_and_each_named():
    text = (
        "See [the paper]({{ site.baseurl }}/files/p.pdf).\n"
        "{% include figure.liquid path='a.jpg' %}\n"
        "{{< youtube abc >}}\n"
        "Done {{ page.title }}."
    )
    body, unused = without_template_tags(text, "_pages/about.md")
    assert body == "See [the paper](/files/p.pdf).\n\n\nDone ."
    assert [str(u) for u in unused] == [
        "_pages/about.md: line 2: Liquid tag {% include figure.liquid path='a.jpg' %} "
        "cannot be rendered here",
        "_pages/about.md: line 3: Hugo shortcode {{< youtube abc >}} cannot be rendered here",
        "_pages/about.md: line 4: Liquid tag {{ page.title }} cannot be rendered here",
    ]


def test_every_file_not_read_is_listed_and_theme_folders_counted(tmp_path):
    root = write(
        tmp_path / "site",
        {"_layouts/a.html": "", "_layouts/b.html": "", "notes.txt": "", "used.md": "x"},
    )
    repo = Repository(root)
    repo.text("used.md")
    assert [str(u) for u in repo.unused({"_layouts": "the theme's layouts"})] == [
        "_layouts: the theme's layouts (2 files): not content",
        "notes.txt: not content the import knows",
    ]


def test_a_folder_of_no_known_theme_is_refused_with_what_was_looked_for(db, tmp_path):
    root = write(tmp_path / "site", {"index.html": "<p>hi</p>"})
    with pytest.raises(CommandError, match="not a site made with al-folio"):
        call_command("import_site", str(root))
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_site", str(root / "index.html"))


# Writing what a theme read ------------------------------------------------------


def entry(model, path, values, **extra):
    return EntryRecord(model, path, model, "site", f"site:{path}", values, **extra)


def fake_theme(monkeypatch, build):
    """A theme whose reader gives what ``build(repo)`` returns."""
    module = types.SimpleNamespace(
        NAME="fake", LABEL="Fake", MACHINERY={}, detect=lambda repo: 1, read=build
    )
    monkeypatch.setattr(site_source, "THEMES", {"fake": module})
    monkeypatch.setattr("portfolio.importing.site.THEMES", {"fake": module})


def everything(repo):
    data = SiteData("fake")
    data.entries = [
        entry("profile", "_config.yml", {"name": "Ada Lovelace", "bio": "Analyst."}),
        entry(
            "talk",
            "_talks/t.md",
            {"title": "On engines", "event": "Royal Society", "year": 2023},
            topics=["engines"],
        ),
        entry("news", "_news/n.md", {"title": "Notes out", "date": "2024-05-01"}),
        entry(
            "project",
            "_projects/p.md",
            {"title": "Engine", "summary": "A machine."},
            links=[("code", "https://example.org/engine")],
            files={"image": ContentFile(image_bytes(), name="engine.png")},
        ),
        entry("course", "_teaching/c.md", {"title": "Mathematics", "start_year": 2020}),
        entry(
            "page",
            "_pages/s.md",
            {"title": "Students", "body": "## Current\n\n![The lab](/assets/img/lab.png)"},
        ),
    ]
    data.records = [
        Record(
            key="lovelace2023",
            line=0,
            title="Sketch of the Analytical Engine",
            kind=Publication.Kind.JOURNAL,
            year=2023,
            month=None,
            venue="Scientific Memoirs",
            authors=[("Ada", "Lovelace")],
            author_marks=[(False, False)],
            featured=True,
            source="site",
            source_key="site:papers.bib#lovelace2023",
            files={
                "pdf": ContentFile(pdf_bytes(), name="sketch.pdf"),
                "image": ContentFile(b"GIF89a not a png", name="teaser.png"),
            },
        )
    ]
    data.unused = [Unused("papers.bib", "not a field the site has", "lovelace2023: abbr2")]
    return data


def test_a_site_comes_in_whole_with_its_files_and_again_changes_nothing(
    client, db, tmp_path, media, monkeypatch
):
    fake_theme(monkeypatch, everything)
    write(tmp_path, {"assets/img/lab.png": image_bytes()})
    result = import_site(tmp_path)
    assert {o.action for o in result.outcomes} == {"created"}, [
        (o.key, o.message) for o in result.outcomes
    ]
    assert Profile.get_solo().name == "Ada Lovelace"
    talk = Talk.objects.get()
    assert (talk.event, talk.slug, list(talk.tags.names())) == (
        "Royal Society",
        "on-engines",
        ["engines"],
    )
    assert NewsItem.objects.get().title == "Notes out"
    project = Project.objects.get()
    assert project.image and project.image_alt == "Engine"
    assert [(link.kind, link.url) for link in project.links.all()] == [
        ("code", "https://example.org/engine")
    ]
    assert Course.objects.get().title == "Mathematics"
    image = LibraryImage.objects.get()
    assert image.description == "The lab"
    assert Page.objects.get().body == f"## Current\n\n![The lab](/media/{image.image.name})"
    response = client.get(Page.objects.get().get_absolute_url())
    assert f'<img src="/media/{image.image.name}" alt="The lab"' in response.text
    paper = Publication.objects.get()
    assert paper.featured and paper.pdf and not paper.image
    message = next(o.message for o in result.outcomes if o.publication)
    assert "image teaser.png not brought in: The file is a GIF image" in message or (
        "image teaser.png not brought in" in message
    )
    assert "with its pdf" in message
    assert [str(u) for u in result.unused] == [
        "papers.bib: lovelace2023: abbr2: not a field the site has"
    ]

    Talk.objects.update(event="The Royal Society")  # edited here
    pdf_name = paper.pdf.name
    again = import_site(tmp_path)
    assert {o.action for o in again.outcomes} == {"skipped"}, [
        (o.key, o.action, o.message) for o in again.outcomes
    ]
    assert Talk.objects.get().event == "The Royal Society"
    assert Publication.objects.get().pdf.name == pdf_name
    models = (Talk, NewsItem, Project, Course, Page, Publication, LibraryImage)
    assert [m.objects.count() for m in models] == [1] * 7


def test_a_dry_run_writes_no_row_and_stores_no_file(db, tmp_path, media, monkeypatch):
    fake_theme(monkeypatch, everything)
    write(tmp_path, {"assets/img/lab.png": image_bytes()})
    result = import_site(tmp_path, dry_run=True)
    assert {o.action for o in result.outcomes} == {"created"}
    assert not Publication.objects.exists() and not Talk.objects.exists()
    assert not Profile.objects.exists() and not LibraryImage.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_an_entry_the_model_refuses_is_that_entrys_error_only(db, tmp_path, media, monkeypatch):
    def build(repo):
        data = everything(repo)
        data.entries.append(entry("talk", "_talks/bad.md", {"title": "No event", "year": 2023}))
        return data

    fake_theme(monkeypatch, build)
    out = io_command(tmp_path, fails=True)
    assert "_talks/bad.md" in out["stderr"] and "event" in out["stderr"]
    assert Talk.objects.count() == 1 and Publication.objects.count() == 1


def test_the_command_lists_what_is_left_out_and_summarises(db, tmp_path, media, monkeypatch):
    fake_theme(monkeypatch, everything)
    write(tmp_path, {"assets/img/lab.png": image_bytes()})
    out = io_command(tmp_path, "--dry-run")
    assert "Not brought in (1):" in out["stdout"]
    assert "papers.bib: lovelace2023: abbr2: not a field the site has" in out["stdout"]
    assert "Dry run, nothing written: would have 8 created" in out["stdout"]


def io_command(path, *args, fails=False):
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    if fails:
        with pytest.raises(CommandError, match="could not be imported"):
            call_command("import_site", str(path), *args, stdout=stdout, stderr=stderr)
    else:
        call_command("import_site", str(path), *args, stdout=stdout, stderr=stderr)
    return {"stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


# Bodies -------------------------------------------------------------------------


def test_html_in_a_body_becomes_markdown_and_other_tags_are_named():
    text = (
        '<div class="row"><p>See <a href="https://x.org/a">the <b>code</b></a>.<br>\n'
        '<img src="/assets/img/lab.jpg" alt="The lab"></p></div>\n'
        "<h2>Students</h2>\n<!-- hidden note -->Keep `<span>` and\n```\n<div>code</div>\n```"
    )
    body, unused = html_to_markdown(text, "_pages/about.md")
    assert body == (
        "See [the **code**](https://x.org/a).  \n\n![The lab](/assets/img/lab.jpg)\n\n"
        "## Students\n\nKeep `<span>` and\n```\n<div>code</div>\n```"
    )
    assert [str(u) for u in unused] == [
        "_pages/about.md: HTML taken out, its text kept (<div>, <p>): "
        "the site's Markdown shows no HTML"
    ]


def test_images_from_the_old_sites_files_are_gathered_and_others_left(tmp_path):
    root = write(
        tmp_path / "site",
        {
            "assets/img/lab.png": image_bytes(),
            "_projects/fig.png": image_bytes(),
            "assets/img/anim.gif": b"GIF89a",
        },
    )
    repo = Repository(root)
    data = SiteData("fake")
    text = (
        "![Lab](/assets/img/lab.png) ![Fig](fig.png) ![Elsewhere](https://x.org/a.png) "
        "![Gone](/assets/img/gone.png) ![Anim](/assets/img/anim.gif) ![Out](../../etc/x.png)"
    )
    body = gather_images(text, "_projects/p.md", repo, ("",), data)
    assert body == (
        "![Lab](site-image:assets/img/lab.png) ![Fig](site-image:_projects/fig.png) "
        "![Elsewhere](https://x.org/a.png) ![Gone](/assets/img/gone.png) "
        "![Anim](/assets/img/anim.gif) ![Out](../../etc/x.png)"
    )
    assert sorted(data.images) == ["_projects/fig.png", "assets/img/lab.png"]
    assert [str(u) for u in data.unused] == [
        "_projects/p.md: image /assets/img/gone.png: no such file in the repository",
        "assets/img/anim.gif: image in _projects/p.md: not brought in: "
        "Upload a JPEG, PNG or WebP image (.jpg, .png, .webp); .gif is not accepted.",
        "_projects/p.md: image ../../etc/x.png: no such file in the repository",
    ]


def test_an_optional_field_the_model_refuses_is_left_out_and_named(
    db, tmp_path, media, monkeypatch
):
    def build(repo):
        data = SiteData("fake")
        data.entries = [
            entry(
                "talk",
                "_talks/t.md",
                {"title": "On engines", "event": "Royal Society", "year": 2023,
                 "slides_url": "ftp://example.org/slides"},
            )
        ]  # fmt: skip
        return data

    fake_theme(monkeypatch, build)
    outcome = import_site(tmp_path).outcomes[0]
    assert outcome.action == "created"
    assert outcome.message.startswith("slides_url left out: ")
    assert Talk.objects.get().slides_url == ""


def test_tags_and_comments_left_open_are_read_to_a_bounded_length():
    body, _ = html_to_markdown("Before <!-- a comment never closed\nmore", "p.md")
    assert body == "Before"
    # Openings without an end are left as text, each after a bounded scan.
    hostile = "<a href='x'>" * 20_000 + "{{<" * 20_000 + "<img " * 20_000
    body, _ = html_to_markdown(hostile, "p.md")
    assert body.count("<img") == 20_000
    text, tags = without_template_tags("{% open " + "x" * 5000, "p.md")
    assert text.startswith("{% open") and tags == []


def test_a_name_too_long_is_a_clear_error(tmp_path):
    repo = Repository(write(tmp_path / "site", {"a.md": "x"}))
    assert not repo.exists("x" * 5000) and not repo.is_dir("x" * 5000)
    with pytest.raises(UnsafePath, match=r"cannot be read \(File name too long"):
        repo.text("x" * 5000)


def test_a_loop_of_links_and_an_unknown_theme_are_clear_errors(tmp_path):
    root = write(tmp_path / "site", {"a.md": "x"})
    os.symlink(root / "loop1", root / "loop2")
    os.symlink(root / "loop2", root / "loop1")
    with pytest.raises(UnsafePath, match="loop1: cannot be followed"):
        Repository(root).text("loop1")
    with pytest.raises(SiteError, match="Unknown theme 'nope'; the themes are al-folio"):
        site_source.read_site(root, "nope")


def test_data_files_dates_and_lists_as_the_themes_write_them(tmp_path):
    root = write(
        tmp_path / "site",
        {"a.toml": 'title = "A"\n', "b.json": '{"a":\t1}', "c.yml": "a: [1, 2]\n", "d.toml": "="},
    )
    repo = Repository(root)
    assert (repo.data("a.toml"), repo.data("b.json"), repo.data("c.yml")) == (
        {"title": "A"},
        {"a": 1},
        {"a": [1, 2]},
    )
    with pytest.raises(UnsafePath, match=r"d\.toml: cannot be read"):
        repo.data("d.toml")
    date = datetime.date
    assert as_date(datetime.datetime(2024, 5, 1, 10)) == date(2024, 5, 1)
    assert as_date("2015-10-22 15:59:00-0400") == date(2015, 10, 22)
    assert as_date("2024-02-30") is None and as_date("spring") is None and as_date(None) is None
    assert as_list("a, b,") == ["a", "b"]
    assert as_list(None) == [] and as_list(["x"]) == ["x"] and as_list(3) == [3]


def test_a_library_image_deleted_here_is_not_brought_back(db, tmp_path, media, monkeypatch):
    fake_theme(monkeypatch, everything)
    write(tmp_path, {"assets/img/lab.png": image_bytes()})
    import_site(tmp_path)
    LibraryImage.objects.get().delete()
    again = import_site(tmp_path)
    image = next(o for o in again.outcomes if o.kind == "Library image")
    assert (image.action, image.message) == (
        "skipped",
        "deleted here after an earlier import: not brought back",
    )
    assert not LibraryImage.objects.exists()
    # The page names the image by its old address again, which the site shows as its
    # description: no broken image.
    assert Page.objects.get().body == "## Current\n\n![The lab](/assets/img/lab.png)"


def test_a_date_yaml_cannot_make_or_nesting_too_deep_is_the_files_error(tmp_path):
    root = write(
        tmp_path / "site",
        {"a.yml": "date: 2024-13-45\n", "b.yml": "[" * 5000 + "]" * 5000},
    )
    repo = Repository(root)
    with pytest.raises(UnsafePath, match=r"a\.yml: cannot be read \(month must be in 1\.\.12\)"):
        repo.data("a.yml")
    with pytest.raises(UnsafePath, match=r"b\.yml: cannot be read"):
        repo.data("b.yml")
    with pytest.raises(UnsafePath, match=r"p\.md: its front matter cannot be read \(month"):
        front_matter("---\ndate: 2024-13-45\n---\nBody", "p.md")
