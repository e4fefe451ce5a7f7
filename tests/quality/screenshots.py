"""Every public page as a picture, for a reviewer to look at: `make screenshots`.

    .venv/bin/python tests/quality/screenshots.py [--out FOLDER] [--path PATH ...] [--first-screen]

Serves a throwaway site with content as in production (tests/quality/served.py)
and takes a full-length screenshot of every page its sitemap lists, and of the
search page, at 390 px wide (a phone) and 1280 px (a laptop), in the light and the
dark theme, with Debian's Chromium. The pictures go to _screenshots/ (or --out),
named for the page, the width and the theme: ``publications-1280px-dark.png``;
the folder's earlier pictures are removed first. --path, given once or more,
takes only those pages. --first-screen takes only what the window shows, as a
visitor first sees it, in a palette of 256 colours (the pictures in docs/img are
made so: `make docs-screenshots`). Exits non-zero if a page does not answer 200.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.quality.served import CHROMIUM, CHROMIUM_ARGS, served_site
from tests.standalone import ROOT

WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
HEIGHT = 800


def file_name(path: str, width: int, scheme: str) -> str:
    page = unquote(path).strip("/").replace("/", "-") or "home"
    return f"{page}-{width}px-{scheme}.png"


def shrink(png: Path) -> None:
    """The picture in 256 colours: text and flat colours stay sharp, the file is a
    fraction of the size, which matters for pictures kept in the repository."""
    from PIL import Image

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(png, optimize=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_screenshots")
    parser.add_argument("--path", action="append", help="a page's path; all pages if none")
    parser.add_argument("--first-screen", action="store_true", help="the window only, small files")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    failures, taken = [], 0
    with served_site() as site, sync_playwright() as playwright:
        paths = args.path or site.public_paths()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": HEIGHT}, color_scheme=scheme
                )
                page = context.new_page()
                for path in paths:
                    response = page.goto(site.url + path)
                    if response is None or response.status != 200:
                        failures.append(f"{path}: {response.status if response else 'no answer'}")
                        continue
                    target = args.out / file_name(path, width, scheme)
                    page.screenshot(path=target, full_page=not args.first_screen)
                    if args.first_screen:
                        shrink(target)
                    taken += 1
                context.close()
        browser.close()
    print(f"{taken} screenshots of {len(paths)} pages in {args.out}")
    if failures:
        print("Not answered with 200:", *sorted(set(failures)), sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
