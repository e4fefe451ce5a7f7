"""`build_site` and `publish`: the public site as plain files for a static host."""

import io
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from portfolio.profile.models import Profile
from portfolio.publications.models import Publication
from portfolio.staticsite.build import MANIFEST, links_of
from portfolio.talks.models import Talk

from .factories import make_author, make_page, make_publication, make_talk
from .test_production_server import free_port
from .test_uploads import change_photo, image_bytes

BASE = "https://user.github.io/portfolio/"


@pytest.fixture
def site(cv, admin_client, settings, tmp_path):
    """The sample CV with a photo, a topic in another script, hidden entries, a
    private phone number and a publication whose slug was changed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    profile = Profile.objects.get()
    photo = SimpleUploadedFile("me.png", image_bytes(size=(900, 700)), content_type="image/png")
    change_photo(admin_client, profile, photo=photo)
    hidden_author = make_author(
        given_name="Hidden", family_name="Coauthor", slug="hidden-coauthor"
    )
    make_publication(
        title="A Secret Draft", slug="secret-draft", is_published=False, authors=[hidden_author]
    )
    make_talk(title="A Secret Talk", slug="secret-talk", is_published=False)
    make_publication(title="Méthodes en pratique", slug="methodes", tags=["Méthodes numériques"])
    moved = Publication.objects.published().order_by("pk").first()
    moved.slug, old_slug = moved.slug + "-renamed", moved.slug
    moved.save()
    return {"moved": moved, "old_slug": old_slug, "phone": Profile.objects.get().phone}


def build(folder, base=BASE, **options):
    out = io.StringIO()
    call_command("build_site", str(folder), base_url=base, stdout=out, stderr=out, **options)
    return out.getvalue()


def files_of(folder: Path) -> dict[str, int]:
    """Every file of the folder (its manifest aside) with its modification time."""
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }


def text(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


# --- What is built ----------------------------------------------------------------------
def test_every_public_page_feed_and_export_is_built(site, tmp_path):
    make_publication(title="A whole book", slug="whole-book", kind="book", venue="Northfield")
    out = tmp_path / "site"
    report = build(out)
    assert re.search(r"Built .*: \d+ written, 0 unchanged, 0 removed \(\d+ pages", report)
    names = files_of(out)
    for name in [
        "index.html", "cv/index.html", "publications/index.html", "talks/index.html",
        "topics/index.html", "publications/by-year/index.html", "publications.bib", "cv.json",
        "sitemap.xml", "robots.txt", "feeds/publications.rss", "feeds/publications.atom",
        "feeds/talks.rss", "feeds/talks.atom", "404.html", ".nojekyll",
    ]:  # fmt: skip
        assert name in names, name
    for publication in Publication.objects.published():
        assert f"publications/{publication.slug}/index.html" in names
        assert f"publications/{publication.slug}.bib" in names
    for talk in Talk.objects.published():
        assert f"talks/{talk.slug}/index.html" in names
    kinds = set(Publication.objects.published().values_list("kind", flat=True))
    assert "book" in kinds
    for kind in kinds:
        assert f"publications/kind/{kind}/index.html" in names
        assert f"publications/kind/{kind}.bib" in names
    for year in set(Publication.objects.published().values_list("year", flat=True)):
        assert f"publications/year/{year}/index.html" in names
    assert "publications/topic/méthodes-numériques/index.html" in names
    assert "topics/méthodes-numériques/index.html" in names
    # Every address of the sitemap is a file.
    for loc in re.findall(r"<loc>([^<]+)</loc>", text(out, "sitemap.xml")):
        assert loc.startswith(BASE)
        path = unquote(loc[len(BASE) :])
        assert (out / path / "index.html").is_file() or (out / path).is_file(), loc
    # Static files hashed and compressed as in production; the photo's sizes.
    css = [n for n in names if re.fullmatch(r"static/core/site\.[0-9a-f]{12}\.css", n)]
    assert css and css[0] + ".gz" in names and css[0] + ".br" in names
    assert f'href="/portfolio/{css[0]}"' in text(out, "index.html")
    photos = [n for n in names if n.startswith("media/")]
    home = text(out, "index.html")
    assert len(photos) > 1 and all(f"/portfolio/{name}" in home for name in photos)


def test_absolute_addresses_name_the_base_url(site, tmp_path):
    out = tmp_path / "site"
    build(out)
    moved = site["moved"]
    page = text(out, f"publications/{moved.slug}/index.html")
    url = f"{BASE}publications/{moved.slug}/"
    assert f'<link rel="canonical"\n          href="{url}">' in page or f'href="{url}"' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta name="citation_title"' in page
    assert f"Sitemap: {BASE}sitemap.xml" in text(out, "robots.txt")
    rss = text(out, "feeds/publications.rss")
    assert f"<link>{BASE}publications/</link>" in rss and f"<link>{url}</link>" in rss
    resume = json.loads(text(out, "cv.json"))
    assert resume["basics"]["image"].startswith(BASE + "media/")
    assert {item["url"] for item in resume["publications"]} >= {url}
    home = text(out, "index.html")
    assert f'"url":"{BASE}"' in home
    assert re.search(rf'"image":"{re.escape(BASE)}media/[^"]+"', home)
    # Every address inside a page carries the base path.
    for name in files_of(out):
        if name.endswith(".html") and name != "404.html":
            for link in links_of(text(out, name)):
                assert not re.match(r"/(?!portfolio/)", link), (name, link)


def test_nothing_private_or_hidden_is_built(site, tmp_path, settings):
    out = tmp_path / "site"
    build(out)
    names = files_of(out)
    assert not [n for n in names if "admin" in n.split("/")[0]]
    assert "authors/hidden-coauthor/index.html" not in names
    assert "publications/secret-draft/index.html" not in names
    everything = "\n".join(
        (out / n).read_bytes().decode("utf-8", "replace")
        for n in names
        if not n.startswith(("static/", "media/"))
    )
    for secret in ("A Secret Draft", "A Secret Talk", "secret-draft", "Hidden Coauthor"):
        assert secret not in everything
    assert site["phone"] and site["phone"] not in everything
    assert "/admin/" not in everything and "Sign in" not in everything


def test_the_appearance_stylesheet_is_built_and_linked_under_the_base(site, tmp_path):
    Profile.objects.update(accent_colour="#c2185b", font="serif")
    folder = tmp_path / "out"
    build(folder)
    sheets = list((folder / "theme").glob("*.css"))
    assert len(sheets) == 1
    assert "--accent: #c2185b;" in sheets[0].read_text()
    link = f'<link rel="stylesheet" href="/portfolio/theme/{sheets[0].name}">'
    assert link in text(folder, "index.html")
    assert link in text(folder, "publications/index.html")
    # A new appearance replaces the file; the old one is gone.
    Profile.objects.update(accent_colour="#2e7d32")
    build(folder)
    assert [path.name for path in (folder / "theme").glob("*.css")] != [sheets[0].name]
    assert len(list((folder / "theme").glob("*.css"))) == 1


def test_an_empty_site_says_nothing_of_the_admin_and_builds_the_same_twice(db, tmp_path):
    out = tmp_path / "site"
    build(out, base="http://localhost/")
    assert "admin" not in text(out, "index.html").lower()
    before = files_of(out)
    time.sleep(0.01)
    assert ": 0 written," in build(out, base="http://localhost/")  # empty feeds too
    assert files_of(out) == before


def test_an_image_a_text_shows_is_built_with_the_page(db, tmp_path):
    from portfolio.media.models import LibraryImage

    shown, hidden, unused = (
        LibraryImage(description=name, image=ContentFile(image_bytes(), name=f"{name}.png"))
        for name in ("shown", "hidden", "unused")
    )
    for image in (shown, hidden, unused):
        image.full_clean()
        image.save()
    make_page(slug="lab", body=f"# The lab\n\n{shown.markdown}")
    make_page(slug="draft", body=hidden.markdown, is_published=False)
    out = tmp_path / "site"
    build(out)
    page = text(out, "pages/lab/index.html")
    assert '<img src="/portfolio/media/library/shown.png" alt="shown" loading="lazy">' in page
    assert [n for n in files_of(out) if n.startswith("media/")] == ["media/library/shown.png"]
    assert (out / "media/library/shown.png").read_bytes() == Path(shown.image.path).read_bytes()


def test_a_renamed_entry_leaves_a_redirect_page_at_its_old_address(site, tmp_path):
    out = tmp_path / "site"
    build(out)
    page = text(out, f"publications/{site['old_slug']}/index.html")
    new = f"/portfolio/publications/{site['moved'].slug}/"
    assert f'<meta http-equiv="refresh" content="0; url={new}">' in page
    assert f'<link rel="canonical" href="https://user.github.io{new}">' in page


def test_an_old_bib_address_is_a_copy_of_the_new_one(site, tmp_path):
    out = tmp_path / "site"
    build(out)
    new = f"publications/{site['moved'].slug}.bib"
    assert text(out, f"publications/{site['old_slug']}.bib") == text(out, new)


def test_an_ip_address_with_a_port_is_a_base_url(db, tmp_path):
    out = tmp_path / "site"
    build(out, base="http://[::1]:8001/")
    assert 'href="http://[::1]:8001/"' in text(out, "index.html")


def test_a_custom_domain_writes_cname(db, tmp_path):
    out = tmp_path / "site"
    build(out, base="https://www.example.org/", cname="www.example.org")
    assert text(out, "CNAME") == "www.example.org\n"
    with pytest.raises(CommandError, match="domain name"):
        build(out, base="https://www.example.org/", cname="not a domain")


# --- Incremental builds -----------------------------------------------------------------
def test_a_second_build_rewrites_nothing_and_an_edit_only_what_it_changes(site, tmp_path):
    out = tmp_path / "site"
    build(out)
    before = files_of(out)
    time.sleep(0.01)
    report = build(out)
    assert f": 0 written, {len(before)} unchanged, 0 removed" in report
    assert files_of(out) == before  # the same files, none rewritten

    moved = site["moved"]
    other = Publication.objects.published().exclude(pk=moved.pk).first()
    moved.title = "A Better Title"
    moved.save()
    report = build(out, verbosity=2)
    after = files_of(out)
    written = {n for n in after if after[n] != before.get(n)}
    assert f"publications/{moved.slug}/index.html" in written
    assert "publications/index.html" in written and "feeds/publications.rss" in written
    assert f"publications/{other.slug}/index.html" not in written
    assert not [n for n in written if n.startswith(("static/", "media/"))]
    assert re.search(rf": {len(written)} written, {len(after) - len(written)} unchanged", report)
    assert f"written: publications/{moved.slug}/index.html" in report

    # An entry hidden in the admin leaves the folder.
    other.is_published = False
    other.save()
    report = build(out)
    gone = {n for n in after if n not in files_of(out)}
    assert {f"publications/{other.slug}/index.html", f"publications/{other.slug}.bib"} <= gone
    assert f"{len(gone)} removed" in report
    assert not (out / "publications" / other.slug).exists()


# --- Bad input --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "base",
    ["ftp://example.org/", "example.org", "https://", "https://example.org/?q=1",
     "http://example.org:port/", "https://example.org/a b/", 'https://exa"mple.org/',
     "https://exa_mple.org/", "https://example.org/a%20b/", "https://example.org/café/",
     "https://example.org/%2e%2e/", "https://example.org/a/../b/"],
)  # fmt: skip
def test_a_base_url_that_is_not_http_is_refused(db, tmp_path, base):
    with pytest.raises(CommandError, match="base URL"):
        build(tmp_path / "site", base=base)
    assert not (tmp_path / "site").exists()


def test_a_folder_that_is_a_file_or_holds_other_files_is_refused(db, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    with pytest.raises(CommandError, match="is a file, not a folder"):
        build(a_file)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "README.md").write_text("mine")
    with pytest.raises(CommandError, match=r"not empty .*README\.md.* not a previous build"):
        build(folder)
    assert [p.name for p in folder.iterdir()] == ["README.md"]
    assert a_file.read_text() == "mine"


def test_a_folder_that_cannot_be_written_is_refused(db, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    with pytest.raises(CommandError, match="Cannot write into"):
        build(a_file / "site")
    with pytest.raises(CommandError, match="Cannot write into"):
        build(Path("/sys/portfolio-site") if Path("/sys").is_dir() else Path("/proc/x/site"))
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    readonly.chmod(0o500)
    try:
        import os

        if os.geteuid() != 0:  # permissions do not hold back root
            with pytest.raises(CommandError, match="Cannot write into"):
                build(readonly)
    finally:
        readonly.chmod(0o700)


def test_a_file_of_its_own_in_a_previous_build_is_never_replaced(site, tmp_path):
    out = tmp_path / "site"
    build(out)
    (out / "notes.txt").write_text("mine")
    (out / "index.html").unlink()
    (out / "publications" / "kind" / "fresh").mkdir()
    build(out)
    assert (out / "notes.txt").read_text() == "mine" and (out / "index.html").is_file()
    assert (out / "publications" / "kind" / "fresh").is_dir()


def test_a_file_of_its_own_where_the_build_would_write_stops_it(db, tmp_path):
    out = tmp_path / "site"
    build(out, base="https://www.example.org/")
    (out / "CNAME").write_text("mine.example.org\n")
    before = files_of(out)
    with pytest.raises(CommandError, match=r"CNAME is in the way and was not written by"):
        build(out, base="https://www.example.org/", cname="www.example.org")
    assert files_of(out) == before and text(out, "CNAME") == "mine.example.org\n"


def test_a_failed_build_leaves_the_previous_one_intact(site, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(out)
    before = files_of(out)
    site["moved"].title = "Not to be published"
    site["moved"].save()

    from portfolio.website import views

    def broken(*args, **kwargs):
        raise RuntimeError("a template failed")

    monkeypatch.setattr(views.CVView, "get_context_data", broken)
    with pytest.raises(CommandError, match="/cv/ failed to render"):
        build(out)
    assert files_of(out) == before
    with pytest.raises(CommandError, match="base URL"):
        build(out, base="mailto:me@example.org")
    assert files_of(out) == before


def test_the_build_never_writes_or_deletes_through_a_symbolic_link(site, tmp_path):
    out, outside = tmp_path / "site", tmp_path / "outside"
    build(out)
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    shutil.rmtree(out / "static")
    (out / "static").symlink_to(outside)
    with pytest.raises(CommandError, match="symbolic link"):
        build(out)
    assert [p.name for p in outside.iterdir()] == ["keep.txt"]
    # A manifest naming a file behind a link (or in .git) deletes nothing there.
    (out / "static").unlink()
    manifest = json.loads(text(out, MANIFEST))
    manifest["files"] += ["elsewhere/keep.txt"]
    (out / MANIFEST).write_text(json.dumps(manifest))
    (out / "elsewhere").symlink_to(outside)
    with pytest.raises(CommandError, match="symbolic link"):
        build(out)
    manifest["files"][-1] = ".git/config"
    (out / MANIFEST).write_text(json.dumps(manifest))
    (out / "elsewhere").unlink()
    with pytest.raises(CommandError, match="outside the folder"):
        build(out)
    assert (outside / "keep.txt").read_text() == "mine"


def test_a_manifest_not_written_by_a_build_is_refused(db, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / MANIFEST).write_text("{}")
    with pytest.raises(CommandError, match="not a build manifest"):
        build(out)


# --- Seen as a visitor would ------------------------------------------------------------
class Page(HTMLParser):
    """The h1 and the text of <main>."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_h1 = False
        self.h1 = ""
        self.main: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "main"
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        self.depth -= tag == "main"
        self.in_h1 = self.in_h1 and tag != "h1"

    def handle_data(self, data):
        if self.in_h1:
            self.h1 += data
        if self.depth:
            self.main.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.main).split())


@pytest.fixture
def served(site, tmp_path):
    """The site built for http://127.0.0.1:<port>/portfolio/ and served there by
    Python's plain static file server."""
    port = free_port()
    root = tmp_path / "www"
    base = f"http://127.0.0.1:{port}/portfolio/"
    build(root / "portfolio", base=base)
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url):
    url = quote(url, safe=":/?#[]@!$&'()*+,;=%")  # as a browser sends an address in any script
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http only)
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def crawl(base, starts):
    """Every address reachable from ``starts`` inside ``base``: url -> (status, body)."""
    seen, queue = {}, list(starts)
    while queue:
        url = urlsplit(queue.pop())._replace(fragment="").geturl()
        if url in seen:
            continue
        seen[url] = status, body, kind = fetch(url)
        if status == 200 and kind == "text/html":
            for link in links_of(body.decode()):
                target = urljoin(url, link)
                if target.startswith(base.split("/portfolio/")[0]):
                    queue.append(target)
    return seen


def test_a_plain_static_server_serves_the_same_portfolio(served):
    base = served
    live = Client()
    list_page = live.get(reverse("publications:list")).getvalue().decode()
    filters = re.search(r'<nav class="filters".*?</nav>', list_page, re.S).group(0)
    filter_links = [base + link.lstrip("/") for link in links_of(filters)]
    assert len(filter_links) > 5
    pages = crawl(base, [base + "index.html", *filter_links])
    broken = {url: status for url, (status, _, _) in pages.items() if status != 200}
    assert not broken
    assert not [url for url in pages if "/admin" in url]
    assert not [url for url in pages if not url.startswith(base)]  # nothing outside the base
    # Each page has the live site's h1 and content.
    compared = 0
    for url, (_, body, kind) in pages.items():
        if kind != "text/html":
            continue
        path = "/" + url[len(base) :]
        response = live.get(path.removesuffix("index.html"))
        if response.status_code == 301:
            # A former address, linked from text written before the rename: the
            # copy has a redirect page to where the live site redirects.
            target = base + response["Location"].lstrip("/")
            assert 'http-equiv="refresh"' in body.decode() and target in body.decode(), path
            continue
        assert response.status_code == 200, path
        static, dynamic = Page(body.decode()), Page(response.getvalue().decode())
        assert static.h1 and static.h1 == dynamic.h1, path
        assert static.text == dynamic.text, path
        compared += 1
    assert compared >= Publication.objects.published().count() + 10
    # The not-found page works at any depth under the base path.
    status, body, _ = fetch(base + "404.html")
    assert status == 200 and b"Page not found" in body
    for link in links_of(body.decode()):
        if not link.startswith(("#", "http")):
            assert link.startswith("/portfolio/") and fetch(urljoin(base, link))[0] == 200
    # Feeds, BibTeX and the sitemap are there.
    for name in ("feeds/publications.atom", "publications.bib", "sitemap.xml", "cv.json"):
        assert fetch(base + name)[0] == 200


def test_there_is_no_search_box_and_no_script_to_run(served):
    """The site has no server search, so the static copy has no search box to hide;
    and it runs no JavaScript at all (the JSON-LD blocks are data)."""
    pages = crawl(served, [served])
    for url, (_, body, kind) in pages.items():
        if kind == "text/html":
            html = body.decode()
            assert 'type="search"' not in html and "<form" not in html, url
            assert not re.search(r"<script(?![^>]*application/ld\+json)", html), url


# --- Publishing -------------------------------------------------------------------------
def git(*args, cwd=None) -> str:
    command = [shutil.which("git"), *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def remote(tmp_path):
    path = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(path))
    return path


def publish(**options):
    out = io.StringIO()
    call_command("publish", base_url=BASE, stdout=out, **options)
    return out.getvalue()


def test_publish_pushes_the_build_to_a_branch_and_then_only_changes(site, remote):
    report = publish(git=str(remote))
    assert "pushed" in report and "to gh-pages" in report
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines()
    assert "index.html" in files and ".nojekyll" in files and "publications.bib" in files
    assert "nothing changed" in publish(git=str(remote))
    assert git("rev-list", "--count", "gh-pages", cwd=remote) == "1"

    site["moved"].title = "A Better Title"
    site["moved"].save()
    publish(git=str(remote), message="New title")
    changed = git("diff", "--name-only", "gh-pages~1", "gh-pages", cwd=remote).splitlines()
    assert f"publications/{site['moved'].slug}/index.html" in changed
    assert not [name for name in changed if name.startswith("static/")]
    assert len(changed) < len(files) / 2
    assert git("log", "-1", "--format=%s", "gh-pages", cwd=remote) == "New title"


def test_publish_into_the_docs_folder_of_a_branch_keeps_its_other_files(site, remote, tmp_path):
    work = tmp_path / "work"
    git("clone", "--quiet", str(remote), str(work))
    (work / "README.md").write_text("My site\n")
    git("add", "README.md", cwd=work)
    git("-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "Start", cwd=work)
    git("push", "--quiet", "origin", "HEAD:refs/heads/main", cwd=work)
    publish(git=str(remote), branch="main", folder="docs")
    files = git("ls-tree", "-r", "--name-only", "main", cwd=remote).splitlines()
    assert "README.md" in files and "docs/index.html" in files and "index.html" not in files


def test_publish_to_the_root_of_a_branch_named_as_dot(db, remote):
    publish(git=str(remote), folder=".")
    assert "index.html" in git("ls-tree", "--name-only", "gh-pages", cwd=remote).splitlines()


def test_publish_to_a_folder(site, tmp_path):
    publish(to=str(tmp_path / "www"))
    assert (tmp_path / "www" / "index.html").is_file()


def test_a_failed_push_is_a_clear_error_and_publishes_nothing(site, remote):
    publish(git=str(remote))
    before = git("rev-parse", "gh-pages", cwd=remote)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed' >&2\nexit 1\n")
    hook.chmod(0o755)
    site["moved"].title = "Changed"
    site["moved"].save()
    with pytest.raises(CommandError, match=r"The push to .* failed: .*Nothing was published"):
        publish(git=str(remote))
    assert git("rev-parse", "gh-pages", cwd=remote) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"git": "/no/such/remote.git"}, "Cannot read the git remote"),
        ({"git": "REMOTE", "branch": "bad..name"}, "not a valid branch name"),
        ({"git": "REMOTE", "folder": "../outside"}, "inside the repository"),
        ({"git": "https://user:s3cret@127.0.0.1:9/x.git"}, r"remote https://127\.0\.0\.1:9/x"),
    ],
)
def test_bad_publish_options_are_clear_errors(db, remote, options, message):
    options = {k: str(remote) if v == "REMOTE" else v for k, v in options.items()}
    with pytest.raises(CommandError, match=message) as error:
        publish(**options)
    assert "s3cret" not in str(error.value)
