"""The site's two fonts, served as static files: Portfolio Serif for text and
Portfolio Sans for headings, navigation and labels, cut from Adobe's matched pair
Source Serif 4 and Source Sans 3 (SIL Open Font License 1.1). The licence reserves
the name "Source" for the fonts as Adobe made them, so a cut carries a name of
its own.

``make fonts`` reads them from the Fontsource npm packages pinned in the Makefile
and runs this module, which keeps what the pages use: the weight axis from 400 to
700 (one variable file per face serves regular, semibold and bold) and the
characters below, without hinting, as WOFF2. The results and the licence are
committed in ``static/core/fonts/``, so neither ``make run`` nor a deploy needs
npm or fontTools.

    python -m portfolio.core.fonts <node_modules>/@fontsource-variable <out dir>

A character outside the list (Greek, ł, ő, math symbols) still shows: the browser
takes it from the next font of the stack, one glyph at a time.
"""

import sys
from pathlib import Path

# Each face: the file written, and the Fontsource package and file it is cut from
# (the "latin" file: the full face is 5 to 10 times larger).
FACES = {
    "portfolio-serif.woff2": "source-serif-4/files/source-serif-4-latin-wght-normal.woff2",
    "portfolio-sans.woff2": "source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
}
# The family name each cut carries, in the file and in site.css's @font-face.
FAMILIES = {"portfolio-serif.woff2": "Portfolio Serif", "portfolio-sans.woff2": "Portfolio Sans"}
WEIGHTS = (400, 700)
# Latin-1 (western European names and text), dotless i and the œ ligature, the
# general punctuation block (dashes, quotes, thin space, ellipsis, primes: those
# of its characters the Fontsource file holds), the euro, the trade mark and the
# minus sign (× is in Latin-1). Latin Extended-A would add some 14 KB to each face.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x100),
    0x131,
    0x152,
    0x153,
    *range(0x2000, 0x2070),
    0x20AC,
    0x2122,
    0x2212,
]
# OpenType features the pages rely on: kerning, ligatures, marks, and the figure
# styles (tabular figures line up counts); rvrn keeps the variable font's
# substitutions across weights.
FEATURES = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk", "rvrn", "tnum", "lnum", "pnum"]
LICENCE = "OFL.txt"


def cut(source: Path, target: Path, family: str) -> None:
    """One face: the character subset, then the weight axis narrowed, as WOFF2,
    named ``family``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # The same input gives the same bytes: no date of the run in the file.
    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = FEATURES
    options.hinting = False
    options.flavor = "woff2"
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, {"wght": WEIGHTS})
    rename(font, family)
    font.flavor = "woff2"
    font.save(target)


def rename(font, family: str) -> None:
    """The family, full, unique and PostScript names become ``family``'s; the
    copyright notice and the version stay as Adobe wrote them."""
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (16, 17, 21, 22):  # typographic and WWS names
            table.removeNames(nameID=record.nameID)
    names = {1: family, 2: "Regular", 3: family, 4: family, 6: family.replace(" ", "")}
    for name_id, text in names.items():
        table.removeNames(nameID=name_id)
        table.setName(text, name_id, 3, 1, 0x409)


def licence(packages: Path) -> str:
    """The OFL text, after each face's own copyright line (Fontsource's copy of
    the licence names another holder)."""
    from fontTools.ttLib import TTFont

    notices = []
    for name in FACES.values():
        notice = TTFont(packages / name)["name"].getDebugName(0)
        notices.append(notice.strip())
    text = (packages / FACES["portfolio-serif.woff2"].split("/")[0] / "LICENSE").read_text()
    start = text.index("This Font Software is licensed")
    made = (
        "Portfolio Serif and Portfolio Sans are Modified Versions of Source Serif 4 and\n"
        "Source Sans 3: cut to the weights 400 to 700 and the characters the site uses,\n"
        "and renamed, as the Reserved Font Name below requires.\n"
    )
    return made + "\n" + "\n".join(notices) + "\n\n" + text[start:]


def build(packages: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for target, source in FACES.items():
        path = packages / source
        if not path.exists():
            raise SystemExit(f"{path} is missing: install the Fontsource packages first.")
        cut(path, out / target, FAMILIES[target])
        print(f"{out / target}: {(out / target).stat().st_size:,} bytes")
    (out / LICENCE).write_text(licence(packages))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    build(Path(sys.argv[1]), Path(sys.argv[2]))
