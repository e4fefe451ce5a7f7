"""The CV as a PDF: the CV page (its sections, order and privacy) rendered by
WeasyPrint with the site's print stylesheet, at the page size of a setting
(``CV_PDF_PAGE_SIZE``), in an open font a package installs (DejaVu Sans, from
Debian's fonts-dejavu-core), embedded in the file. Styles and images are read
from disk; nothing is fetched over the network.

A render takes seconds and hundreds of megabytes at a thousand papers, so no
visitor waits for one: after each change to the CV commits, the site starts
``manage.py export_cv_pdf`` in a process of its own, which renders one copy at
a time (a lock file), renders again if the CV changed meanwhile (a marker file),
and replaces ``CV_PDF_PATH`` only with a whole new file. /cv.pdf serves the last
good copy, dated by its Last-Modified header.
"""

import fcntl
import functools
import mimetypes
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.test import RequestFactory
from django.urls import reverse

# The PDF's own rules, after the print stylesheet of the page.
PDF_CSS = """
@page {
  size: %(size)s;
  margin: 18mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt "DejaVu Sans"; }
}
html body { font-family: "DejaVu Sans", sans-serif !important; font-size: 10pt; }
.contact, .contact a { display: block; }
.citation-chart { max-width: 12cm; }
.citation-chart text { font-size: 9px; }
.citation-chart .value { display: none; }
"""


@functools.cache
def unavailable() -> str:
    """Why this machine cannot make PDFs, or ''."""
    try:
        import weasyprint  # noqa: F401 (loads Pango, which it needs)
    except (ImportError, OSError) as error:
        return (
            "The PDF of the CV cannot be made on this server: WeasyPrint or its system "
            f"libraries (Pango) are missing ({type(error).__name__})."
        )
    return ""


def local_file(url: str) -> tuple[bytes, str]:
    """What WeasyPrint asks for, read from disk: a static file or a media file,
    and its media type. Anything else is refused, so that a render never waits
    on the network."""
    path = unquote(urlsplit(url).path)
    found = None
    try:
        if path.startswith(settings.STATIC_URL):
            name = path[len(settings.STATIC_URL) :]
            found = finders.find(name) or _under(Path(settings.STATIC_ROOT), name)
        elif path.startswith(settings.MEDIA_URL):
            found = _under(Path(settings.MEDIA_ROOT), path[len(settings.MEDIA_URL) :])
    except SuspiciousFileOperation:
        found = None
    if not found:
        raise ValueError(f"{url} is not a file of the site; the PDF does without it.")
    mime_type, _ = mimetypes.guess_type(str(found))
    return Path(found).read_bytes(), mime_type or "application/octet-stream"


def fetcher():
    """WeasyPrint's URL fetcher, reading through :func:`local_file` alone."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            body, mime_type = local_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return LocalFiles()


def _under(root: Path, name: str) -> Path | None:
    path = (root / name).resolve()
    return path if path.is_relative_to(root.resolve()) and path.is_file() else None


def host() -> str:
    return next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip("*.")), "localhost")


def cv_html() -> str:
    """The CV page as a visitor gets it."""
    from .views import CVView

    request = RequestFactory().get(reverse("website:cv"), HTTP_HOST=host(), secure=True)
    response = CVView.as_view()(request)
    return response.render().content.decode()


def render() -> bytes:
    """The PDF of the CV as it is now."""
    from weasyprint import CSS, HTML

    page = CSS(string=PDF_CSS % {"size": settings.CV_PDF_PAGE_SIZE})
    document = HTML(string=cv_html(), base_url=f"https://{host()}/", url_fetcher=fetcher())
    return document.write_pdf(stylesheets=[page])


def paths() -> tuple[Path, Path, Path]:
    """The site's copy, its lock file and its marker of a change not yet rendered."""
    path = Path(settings.CV_PDF_PATH)
    return path, path.with_name(path.name + ".lock"), path.with_name(path.name + ".stale")


def build() -> bool:
    """Render the site's copy, again while the CV changes meanwhile; False when
    another process is rendering it (it will render this change too)."""
    path, lock, stale = paths()
    path.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stale.touch()
            return False
        while True:
            stale.unlink(missing_ok=True)
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(render())
            partial.replace(path)
            if not stale.exists():
                return True


def building() -> bool:
    """Whether a render of the site's copy is under way."""
    _, lock, _ = paths()
    if not lock.exists():
        return False
    with lock.open("a") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(held, fcntl.LOCK_UN)
    return False


_last_start = [0.0]
_start_lock = threading.Lock()
# A burst of saves (an import writes hundreds of rows) starts one render: a
# render started this recently renders them all.
QUIET_SECONDS = 2.0


def start_build() -> None:
    """Mark the copy stale and start a render in a process of its own, unless one
    was started a moment ago (the marker makes it render this change too)."""
    if not settings.CV_PDF_AUTO or unavailable():
        return
    path, _, stale = paths()
    path.parent.mkdir(parents=True, exist_ok=True)
    stale.touch()
    with _start_lock:
        if time.monotonic() - _last_start[0] < QUIET_SECONDS:
            return
        _last_start[0] = time.monotonic()
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.Popen(  # noqa: S603 (this Python, this project's manage.py)
        [sys.executable, str(manage), "export_cv_pdf"],
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def changed(**kwargs) -> None:
    """A row of the CV was saved or deleted: render the PDF once that commits."""
    from django.db import transaction

    transaction.on_commit(start_build)
