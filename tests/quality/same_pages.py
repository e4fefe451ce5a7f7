"""Does this working tree show the same public pages as another revision?

    .venv/bin/python tests/quality/same_pages.py [REVISION]

For each CV (the seed CV in fixtures/cv.json, the tests' sample CV and the
other researcher's CV in tests/data/), each side (REVISION, default ``HEAD``,
checked out in a temporary git worktree, and this tree) loads the CV into a
throwaway database and visits every public page a visitor can reach from home
by following links, plus the searches and filters of the live site. A page's
visible text is its text outside ``<script>`` and ``<style>``, with ``alt``,
``title`` and ``aria-label`` values, whitespace collapsed; other documents
(BibTeX, JSON, feeds, the sitemap) are compared byte for byte. Printed: each
page whose status or visible text differs, with the first difference, and a
summary line. Exits 1 when a page differs.
"""

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.standalone import revision_tree  # noqa: E402

CVS = ["fixtures/cv.json", "tests/data/sample-cv.json", "tests/data/other-cv.json"]

# Runs in each tree: loads the CV named by argv[1] (a path in the tree), visits
# the pages and writes {path: [status, content type, visible text]} to argv[2].
WORKER = r"""
import json, os, re, sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
sys.path.insert(0, os.getcwd())
os.environ["DJANGO_PAGE_CACHE"] = "0"
from tests.standalone import setup_django
setup_django("same-pages-")
import io
from django.core.management import call_command
from django.test import Client
cv = sys.argv[1]
if os.path.exists(cv):
    call_command("load_cv", cv, stdout=io.StringIO())

class Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self.hidden = [], [], 0
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        for name in ("alt", "title", "aria-label"):
            if attrs.get(name):
                self.parts.append(f"[{name}={attrs[name]}]")
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1
    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

SKIP = ("/admin/", "/static/", "/media/")
client = Client(HTTP_HOST="localhost")
start = ["/", "/search/?q=learning", "/search/?q=the", "/sitemap.xml", "/robots.txt"]
seen, queue, pages = set(start), list(start), {}
while queue:
    path = queue.pop(0)
    response = client.get(path)
    kind = response.get("Content-Type", "").split(";")[0]
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    found = []
    if kind == "text/html":
        parser = Visible()
        parser.feed(text)
        shown = re.sub(r"\s+", " ", " ".join(parser.parts)).strip()
        found = parser.links
    else:
        shown = text
        if kind in ("application/xml", "text/xml"):
            found = re.findall(r"<loc>([^<]+)</loc>", text)
    if response.status_code in (301, 302):
        found = [response["Location"]]
    pages[path] = [response.status_code, kind, shown]
    for link in found:
        address = urlsplit(urljoin("http://localhost" + path, link))
        if address.netloc not in ("localhost", "testserver"):
            continue
        target = address.path + (f"?{address.query}" if address.query else "")
        if target.startswith(SKIP) or target in seen:
            continue
        seen.add(target)
        queue.append(target)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(pages, out)
"""


def visit(tree: Path, cv: str, out: Path) -> dict:
    subprocess.run(
        [sys.executable, "-c", WORKER, cv, str(out)],
        cwd=tree, check=True, stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8"))


def first_difference(before: str, after: str) -> str:
    """The first changed words, with a little context."""
    old, new = before.split(" "), after.split(" ")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            context = " ".join(old[max(0, i1 - 5) : i1])
            return f"…{context} [{' '.join(old[i1:i2])!r} → {' '.join(new[j1:j2])!r}]"
    return "(same words, other spacing)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", nargs="?", default="HEAD")
    args = parser.parse_args()
    differing = total = 0
    with revision_tree(args.revision) as tree, tempfile.TemporaryDirectory() as folder:
        for cv in CVS:
            # Both sides read the CV of this tree, so that only the code differs.
            source = str(ROOT / cv)
            before = visit(tree, source, Path(folder) / "before.json")
            after = visit(ROOT, source, Path(folder) / "after.json")
            print(f"{cv}: {len(before)} pages before, {len(after)} after")
            for path in sorted(set(before) | set(after)):
                total += 1
                old, new = before.get(path), after.get(path)
                if old == new:
                    continue
                differing += 1
                if old is None or new is None:
                    print(f"  {path}: only {'after' if old is None else 'before'}")
                elif old[:2] != new[:2]:
                    print(f"  {path}: {old[0]} {old[1]} → {new[0]} {new[1]}")
                else:
                    print(f"  {path}: {first_difference(old[2], new[2])}")
    print(f"{differing} of {total} pages differ from {args.revision}.")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
