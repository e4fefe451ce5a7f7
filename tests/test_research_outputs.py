"""Research outputs beyond arXiv and DOIs: PubMed and PMC ids, preprint servers,
archives of data and software; how their links are labelled, shown and exported."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import slugify

from portfolio.importing.sources.bibtex import import_bibtex
from portfolio.publications.bibtex import to_bibtex
from portfolio.publications.identifiers import (
    pmc_url,
    pmcid_in,
    pmcid_of,
    pmid_in,
    pmid_of,
    pubmed_url,
)
from portfolio.publications.links import doi_server, link_kind_of, preprint_server
from portfolio.publications.models import Publication, PublicationLink
from portfolio.richtext.mathtext import slug_text

from .factories import make_publication

Kind = PublicationLink.Kind


# --- PubMed and PubMed Central ids --------------------------------------------------


@pytest.mark.parametrize(
    ("url", "pmid"),
    [
        ("https://pubmed.ncbi.nlm.nih.gov/31452104/", "31452104"),
        ("https://pubmed.ncbi.nlm.nih.gov/31452104", "31452104"),
        ("http://www.ncbi.nlm.nih.gov/pubmed/7", "7"),
        ("https://ncbi.nlm.nih.gov/pubmed/31452104/", "31452104"),
        ("https://pubmed.ncbi.nlm.nih.gov/?term=31452104", ""),
        ("https://pubmed.ncbi.nlm.nih.gov/0123/", ""),
        ("https://evil.example/pubmed.ncbi.nlm.nih.gov/31452104/", ""),
        ("https://pubmed.ncbi.nlm.nih.gov/31452104/../../evil", ""),
    ],
)
def test_a_pubmed_address_names_its_pmid(url, pmid):
    assert pmid_of(url) == pmid


@pytest.mark.parametrize(
    ("text", "pmid"),
    [("31452104", "31452104"), (" PMID: 31452104 ", "31452104"), ("pmid:7", "7"),
     ("PMC6713505", ""), ("31452104a", ""), ("", ""), ("1234567890", "")],
)  # fmt: skip
def test_a_pmid_written_plainly_is_read(text, pmid):
    assert pmid_in(text) == pmid


@pytest.mark.parametrize(
    ("url", "pmcid"),
    [
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/", "PMC6713505"),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6713505/", "PMC6713505"),
        ("http://ncbi.nlm.nih.gov/pmc/articles/pmc6713505", "PMC6713505"),
        ("https://pmc.ncbi.nlm.nih.gov/articles/6713505/", ""),
        ("https://pmc.ncbi.nlm.nih.gov/search/?term=PMC6713505", ""),
        ("https://example.org/pmc/articles/PMC6713505/", ""),
    ],
)
def test_a_pmc_address_names_its_pmcid(url, pmcid):
    assert pmcid_of(url) == pmcid


@pytest.mark.parametrize(
    ("text", "pmcid"),
    [("PMC6713505", "PMC6713505"), ("pmc6713505", "PMC6713505"), ("PMC 6713505", "PMC6713505"),
     ("PMCID: PMC6713505", "PMC6713505"), ("6713505", ""), ("PMC", ""), ("PMC12x", "")],
)  # fmt: skip
def test_a_pmcid_written_plainly_is_read_and_normalised(text, pmcid):
    assert pmcid_in(text) == pmcid


def test_the_canonical_addresses_read_back_as_their_ids():
    assert pubmed_url("31452104") == "https://pubmed.ncbi.nlm.nih.gov/31452104/"
    assert pmid_of(pubmed_url("31452104")) == "31452104"
    assert pmc_url("PMC6713505") == "https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/"
    assert pmcid_of(pmc_url("PMC6713505")) == "PMC6713505"


@pytest.mark.parametrize(
    ("kind", "url", "message"),
    [
        (Kind.PUBMED, "https://example.org/31452104", "A PubMed link looks like"),
        (Kind.PUBMED, "https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/", "A PubMed link"),
        (Kind.PMC, "https://pubmed.ncbi.nlm.nih.gov/31452104/", "A PMC link looks like"),
    ],
)
def test_a_pubmed_or_pmc_link_must_be_exactly_that(kind, url, message):
    link = PublicationLink(kind=kind, url=url, publication=Publication(title="T", year=2018))
    with pytest.raises(ValidationError) as error:
        link.full_clean(exclude=["publication"])
    assert message in " ".join(error.value.message_dict["url"])


@pytest.mark.django_db
def test_pmid_and_pmcid_come_from_typed_links():
    publication = make_publication(
        links=[
            (Kind.PUBMED, "https://www.ncbi.nlm.nih.gov/pubmed/31452104"),
            (Kind.PMC, "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6713505/"),
        ]
    )
    publication = Publication.objects.with_related().get(pk=publication.pk)
    assert (publication.pmid, publication.pmcid) == ("31452104", "PMC6713505")
    assert [link.identifier for link in publication.link_list] == ["31452104", "PMC6713505"]
    assert make_publication().pmid == make_publication().pmcid == ""


# --- Shown and exported -------------------------------------------------------------

EVERY_KIND = [
    (Kind.PUBMED, "https://pubmed.ncbi.nlm.nih.gov/31452104/"),
    (Kind.PMC, "https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/"),
    (Kind.BIORXIV, "https://www.biorxiv.org/content/10.1101/2020.02.14.947127v1"),
    (Kind.MEDRXIV, "https://www.medrxiv.org/content/10.1101/2020.04.02.20051441v1"),
    (Kind.SSRN, "https://papers.ssrn.com/sol3/papers.cfm?abstract_id=3044448"),
    (Kind.OSF, "https://osf.io/preprints/psyarxiv/abcde"),
    (Kind.HAL, "https://hal.science/hal-01234567"),
    (Kind.SOFTWARE, "https://archive.softwareheritage.org/swh:1:dir:0123456789abcdef0123456789abcdef01234567"),
    (Kind.DATA, "https://zenodo.org/records/1234567"),
]  # fmt: skip


@pytest.mark.django_db
def test_every_new_kind_of_link_is_shown_by_its_name_on_the_list_and_the_page(client):
    make_publication(title="Outputs", slug="outputs", links=EVERY_KIND)
    names = ["PubMed", "PMC", "bioRxiv", "medRxiv", "SSRN", "OSF", "HAL", "Software", "Data"]
    for url in (reverse("publications:list"), reverse("publications:detail", args=["outputs"])):
        html = client.get(url).content.decode()
        shown = re.findall(
            r'<li>\s*<a class="btn"\s+href="([^"]+)".*?</svg>([^<]+)</a>', html, re.S
        )
        assert [pair for pair in shown if pair[1] != "BibTeX"] == [
            (link_url.replace("&", "&amp;"), name)
            for (_, link_url), name in zip(EVERY_KIND, names, strict=True)
        ], url


@pytest.mark.django_db
def test_the_page_tells_search_engines_the_pmid_and_the_same_work_elsewhere(client):
    make_publication(slug="outputs", links=EVERY_KIND)
    html = client.get(reverse("publications:detail", args=["outputs"])).content.decode()
    assert '<meta name="citation_pmid" content="31452104">' in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    # The same work elsewhere; not its data, its software, or an OSF project.
    assert data["sameAs"] == [url for _, url in EVERY_KIND[:5]] + [EVERY_KIND[6][1]]


@pytest.mark.django_db
def test_pmid_and_pmcid_go_to_bibtex_and_come_back(db):
    publication = make_publication(
        title="Round trip",
        kind="journal",
        venue="Cell",
        links=[
            (Kind.PUBMED, "https://pubmed.ncbi.nlm.nih.gov/31452104/"),
            (Kind.PMC, "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6713505/"),
        ],
    )
    bibtex = to_bibtex(Publication.objects.with_related().get(pk=publication.pk))
    assert "  pmid = {31452104},\n  pmcid = {PMC6713505}" in bibtex
    Publication.objects.all().delete()
    assert import_bibtex(bibtex)[0].action == "created"
    back = Publication.objects.with_related().get()
    assert (back.pmid, back.pmcid) == ("31452104", "PMC6713505")
    assert [link.url for link in back.link_list] == [
        "https://pubmed.ncbi.nlm.nih.gov/31452104/",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    ["pmid = {PMID: 31452104}, pmcid = {pmc6713505}",
     "eprint = {31452104}, eprinttype = {pubmed}, pmcid = {PMC6713505}"],
)  # fmt: skip
def test_an_imported_pmid_or_pmcid_becomes_its_link(fields):
    outcomes = import_bibtex(f"@article{{k, title={{T}}, journal={{J}}, year=2019, {fields}}}")
    assert outcomes[0].action == "created", outcomes[0].message
    publication = Publication.objects.with_related().get()
    assert (publication.pmid, publication.pmcid) == ("31452104", "PMC6713505")


@pytest.mark.django_db
def test_an_unreadable_pmid_is_the_entrys_error():
    outcomes = import_bibtex("@article{k, title={T}, journal={J}, year=2019, pmid={n/a}}")
    assert (outcomes[0].action, outcomes[0].message) == ("error", "pmid 'n/a' is not a PMID")
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_json_resume_carries_every_kind_of_link(client):
    make_publication(links=EVERY_KIND)
    resume = json.loads(client.get(reverse("cvdata:json")).getvalue())
    links = resume["publications"][0]["x-portfolio"]["links"]
    assert links == [{"kind": kind.value, "url": url} for kind, url in EVERY_KIND]


# --- What an address points to ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://arxiv.org/abs/1901.09335v2", Kind.ARXIV),
        ("https://arxiv.org/pdf/1901.09335.pdf", Kind.ARXIV),
        ("https://doi.org/10.1101/2020.02.14.947127", Kind.DOI),
        ("https://dx.doi.org/10.5281/zenodo.1234567", Kind.DOI),
        ("https://openreview.net/forum?id=abc123", Kind.OPENREVIEW),
        ("https://openreview.net/pdf?id=abc123", Kind.PDF),
        ("https://pubmed.ncbi.nlm.nih.gov/31452104/", Kind.PUBMED),
        ("https://www.ncbi.nlm.nih.gov/pubmed/31452104", Kind.PUBMED),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6713505/", Kind.PMC),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC6713505/", Kind.PMC),
        ("https://www.biorxiv.org/content/10.1101/2020.02.14.947127v1", Kind.BIORXIV),
        ("https://www.biorxiv.org/content/10.1101/2020.02.14.947127v1.full.pdf", Kind.BIORXIV),
        ("https://www.medrxiv.org/content/10.1101/2020.04.02.20051441v1", Kind.MEDRXIV),
        ("https://papers.ssrn.com/sol3/papers.cfm?abstract_id=3044448", Kind.SSRN),
        ("https://ssrn.com/abstract=3044448", Kind.SSRN),
        ("https://osf.io/preprints/psyarxiv/abcde", Kind.OSF),
        ("https://osf.io/abcde/", Kind.OSF),
        ("https://hal.science/hal-01234567", Kind.HAL),
        ("https://inria.hal.science/hal-01234567v2/document", Kind.HAL),
        ("https://hal.archives-ouvertes.fr/hal-01234567", Kind.HAL),
        ("https://tel.archives-ouvertes.fr/tel-01234567", Kind.HAL),
        ("https://zenodo.org/records/1234567", Kind.DATA),
        ("https://zenodo.org/record/1234567", Kind.DATA),
        ("https://zenodo.org/doi/10.5281/zenodo.1234566", Kind.DATA),
        (f"https://archive.softwareheritage.org/swh:1:rev:{'0' * 40}", Kind.SOFTWARE),
        (f"swh:1:dir:{'0' * 40}", Kind.SOFTWARE),
        ("https://github.com/ada/sparse", Kind.CODE),
        ("https://gitlab.com/ada/sparse", Kind.CODE),
        ("https://github.com/ada/sparse/raw/main/paper.pdf", Kind.PDF),
        ("https://www.youtube.com/watch?v=abc", Kind.VIDEO),
        ("https://youtu.be/abc", Kind.VIDEO),
        ("https://vimeo.com/123", Kind.VIDEO),
        ("https://example.org/paper.PDF", Kind.PDF),
        ("https://example.org/paper.pdf?download=1", Kind.PDF),
        ("https://example.org/paper", Kind.OTHER),
        ("https://zenodo.org/communities/x", Kind.OTHER),
        ("https://evil.example/?next=https://github.com/x", Kind.OTHER),
        ("https://github.com.evil.example/x", Kind.OTHER),
        ("https://nothal.science/x", Kind.OTHER),
        ("ftp://github.com/x", Kind.OTHER),
        ("http://[broken/x", Kind.OTHER),
        ("", Kind.OTHER),
    ],
)  # fmt: skip
def test_an_address_is_labelled_by_what_it_points_to(url, kind):
    assert link_kind_of(url) == kind


@pytest.mark.django_db
def test_an_imported_url_is_labelled_by_what_it_points_to():
    outcomes = import_bibtex(
        "@article{a, title={A}, journal={J}, year=2020, url={https://github.com/ada/sparse}}\n"
        "@article{b, title={B}, journal={J}, year=2020,"
        " url={https://www.biorxiv.org/content/10.1101/2020.02.14.947127v1},"
        " pdf={https://www.biorxiv.org/content/10.1101/2020.02.14.947127v1.full.pdf}}\n"
        "@article{c, title={C}, journal={J}, year=2020, pmid={31452104},"
        " url={https://www.ncbi.nlm.nih.gov/pubmed/31452104}}\n"
        "@article{d, title={D}, journal={J}, year=2020,"
        " pdf={https://arxiv.org/pdf/1901.09335v1}}\n"
    )
    assert [o.action for o in outcomes] == ["created"] * 4
    kinds = {
        p.citation_key: [(link.kind, link.url) for link in p.link_list]
        for p in Publication.objects.with_related()
    }
    assert kinds == {
        "a": [(Kind.CODE, "https://github.com/ada/sparse")],
        "b": [
            (Kind.PDF, "https://www.biorxiv.org/content/10.1101/2020.02.14.947127v1.full.pdf"),
            (Kind.BIORXIV, "https://www.biorxiv.org/content/10.1101/2020.02.14.947127v1"),
        ],
        # The PubMed id is one link, at its canonical address.
        "c": [(Kind.PUBMED, "https://pubmed.ncbi.nlm.nih.gov/31452104/")],
        "d": [(Kind.ARXIV, "https://arxiv.org/pdf/1901.09335v1")],
    }


# --- Preprint servers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("doi", "server"),
    [
        ("10.48550/arXiv.1901.09335", "arXiv"),
        ("10.1101/2020.02.14.947127", "bioRxiv"),
        ("10.1101/123456", "bioRxiv"),
        ("10.1101/2020.04.02.20051441", "medRxiv"),
        ("10.64898/2026.01.05.612345", "bioRxiv"),
        ("10.2139/ssrn.3044448", "SSRN"),
        ("10.31234/osf.io/abcde", "PsyArXiv"),
        ("10.31235/osf.io/abcde", "SocArXiv"),
        ("10.31219/osf.io/abcde", "OSF Preprints"),
        ("10.31237/osf.io/abcde", "OSF Preprints"),
        ("10.21203/rs.3.rs-123456/v1", "Research Square"),
        ("10.20944/preprints202001.0001.v1", "Preprints.org"),
        ("10.26434/chemrxiv-2021-abcde", "ChemRxiv"),
        # Cold Spring Harbor's journals share bioRxiv's prefix.
        ("10.1101/gr.123456.111", ""),
        # OSF projects and Zenodo records are not preprints by their DOI.
        ("10.17605/OSF.IO/ABCDE", ""),
        ("10.5281/zenodo.1234567", ""),
        ("10.1000/xyz", ""),
        ("", ""),
    ],
)
def test_a_preprint_servers_doi_names_the_server(doi, server):
    assert doi_server(doi) == server


@pytest.mark.parametrize(
    ("venue", "server"),
    [
        ("arXiv preprint arXiv:1901.09335", "arXiv"),
        ("arXiv:1901.09335 [cs.LG]", "arXiv"),
        ("CoRR, abs/1901.09335", "arXiv"),
        ("ArXiv", "arXiv"),
        ("arXiv e-prints", "arXiv"),
        ("bioRxiv", "bioRxiv"),
        ("bioRxiv : the preprint server for biology", "bioRxiv"),
        ("medRxiv : the preprint server for health sciences", "medRxiv"),
        ("SSRN Electronic Journal", "SSRN"),
        ("Available at SSRN 3044448", "SSRN"),
        ("OSF Preprints", "OSF Preprints"),
        ("PsyArXiv", "PsyArXiv"),
        ("Research Square", "Research Square"),
        ("https://arxiv.org/abs/1901.09335", "arXiv"),
        ("<https://www.biorxiv.org/content/10.1101/123456v1>", "bioRxiv"),
        ("Journal of arXiv Studies", ""),
        ("arXiv Studies", ""),
        ("Nature", ""),
        ("bioRxiv " + "x" * 200, ""),
    ],
)
def test_a_venue_that_names_a_preprint_server_names_it(venue, server):
    assert preprint_server(venue) == server


def test_a_venue_of_its_own_wins_over_a_preprint_copy():
    arxiv = "https://arxiv.org/abs/1901.09335"
    assert preprint_server("Nature", urls=[arxiv]) == ""
    assert preprint_server("", urls=[arxiv]) == "arXiv"
    assert preprint_server("", dois=["10.1000/x", "10.2139/ssrn.1"], urls=[arxiv]) == "SSRN"
    assert preprint_server("", urls=["https://osf.io/preprints/psyarxiv/abcde/"]) == "PsyArXiv"
    # An OSF project, a PDF, code: not a preprint server.
    others = ["https://osf.io/abcde/", "https://example.org/a.pdf", "https://github.com/a/b"]
    assert preprint_server("", urls=others) == ""


def test_a_hostile_venue_is_read_in_linear_time():
    # Far longer than any server's name: refused before the pattern reads it.
    assert preprint_server("bioRxiv : the preprint server for " + " a" * 50_000 + "!") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "venue_short"),
    [
        ("journal={bioRxiv}", "bioRxiv"),
        ("journal={medRxiv}", "medRxiv"),
        ("journal={SSRN Electronic Journal}", "SSRN"),
        ("journal={OSF Preprints}", "OSF Preprints"),
        ("journal={PsyArXiv}", "PsyArXiv"),
        ("journal={Research Square}", "Research Square"),
        ("doi={10.1101/2020.02.14.947127}", "bioRxiv"),
        ("doi={10.2139/ssrn.3044448}", "SSRN"),
        ("journal={bioRxiv}, doi={10.1101/2020.04.02.20051441}", "bioRxiv"),
    ],
)
def test_an_article_on_a_preprint_server_is_a_preprint_with_the_server_as_venue(
    fields, venue_short
):
    outcomes = import_bibtex(
        f"@article{{k, title={{T}}, author={{Doe, Jane}}, year=2020, {fields}}}"
    )
    assert outcomes[0].action == "created", outcomes[0].message
    publication = Publication.objects.get()
    assert (publication.kind, publication.venue, publication.venue_short) == (
        "preprint",
        "",
        venue_short,
    )


@pytest.mark.django_db
def test_a_journal_article_with_a_preprint_copy_stays_a_journal_article():
    import_bibtex(
        "@article{k, title={T}, journal={Nature}, year=2020, eprint={1901.09335},"
        " archivePrefix={arXiv}, url={https://www.biorxiv.org/content/10.1101/123456v1}}"
    )
    publication = Publication.objects.get()
    assert (publication.kind, publication.venue, publication.venue_short) == (
        "journal",
        "Nature",
        "",
    )


# --- An imported preprint shows as one made by hand ---------------------------------

IMPORTED_PREPRINTS = r"""
@misc{scholar, title={Scholar}, author={Doe, Jane}, year=2019,
  eprint={1901.00001}, archivePrefix={arXiv}, primaryClass={cs.LG}}
@misc{arxivexport,
      title={Exported},
      author={Jane Doe},
      year={2019},
      eprint={1901.00002},
      archivePrefix={arXiv},
      primaryClass={cs.LG},
      url={https://arxiv.org/abs/1901.00002},
}
@misc{howpublished, title={Howpublished}, author={Doe, Jane}, year=2019,
  howpublished={arXiv:1901.00003 [cs.LG]}}
@misc{url, title={Url}, author={Doe, Jane}, year=2019,
  howpublished={\url{https://arxiv.org/abs/1901.00004}}, eprint={1901.00004}}
@misc{datacite, doi={10.48550/ARXIV.1901.00005}, url={https://arxiv.org/abs/1901.00005},
  author={Doe, Jane}, title={Datacite}, publisher={arXiv}, year={2019}}
"""


def meta_of(html: str, title: str) -> str:
    """The venue line of ``title``'s entry in a list."""
    entry = html[html.index(f">{title}</a>") :]
    return re.search(r'<p class="meta">.*?</p>', entry).group(0)


@pytest.mark.django_db
def test_an_imported_arxiv_preprint_shows_as_a_preprint_made_by_hand(client):
    make_publication(title="By hand", kind="preprint", venue_short="arXiv", year=2019)
    outcomes = import_bibtex(IMPORTED_PREPRINTS)
    assert [o.action for o in outcomes] == ["created"] * 5, [o.message for o in outcomes]
    titles = ["Scholar", "Exported", "Howpublished", "Url", "Datacite"]
    imported = Publication.objects.exclude(title="By hand")
    assert {(p.title, p.kind, p.venue, p.venue_short) for p in imported} == {
        (title, "preprint", "", "arXiv") for title in titles
    }
    listing = client.get(reverse("publications:list")).content.decode()
    by_hand = meta_of(listing, "By hand")
    assert by_hand == (
        '<p class="meta"><span class="badge">arXiv</span>&nbsp;·&nbsp;'
        '<span class="year">2019</span></p>'
    )
    assert [meta_of(listing, title) for title in titles] == [by_hand] * 5
    # All under the list's heading of preprints, as the CV groups them.
    preprints = listing[listing.index(">Preprints<") :]
    assert all(f">{title}</a>" in preprints for title in titles)
    pages = [
        client.get(publication.get_absolute_url()).content.decode()
        for publication in Publication.objects.order_by("title")
    ]
    lines = {re.search(r'<p class="meta">.*?</p>', page).group(0) for page in pages}
    assert len(lines) == 1, lines
    line = lines.pop()
    assert line.startswith('<p class="meta"><span class="badge">arXiv</span>&nbsp;')
    assert line.endswith('<span class="year">2019</span>&nbsp;· Preprint</p>')


# --- Slugs from titles with math ----------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (r"Sparse $\ell_1$ priors", "sparse-l1-priors"),
        (r"Sorting in $O(n \log n)$ time", "sorting-in-o-n-log-n-time"),
        (r"$\mathcal{L}_2$ regularisation", "l2-regularisation"),
        (r"$k$-means clustering", "k-means-clustering"),
        (r"$\alpha$-divergences and $\beta^{2}$", "alpha-divergences-and-beta2"),
        (r"A $\frac{1}{2}$-approximation", "a-1-2-approximation"),
        (r"$\text{Top-}k$ in $\mathbb{R}^n$", "top-k-in-rn"),
        (r"Regret of $\sqrt{T}$ and $\infty$", "regret-of-sqrt-t-and-infinity"),
        ("Über die Bézier-Kurven: une étude", "uber-die-bezier-kurven-une-etude"),
        (r"It costs $5 and \$10", "it-costs-5-and-10"),
    ],
)
def test_a_slug_made_from_a_latex_title_holds_words_not_markup(title, slug):
    assert slugify(slug_text(title)) == slug


@pytest.mark.django_db
def test_an_imported_title_with_math_gets_a_slug_of_words():
    import_bibtex(r"@article{k, title={Sparse $\ell_1$ priors}, journal={J}, year=2020}")
    publication = Publication.objects.get()
    assert (publication.title, publication.slug) == (r"Sparse $\ell_1$ priors", "sparse-l1-priors")


@pytest.mark.django_db
def test_a_publication_saved_without_a_slug_in_the_admin_gets_one_of_words(admin_client):
    data = {
        "title": r"$\mathcal{L}_2$ regularisation",
        "slug": "",
        "kind": "journal",
        "tags": "",
        "venue": "",
        "venue_short": "",
        "note": "",
        "year": "2019",
        "month": "",
        "abstract": "",
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    url = reverse("admin:publications_publication_add")
    assert admin_client.post(url, data).status_code == 302
    assert admin_client.post(url, data).status_code == 302
    assert list(Publication.objects.order_by("pk").values_list("slug", flat=True)) == [
        "l2-regularisation",
        "l2-regularisation-2",
    ]
