"""The public site as plain files, for a static host (GitHub Pages, any web server).

Every public page is rendered by the site itself, through Django's test client,
as a visitor who is not signed in would get it, under the base URL's host and
path: links, canonical URLs, feeds, the sitemap and the Google Scholar tags all
name the base URL. The pages are found from the home page, the sitemap, the
feeds and the exports, then by following every link of every page; only views
marked public (``portfolio.pagecache.public.public``) are rendered, so the admin,
hidden entries and anything else the live site does not show are never built.

The whole site is rendered before the folder is touched. Writing it then changes
only files whose bytes differ, so a second build with nothing changed rewrites
nothing, and a git or rsync deploy sends only what changed. The folder's manifest
(``.portfolio-build.json``) lists what the build wrote: a file a later build no
longer has is removed, and nothing else in the folder is ever deleted or
overwritten.
"""

import itertools
import json
import logging
import os
import re
import tempfile
from collections import deque
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import Resolver404, get_script_prefix, resolve, reverse, set_script_prefix

MANIFEST = ".portfolio-build.json"
GENERATOR = "portfolio build_site"
# What a folder may hold besides a previous build and still be built into.
IGNORED = {".git"}
_NETLOC = re.compile(r"^(([a-z0-9-]+\.)*[a-z0-9-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$")
_HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class BuildError(Exception):
    """A build that cannot be done; the folder is left as it was."""


@dataclass(frozen=True)
class BaseURL:
    """Where the built site is served: ``https://user.github.io/portfolio/``."""

    scheme: str
    netloc: str
    hostname: str
    prefix: str  # "/" or "/portfolio/"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.prefix}"


def parse_base_url(text: str) -> BaseURL:
    example = "e.g. https://user.github.io/portfolio/ or https://example.org/"
    parts = urlsplit((text or "").strip())
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise BuildError(f"The base URL {text!r} has a port that is not a number.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BuildError(
            f"The base URL must start with http:// or https:// and name a host ({example}); "
            f"got {text!r}."
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise BuildError(
            f"The base URL is where the site is served ({example}): no query, fragment or "
            f"user name; got {text!r}."
        )
    if not _NETLOC.match(parts.netloc.lower()):
        raise BuildError(
            f"The base URL's host {parts.netloc!r} is not a plain host name (letters, digits, "
            "dots and hyphens; an international name in its xn-- form)."
        )
    prefix = parts.path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    if not re.fullmatch(r"/([A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*", prefix):
        raise BuildError(
            f"The base URL's path {prefix!r} is not a plain folder path: use letters, digits, "
            "'-', '_', '.' and '~' between the slashes."
        )
    return BaseURL(parts.scheme, parts.netloc.lower(), parts.hostname.lower(), prefix)


def check_domain(name: str) -> str:
    domain = (name or "").strip().lower().rstrip(".")
    if not _HOST_NAME.match(domain):
        raise BuildError(f"--cname wants a domain name such as www.example.org; got {name!r}.")
    return domain


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    pages: int = 0
    missing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.written)} written, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed ({self.pages} pages, "
            f"{len(self.written) + len(self.unchanged)} files in all)"
        )


# --- The folder -------------------------------------------------------------------------
def previous_build(folder: Path) -> set[str]:
    """What the previous build wrote into ``folder``; refuses a folder that holds
    anything else and is not a previous build."""
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"{folder} is a file, not a folder. Name a folder for the site.")
    if not folder.exists():
        return set()
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            if data.get("generator") != GENERATOR or not isinstance(data.get("files"), list):
                raise ValueError
            return {str(name) for name in data["files"]}
        except (ValueError, OSError, AttributeError):
            raise BuildError(
                f"{manifest} is not a build manifest this command wrote; the folder is left "
                "alone. Build into an empty folder."
            ) from None
    others = sorted(entry.name for entry in folder.iterdir() if entry.name not in IGNORED)
    if others:
        shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
        raise BuildError(
            f"{folder} is not empty ({shown}) and is not a previous build: nothing in it is "
            "replaced or deleted. Build into an empty folder, or into the folder of a "
            "previous build."
        )
    return set()


def check_writable(folder: Path) -> None:
    """Create ``folder`` if needed and make sure files can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as error:
        raise BuildError(f"Cannot write into {folder}: {error.strerror or error}.") from None


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        path.is_absolute() or not path.parts or ".." in path.parts or "\x00" in name
        or path.parts[0] in IGNORED
    ):  # fmt: skip
        raise BuildError(f"Refusing to write outside the folder: {name!r}.")
    return path


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing a name that leaves the folder, directly or through
    a symbolic link on the way (a link is never followed, written or deleted through)."""
    path = folder
    for part in _safe_relative(name).parts:
        path = path / part
        if path.is_symlink():
            raise BuildError(
                f"{path} is a symbolic link; the build does not write or delete through links. "
                "Remove it and build again."
            )
    return path


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_site(folder: Path, files: dict, base: BaseURL, report: Report) -> Report:
    """Make ``folder`` hold exactly ``files`` (name -> bytes, or a Path to copy) and
    the files of others that were there, touching only what changed."""
    previous = previous_build(folder)
    check_writable(folder)
    for name in set(files) | previous:
        target = _inside(folder, name)
        if name in files and name not in previous and target.exists():
            raise BuildError(
                f"{target} is in the way and was not written by a previous build; move it "
                "away and build again."
            )
    for name in sorted(files):
        content = files[name]
        data = content.read_bytes() if isinstance(content, Path) else content
        target = _inside(folder, name)
        if _same(target, data):
            report.unchanged.append(name)
        else:
            _write(target, data)
            report.written.append(name)
    for name in sorted(previous - files.keys()):
        target = _inside(folder, name)
        if target.is_file():
            target.unlink()
            report.removed.append(name)
        parent = target.parent
        while parent != folder and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    manifest = json.dumps(
        {"generator": GENERATOR, "base_url": base.url, "files": sorted(files)}, indent=1
    ).encode()
    if not _same(_inside(folder, MANIFEST), manifest):
        _write(folder / MANIFEST, manifest)
    return report


# --- Rendering --------------------------------------------------------------------------
class _Links(HTMLParser):
    """The addresses an HTML page refers to: links, images, stylesheets, scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src"):
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [item.split()[0] for item in value.split(",") if item.strip()]


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.urls


def file_name(path: str) -> str:
    """The file of a path below the base: ``publications/`` -> ``publications/index.html``."""
    name = unquote(path).lstrip("/")
    if not name or name.endswith("/"):
        name += "index.html"
    return str(_safe_relative(name))


def is_public(path: str) -> bool:
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return False
    return hasattr(match.func, "page_cache_params")


def redirect_page(target: str, absolute: str) -> bytes:
    """A page that sends the visitor on to ``target``: a static host cannot answer 301."""
    target, absolute = escape(target), escape(absolute)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>This page has moved</title>\n"
        f'<link rel="canonical" href="{absolute}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{target}">{absolute}</a>.</p>\n'
        "</body>\n</html>\n"
    ).encode()


def former_addresses() -> dict[str, str]:
    """Old path -> current path of every public entry whose slug was changed."""
    from portfolio.core.models import FormerSlug

    moved = {}
    for former in FormerSlug.objects.select_related("content_type"):
        model = former.content_type.model_class()
        manager = model._default_manager if model else None
        if manager is None:
            continue
        queryset = manager.published() if hasattr(manager, "published") else manager.all()
        entry = queryset.filter(pk=former.object_id).first()
        if entry is None:
            continue
        current = entry.get_absolute_url()
        entry.slug = former.slug
        moved[entry.get_absolute_url()] = current
    return moved


class Renderer:
    """Renders the public site under ``base``: call :meth:`render`."""

    def __init__(self, base: BaseURL, staging: Path):
        self.base = base
        self.staging = staging  # rendered files wait here, not in memory
        self.staged = itertools.count()
        self.client = Client(
            SCRIPT_NAME=base.prefix.rstrip("/"), HTTP_HOST=base.netloc, SERVER_NAME=base.hostname
        )
        self.files: dict = {}
        self.report = Report()
        self.static_names: set[str] = set()

    def get(self, path: str):
        return self.client.get(path, secure=self.base.scheme == "https")

    def keep(self, name: str, data: bytes) -> None:
        staged = self.staging / str(next(self.staged))
        staged.write_bytes(data)
        self.files[name] = staged

    def seeds(self) -> list[str]:
        from portfolio.core import registry

        names = ["website:home", "sitemap", "website:robots", "cvdata:json"]
        names += [
            "publications:list_bibtex",
            *[feed["url_name"] for feed in registry.feed_links()],
        ]
        return [reverse(name) for name in names]

    def local(self, url: str, page: str) -> str | None:
        """The path below the base that ``url`` (found on ``page``) names, or None
        for an address elsewhere."""
        parts = urlsplit(urljoin(self.base.url + page.lstrip("/"), url))
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != self.base.netloc:
            return None
        if not parts.path.startswith(self.base.prefix):
            return None
        path = "/" + parts.path[len(self.base.prefix) :]
        return path + ("?" + parts.query if parts.query else "")

    def render(self) -> dict:
        set_script_prefix("/")
        queue = deque(self.seeds())
        # The test client does not set the prefix as a server does from SCRIPT_NAME.
        set_script_prefix(self.base.prefix)
        seen: set[str] = set()
        media: set[str] = set()
        media_url = re.compile(re.escape(self.base.prefix + "media/") + r"([^\"'\s<>()?#,]+)")
        while queue:
            path = queue.popleft()
            if unquote(path) in seen:
                continue
            seen.add(unquote(path))
            try:
                response = self.get(path)
            except Exception as error:
                raise BuildError(f"The page {path} failed to render: {error!r}") from error
            if response.status_code in (301, 302, 307, 308):
                target = self.local(response["Location"], path)
                if target and "?" not in target and is_public(target):
                    queue.append(target)
                continue
            if response.status_code == 404:
                self.report.missing.append(path)
                continue
            if response.status_code != 200:
                raise BuildError(f"The page {path} answered {response.status_code}.")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            self.keep(file_name(path), body)
            kind = response.get("Content-Type", "")
            if not kind.startswith(("text/", "application/")) or kind.startswith(
                "application/pdf"
            ):
                continue
            text = body.decode("utf-8", "replace")
            media.update(media_url.findall(text))
            if kind.startswith("text/html"):
                self.report.pages += 1
                urls = links_of(text)
            elif "xml" in kind:
                urls = re.findall(r"<loc>([^<]+)</loc>", text)
            else:
                continue
            for url in urls:
                target = self.local(url.replace("&amp;", "&"), path)
                if target is None or "?" in target:
                    continue  # elsewhere, or a combination of filters (live site only)
                if target.startswith(("/static/", "/media/")):
                    if target.startswith("/static/"):
                        self.static_names.add(unquote(target[1:]))
                    continue
                if is_public(target) and unquote(target) not in seen:
                    queue.append(target)
        self._add_media(media)
        set_script_prefix(self.base.prefix)
        self._add_not_found_page()
        self._add_redirect_pages()
        return self.files

    def _add_media(self, names: set[str]) -> None:
        root = Path(settings.MEDIA_ROOT).resolve()
        for name in sorted(names):
            source = (root / unquote(name)).resolve()
            if source.is_relative_to(root) and source.is_file():
                self.files["media/" + unquote(name)] = source

    def _add_not_found_page(self) -> None:
        response = self.get("/404.html")
        if response.status_code != 404:
            raise BuildError("/404.html is a page of the site; the not-found page needs it.")
        self.keep("404.html", response.content)

    def _add_redirect_pages(self) -> None:
        """A page at each former address of a built page; beside a page that has a
        ``.bib`` (``x/`` and ``x.bib``) or a PDF in its folder (``x/x.pdf``), the old
        ``.bib`` or PDF as a copy of the new one (a static host answers no redirect
        for a file that is not a page)."""
        set_script_prefix("/")
        for old, new in former_addresses().items():
            name, built = file_name(old), file_name(new)
            if built not in self.files or name in self.files:
                continue  # no longer public, or the old address is another page now
            target = self.base.prefix + new.lstrip("/")
            absolute = f"{self.base.scheme}://{self.base.netloc}{target}"
            self.keep(name, redirect_page(target, absolute))
            beside = [(old.rstrip("/") + ".bib", new.rstrip("/") + ".bib")]
            if old.endswith("/") and new.endswith("/"):
                old_slug, new_slug = PurePosixPath(old).name, PurePosixPath(new).name
                beside.append((f"{old}{old_slug}.pdf", f"{new}{new_slug}.pdf"))
            for old_file, new_file in beside:
                if file_name(new_file) in self.files and file_name(old_file) not in self.files:
                    self.files[file_name(old_file)] = self.files[file_name(new_file)]


def build(base: BaseURL, domain: str, work: Path) -> tuple[dict, Report]:
    """Every file of the static site (name -> bytes, or the Path of a file in
    ``work`` or the media folder), with a ``CNAME`` naming ``domain`` if given,
    and the report."""
    from portfolio.pagecache.version import code_fingerprint

    previous_prefix = get_script_prefix()
    static_root, staging = work / "static", work / "pages"
    staging.mkdir()
    overrides = {
        "DEBUG": False,
        "STATIC_BUILD": True,
        "PAGE_CACHE": False,
        "ALLOWED_HOSTS": [f"[{base.hostname}]" if ":" in base.hostname else base.hostname],
        "ADMINS": [],  # a page that fails here is reported to whoever runs the build
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "STATIC_ROOT": str(static_root),
        "STATIC_URL": base.prefix + "static/",
        "MEDIA_URL": base.prefix + "media/",
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    }
    request_log = logging.getLogger("django.request")
    level = request_log.level
    # Pages that are not found are reported by the command itself.
    request_log.setLevel(logging.ERROR)
    try:
        with override_settings(**overrides):
            code_fingerprint.cache_clear()
            call_command(
                "collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"]
            )
            renderer = Renderer(base, staging)
            files = renderer.render()
            for source in sorted(static_root.rglob("*")):
                name = source.relative_to(static_root).as_posix()
                if source.is_file() and name != "staticfiles.json":
                    files["static/" + name] = source
            absent = sorted(renderer.static_names - files.keys())
            if absent:
                raise BuildError(f"Pages refer to static files that do not exist: {absent}")
    finally:
        request_log.setLevel(level)
        set_script_prefix(previous_prefix)
        code_fingerprint.cache_clear()
    files[".nojekyll"] = b""
    if domain:
        files["CNAME"] = (domain + "\n").encode()
    return files, renderer.report


def build_site(folder: Path, base_url: str, cname: str = "") -> Report:
    """Build the site for ``base_url`` into ``folder``; see the module's description."""
    base = parse_base_url(base_url)
    domain = check_domain(cname) if cname else ""
    folder = Path(folder)
    previous_build(folder)  # refuse a wrong folder before the work, not after
    with tempfile.TemporaryDirectory(prefix="portfolio-build-") as work:
        files, report = build(base, domain, Path(work))
        return write_site(folder, files, base, report)
