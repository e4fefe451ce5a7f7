"""The icons of the profile links: one SVG sprite, served as a static file.

Brand marks come from Simple Icons (CC0 1.0), read from its npm package by
``make icons``, which writes ``static/profile/icons.svg``; the generic icons
(email, website, CV, any other link) and LinkedIn (no longer in Simple Icons)
are drawn here. A page refers to one symbol of the sprite by its id
(``icons.svg#github``), so the browser fetches the file once for every page.

    python -m portfolio.profile.icons <simple-icons>/icons > .../static/profile/icons.svg
"""

import re
import sys
from pathlib import Path

# Simple Icons' file name for each kind of profile link that has a brand mark.
BRANDS = {
    "github": "github",
    "google_scholar": "googlescholar",
    "orcid": "orcid",
    "semantic_scholar": "semanticscholar",
    "dblp": "dblp",
    "researchgate": "researchgate",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "x": "x",
}

_STROKE = (
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round"'
)
DRAWN = {
    "linkedin": (
        '<path fill-rule="evenodd" d="M3 0h18a3 3 0 0 1 3 3v18a3 3 0 0 1-3 3H3a3 3 0 0 1-3-3V3'
        "a3 3 0 0 1 3-3zm2 9v10h3V9zm1.5-4.6a1.6 1.6 0 1 0 0 3.2 1.6 1.6 0 1 0 0-3.2zM10 9v10h3"
        "v-5.2c0-1.6 1.1-2.5 2.4-2.5 1.2 0 1.6.9 1.6 2.2V19h3v-6c0-2.7-1-4.3-3.6-4.3"
        '-1.6 0-2.8.8-3.4 1.8V9z"/>'
    ),
    "email": (
        f'<g {_STROKE}><rect x="2.5" y="5" width="19" height="14" rx="2"/>'
        '<path d="m3 6 9 7 9-7"/></g>'
    ),
    "website": (
        f'<g {_STROKE}><circle cx="12" cy="12" r="9.5"/>'
        '<path d="M2.5 12h19M12 2.5c3.2 3 3.2 16 0 19M12 2.5c-3.2 3-3.2 16 0 19"/></g>'
    ),
    "cv": (
        f'<g {_STROKE}><path d="M6 2.5h8l5 5v14H6z"/><path d="M14 2.5v5h5M9 12.5h7M9 16.5h7"/></g>'
    ),
    # The links of entries (papers, talks, projects, courses), by what they lead to.
    "pdf": (
        f'<g {_STROKE}><path d="M6 2.5h8l5 5v14H6z"/>'
        '<path d="M14 2.5v5h5M12.5 10.5v7m-3-3 3 3 3-3"/></g>'
    ),
    "doi": (
        f'<g {_STROKE}><path d="M4.5 19.5v-15a2 2 0 0 1 2-2h13v15h-13a2 2 0 0 0 0 4h13v-4"/></g>'
    ),
    "arxiv": (
        f'<g {_STROKE}><rect x="2.5" y="3.5" width="19" height="5" rx="1"/>'
        '<path d="M4.5 8.5v11h15v-11M10 12.5h4"/></g>'
    ),
    "code": f'<g {_STROKE}><path d="m8 7-5 5 5 5m8-10 5 5-5 5M14 4l-4 16"/></g>',
    "data": (
        f'<g {_STROKE}><ellipse cx="12" cy="5.5" rx="8" ry="3"/>'
        '<path d="M4 5.5v13c0 1.7 3.6 3 8 3s8-1.3 8-3v-13M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3"/></g>'
    ),
    "slides": (f'<g {_STROKE}><path d="M2.5 3.5h19M4 3.5v11h16v-11M12 14.5v3m-4 4 4-4 4 4"/></g>'),
    "video": (
        f'<g {_STROKE}><rect x="2.5" y="5" width="19" height="14" rx="2"/>'
        '<path d="m10 9 5 3-5 3z"/></g>'
    ),
    "poster": (
        f'<g {_STROKE}><rect x="3.5" y="2.5" width="17" height="19" rx="1"/>'
        '<circle cx="9.5" cy="8.5" r="2"/><path d="m20.5 16-5-5-12 10.5"/></g>'
    ),
    "cite": (
        f'<g {_STROKE}><path d="M3.5 19c3 0 6-1.5 6-7V5.5h-6v6.5h6'
        'M14.5 19c3 0 6-1.5 6-7V5.5h-6v6.5h6"/></g>'
    ),
    "link": (
        f'<g {_STROKE}><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/>'
        '<path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/></g>'
    ),
}

# The symbol of each kind of profile link (ProfileLink.Kind values) without a mark of its own.
FALLBACK = {"openreview": "link", "other": "link"}


def symbol_id(kind: str) -> str:
    """The sprite's symbol for a kind of link: its brand, its drawing, or the link icon."""
    if kind in BRANDS or kind in DRAWN:
        return kind
    return FALLBACK.get(kind, "link")


def _brand_paths(svg: str) -> str:
    """The drawing inside one of Simple Icons' files, without its title."""
    inner = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
    return re.sub(r"<title>.*?</title>", "", inner, flags=re.S)


def sprite(simple_icons: Path) -> str:
    symbols = []
    for kind, name in sorted(BRANDS.items()):
        drawing = _brand_paths((simple_icons / f"{name}.svg").read_text())
        symbols.append(f'<symbol id="{kind}" viewBox="0 0 24 24">{drawing}</symbol>')
    for kind, drawing in sorted(DRAWN.items()):
        symbols.append(f'<symbol id="{kind}" viewBox="0 0 24 24">{drawing}</symbol>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg">\n'
        "<!-- Brand marks: Simple Icons (https://simpleicons.org), CC0 1.0. -->\n"
        + "\n".join(symbols)
        + "\n</svg>\n"
    )


if __name__ == "__main__":
    sys.stdout.write(sprite(Path(sys.argv[1])))
