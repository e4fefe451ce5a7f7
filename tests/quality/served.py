"""A throwaway site with content, served as in production, for the scripts that
look at its pages in a browser (tests/quality/lighthouse.py, screenshots.py).

The site is the made-up sample CV (tests/data/sample-cv.json), its citation
counts shown (tests/samples.py add_citations), in a new SQLite database, with
the production settings (debug off, hashed and compressed static files collected
and served by whitenoise, the page cache on), behind gunicorn with
site_config/gunicorn.py on 127.0.0.1. It speaks plain HTTP, so the redirect to
HTTPS is off, as in the test suite; HSTS is sent only over HTTPS, so the browser
remembers nothing of it.
"""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.samples import SAMPLE_CV, add_citations
from tests.standalone import ROOT, setup_django

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root in a container, with nothing fetched from the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class ServedSite:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    folder: Path  # the database, collected static files and cache

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:  # noqa: S310
            return response.read()

    def public_paths(self) -> list[str]:
        """Every page the sitemap lists (the home page, the list pages, every public
        entry and topic), and the search page, which it does not."""
        from django.urls import reverse

        sitemap = ElementTree.fromstring(self.get(reverse("sitemap")))
        namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        paths = [urlsplit(loc.text).path for loc in sitemap.iter(f"{namespace}loc")]
        return list(dict.fromkeys([*paths, reverse("search:search")]))


def picture(width: int, height: int, colour: str) -> bytes:
    """A made-up picture with some detail, so that it compresses like a photo would."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 24):
        draw.line((i, 0, width - i, height), fill=(i % 256, 90, 160), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def add_pictures() -> None:
    """The profile photo, and a teaser figure on the first two publications: the
    images a researcher's pages usually carry."""
    from django.core.files.base import ContentFile

    from portfolio.profile.models import Profile
    from portfolio.publications.models import Publication

    profile = Profile.get_solo()
    if profile is not None:
        profile.photo.save("photo.jpg", ContentFile(picture(800, 800, "steelblue")))
    for number, publication in enumerate(Publication.objects.published()[:2]):
        publication.image.save(f"teaser-{number}.jpg", ContentFile(picture(1200, 750, "teal")))
        publication.image_alt = "The method's overview figure"
        publication.featured = True
        publication.save()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served_site(cv: Path = SAMPLE_CV) -> Iterator[ServedSite]:
    """Build the site in a temporary folder, serve it, and remove both afterwards.
    Django is set up in this process too, so callers can reverse() and query."""
    # Variables a test run may have set would otherwise override the production
    # settings below (pyproject.toml's pytest env, for one).
    for name in [n for n in os.environ if n.startswith("DJANGO_") or n == "CACHE_URL"]:
        del os.environ[name]
    work = setup_django("portfolio-served-", debug=False)
    from django.core.management import call_command

    call_command("load_cv", str(cv), verbosity=0, stdout=io.StringIO())
    add_pictures()
    add_citations()
    port = free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        # The photo and the teasers, served by Django as on a host without nginx.
        "DJANGO_SERVE_MEDIA": "1",
        # gunicorn's per-user files would go here.
        "HOME": str(work),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    # A file, not a pipe: nobody reads a pipe while pages are looked at, and a full
    # one would stop the server.
    log = work / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(gunicorn), "--config", "site_config/gunicorn.py", "--access-logfile",
             "/dev/null", "site_config.wsgi"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(
                        "gunicorn stopped:\n" + log.read_text(errors="replace")
                    ) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start within 30 seconds")
        yield ServedSite(f"http://127.0.0.1:{port}", work)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
