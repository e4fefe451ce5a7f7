"""`make fonts` (portfolio/core/fonts.py) on a folder laid out as the Fontsource
npm packages are. The packages are not fetched here: the site's own committed
cuts stand in for them (variable WOFF2 files with a weight axis, as Fontsource's
are), renamed to show that a cut takes the name it is given."""

import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from portfolio.core import fonts

FONTS = Path(fonts.__file__).parent / "static/core/fonts"
LICENCE_TEXT = "Copyright of the package.\n\nThis Font Software is licensed under the OFL.\n"


@pytest.fixture
def packages(tmp_path):
    """A node_modules/@fontsource-variable folder holding both faces' files."""
    folder = tmp_path / "packages"
    for committed, source in fonts.FACES.items():
        target = folder / source
        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(FONTS / committed)
        font["name"].setName("Source Face", 1, 3, 1, 0x409)
        font.save(target)
        (folder / source.split("/")[0] / "LICENSE").write_text(LICENCE_TEXT)
    return folder


def test_a_cut_keeps_the_weights_and_characters_under_the_site_s_names(packages, tmp_path):
    out = tmp_path / "out"
    fonts.build(packages, out)

    assert sorted(p.name for p in out.iterdir()) == sorted([*fonts.FACES, fonts.LICENCE])
    for name, family in fonts.FAMILIES.items():
        font = TTFont(out / name)
        names = {r.nameID: r.toUnicode() for r in font["name"].names}
        assert (names[1], names[4], names[6]) == (family, family, family.replace(" ", ""))
        assert not [i for i, text in names.items() if "Source Face" in text], names
        assert names[0].startswith("©")  # Adobe's copyright notice stays
        axes = {a.axisTag: (a.minValue, a.maxValue) for a in font["fvar"].axes}
        assert axes == {"wght": (400, 700)}
        cmap = font.getBestCmap()
        assert all(code in cmap for code in range(0x20, 0x7F))
        assert 0x0142 not in cmap  # ł is outside the cut: the next font of the stack draws it
    licence = (out / fonts.LICENCE).read_text()
    assert licence.startswith("Portfolio Serif and Portfolio Sans are Modified Versions")
    assert licence.endswith("This Font Software is licensed under the OFL.\n")
    assert "Copyright of the package" not in licence  # each face's own notice instead


def test_the_same_packages_give_the_same_bytes(packages, tmp_path):
    fonts.build(packages, tmp_path / "a")
    fonts.build(packages, tmp_path / "b")
    for name in fonts.FACES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_missing_package_is_named(packages, tmp_path):
    shutil.rmtree(packages / "source-sans-3")
    with pytest.raises(SystemExit, match=r"source-sans-3-latin-wght-normal\.woff2 is missing"):
        fonts.build(packages, tmp_path / "out")
