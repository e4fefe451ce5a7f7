"""Publications added by DOI, arXiv id and PubMed id: each service played by the
local server (tests/replay.py) with its recorded answers (tests/data/recorded/).
The failures no recording shows (a 429, a timeout, a broken body, arXiv's
"Rate exceeded.", an error entry naming one of several ids, XML declaring
entities) are small bodies written here, and say so."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from portfolio.importing import http
from portfolio.importing.identifiers import (
    fetch_records,
    import_identifiers,
    read_identifiers,
)
from portfolio.importing.outcomes import Action
from portfolio.importing.sources import arxiv, doi, pubmed
from portfolio.publications.models import Publication, PublicationLink

from .replay import Answer, recorded

Kind = Publication.Kind
LinkKind = PublicationLink.Kind
SCIENCE = "10.1126/science.169.3946.635"
CSL = "application/vnd.citationstyles.csl+json"
ATOM = "application/atom+xml"


def science(services):
    services.add(
        f"/doi/{SCIENCE}",
        recorded("crossref/10.1126_science.169.3946.635.habanero-2026.csl.json", CSL),
    )


# --- Reading the list -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "value"),
    [
        ("10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("doi:10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("DOI: 10.1038/nature14539.", "doi", "10.1038/nature14539"),
        ("https://doi.org/10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("http://dx.doi.org/10.1002/%28SICI%291097-4636", "doi", "10.1002/(SICI)1097-4636"),
        ("1412.6622", "arxiv", "1412.6622"),
        ("1412.6622v2", "arxiv", "1412.6622v2"),
        ("arXiv:1412.6622", "arxiv", "1412.6622"),
        ("hep-th/9901001", "arxiv", "hep-th/9901001"),
        # The subject class is not part of an old-style id.
        ("math.GT/0309136v1", "arxiv", "math/0309136v1"),
        ("https://arxiv.org/abs/1412.6622v3", "arxiv", "1412.6622v3"),
        ("arxiv.org/pdf/1412.6622.pdf", "arxiv", "1412.6622"),
        ("https://arxiv.org/pdf/hep-th/9901001v1", "arxiv", "hep-th/9901001v1"),
        ("31452104", "pubmed", "31452104"),
        ("PMID: 31452104", "pubmed", "31452104"),
        ("https://pubmed.ncbi.nlm.nih.gov/31452104/", "pubmed", "31452104"),
        ("pubmed.ncbi.nlm.nih.gov/31452104", "pubmed", "31452104"),
        ("https://www.ncbi.nlm.nih.gov/pubmed/31452104", "pubmed", "31452104"),
    ],
)
def test_each_form_of_identifier_is_read(line, kind, value):
    identifiers, errors = read_identifiers(f"\n  {line}  \n")
    assert errors == []
    assert [(i.kind, i.value, i.line) for i in identifiers] == [(kind, value, 2)]


def test_blank_lines_and_repeats_are_passed_over():
    text = "10.1038/X\n\n10.1038/x\narXiv:1412.6622\n1412.6622v2\nPMID: 1\n1\n"
    identifiers, errors = read_identifiers(text)
    assert errors == []
    assert [i.label for i in identifiers] == ["DOI 10.1038/X", "arXiv 1412.6622", "PMID 1"]
    assert [i.line for i in identifiers] == [1, 4, 6]


def test_a_line_that_is_no_identifier_is_an_error_naming_it_and_saying_what_is_accepted():
    identifiers, errors = read_identifiers("1412.6622\nDeep learning, Nature 2015\n" + "x" * 400)
    assert [i.value for i in identifiers] == ["1412.6622"]
    assert [(e.action, e.line) for e in errors] == [(Action.ERROR, 2), (Action.ERROR, 3)]
    assert errors[0].key == "Deep learning, Nature 2015"
    assert "'Deep learning, Nature 2015' is not an identifier" in errors[0].message
    assert "a DOI (10.1038/nature14539" in errors[0].message
    assert "an arXiv id" in errors[0].message and "a PubMed id" in errors[0].message
    assert errors[1].key.endswith("…") and len(errors[1].key) == 60


def test_a_pubmed_central_id_asks_for_the_pmid_or_doi():
    _, errors = read_identifiers("PMC6713505")
    assert errors[0].message.startswith(
        "PMC6713505 is a PubMed Central id: give the article's PMID or DOI instead"
    )


# --- doi.org ----------------------------------------------------------------------------


def test_a_doi_is_asked_for_as_csl_json_and_read(services):
    science(services)
    record = doi.fetch(SCIENCE)
    assert services.requests[0].path == f"/doi/{SCIENCE}"
    assert services.requests[0].headers["Accept"] == CSL
    assert (record.title, record.kind, record.year, record.venue) == (
        "The Structure of Ordinary Water",
        Kind.JOURNAL,
        1970,
        "Science",
    )
    assert record.authors == [("Henry S.", "Frank")]
    assert record.links == [(LinkKind.DOI, f"https://doi.org/{SCIENCE}")]


def test_an_unknown_doi_is_not_found_naming_it(services):
    services.add(
        "/doi/10.1126/foo", recorded("doi/doi.org-404-10.1126_foo.html", "text/html", 404)
    )
    with pytest.raises(http.NotFound, match=r"doi\.org has no record of DOI 10\.1126/foo"):
        doi.fetch("10.1126/foo")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # Written here: a body cut into, and JSON that is not a CSL item.
        (b'{"title": "The Str', "did not answer with CSL-JSON for DOI 10.1/x"),
        (b"<html>moved</html>", "did not answer with CSL-JSON for DOI 10.1/x"),
        (b'[{"title": "x"}]', "answered for DOI 10.1/x with JSON that is not a CSL item"),
        (b"[" * 100_000, "did not answer with CSL-JSON for DOI 10.1/x"),
    ],
)
def test_a_body_that_is_no_csl_item_is_a_bad_response_naming_the_doi(services, body, message):
    services.add("/doi/10.1/x", Answer(body=body, content_type=CSL))
    with pytest.raises(http.BadResponse, match=message):
        doi.fetch("10.1/x")


# --- arXiv ------------------------------------------------------------------------------


def test_an_arxiv_paper_is_a_preprint_on_arxiv(services):
    services.add("/arxiv/query", recorded("arxiv/query-1605.08386.atom.xml", ATOM))
    records, errors = arxiv.fetch(["arXiv:1605.08386"])
    assert errors == {}
    assert services.requests[0].query == "id_list=1605.08386&max_results=1"
    (record,) = records
    assert record.key == "arXiv:1605.08386"
    assert record.title == "Heat-bath random walks with Markov bases"
    assert record.authors == [("Caprice", "Stanley"), ("Tobias", "Windisch")]
    assert (record.kind, record.venue, record.venue_short) == (Kind.PREPRINT, "", "arXiv")
    assert (record.year, record.month) == (2016, 5)
    assert record.abstract.startswith("Graphs on lattice points are studied whose edges")
    assert "  " not in record.abstract and "\n" not in record.abstract
    # The link names the paper, not the version arXiv answered with.
    assert record.links == [(LinkKind.ARXIV, "https://arxiv.org/abs/1605.08386")]


def test_an_old_style_id_with_a_published_version_is_still_its_preprint(services):
    services.add("/arxiv/query", recorded("arxiv/query-astro-ph_0601001.atom.xml", ATOM))
    (record,), errors = arxiv.fetch(["astro-ph/0601001"])
    assert errors == {}
    assert services.requests[0].query == "id_list=astro-ph%2F0601001&max_results=1"
    assert record.title.startswith("Frequency of Hot Jupiters and Very Hot Jupiters")
    assert record.authors[:3] == [("Andrew", "Gould"), ("Susan", "Dorsher"), ("B. Scott", "Gaudi")]
    # arXiv knows the journal it appeared in (journal_ref): the record is the preprint.
    assert (record.kind, record.venue_short, record.year) == (Kind.PREPRINT, "arXiv", 2006)
    assert record.links == [(LinkKind.ARXIV, "https://arxiv.org/abs/astro-ph/0601001")]


def test_a_version_asked_for_that_comes_back_is_read(services):
    services.add("/arxiv/query", recorded("arxiv/query-hep-ex_0406020v1.atom.xml", ATOM))
    (record,), errors = arxiv.fetch(["hep-ex/0406020v1"])
    assert (record.title, record.authors, errors) == (
        "Sparticle Reconstruction at LHC",
        [("Alessia", "Tricomi")],
        {},
    )
    assert record.links == [(LinkKind.ARXIV, "https://arxiv.org/abs/hep-ex/0406020")]


def test_a_version_that_comes_back_different_is_an_error_naming_the_id(services):
    services.add("/arxiv/query", recorded("arxiv/query-1605.08386.atom.xml", ATOM))
    records, errors = arxiv.fetch(["1605.08386v3"])
    assert records == []
    assert isinstance(errors["1605.08386v3"], http.NotFound)
    assert str(errors["1605.08386v3"]) == (
        "arXiv has no version 3 of 1605.08386 (it answered with version 1); ask for "
        "1605.08386 to get its latest version."
    )


def test_an_id_missing_from_the_feed_is_not_found_and_the_others_are_read(services):
    services.add("/arxiv/query", recorded("arxiv/query-0808.05394_1707.08567.atom.xml", ATOM))
    records, errors = arxiv.fetch(["0808.05394", "1707.08567"])
    assert services.requests[0].query == "id_list=0808.05394%2C1707.08567&max_results=2"
    assert [r.key for r in records] == ["1707.08567"]
    assert str(errors["0808.05394"]) == "arXiv has no paper 0808.05394."
    authors = records[0].authors
    assert len(authors) == 34
    assert ("Peter H. N.", "de With") in authors
    assert ("Joost", "van der Putten") in authors
    assert ("Dirk", "Wübben") in authors


def test_an_empty_feed_is_not_found(services):
    services.add("/arxiv/query", recorded("arxiv/query-0000.0000-no-result.atom.xml", ATOM))
    records, errors = arxiv.fetch(["0000.0000"])
    assert records == [] and isinstance(errors["0000.0000"], http.NotFound)


def test_arxivs_error_feed_with_http_400_is_an_error_naming_the_id(services):
    services.add(
        "/arxiv/query", recorded("arxiv/query-abc-error-http400.atom.xml", ATOM, status=400)
    )
    records, errors = arxiv.fetch(["2104.12255"])
    assert records == []
    assert isinstance(errors["2104.12255"], http.BadResponse)
    assert str(errors["2104.12255"]) == (
        "arXiv refused arXiv 2104.12255: incorrect id format for abc."
    )


# Written here: arXiv's error entry, as it was sent with HTTP 200, naming one id of two.
ERROR_ENTRY = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<id>http://arxiv.org/api/errors#incorrect_id_format_for_1605.99999</id><title>Error</title>
<summary>incorrect id format for 1605.99999</summary></entry></feed>"""


def test_an_error_entry_naming_one_id_of_several_spares_the_others(services):
    services.add(
        "/arxiv/query",
        Answer(body=ERROR_ENTRY, content_type=ATOM),
        recorded("arxiv/query-1605.08386.atom.xml", ATOM),
    )
    records, errors = arxiv.fetch(["1605.99999", "1605.08386"])
    assert [r.key for r in records] == ["1605.08386"]
    assert str(errors["1605.99999"]) == (
        "arXiv refused arXiv 1605.99999: incorrect id format for 1605.99999."
    )
    assert [r.query for r in services.requests] == [
        "id_list=1605.99999%2C1605.08386&max_results=2",
        "id_list=1605.08386&max_results=1",
    ]


@pytest.mark.parametrize("status", [200, 403])
def test_rate_exceeded_is_a_rate_limit_error_for_each_id(services, status):
    # Written here: the plain text arXiv sends a client that asks too often.
    services.add("/arxiv/query", Answer(status, b"Rate exceeded.", "text/plain"))
    records, errors = arxiv.fetch(["1605.08386", "2104.12255"])
    assert records == []
    assert set(errors) == {"1605.08386", "2104.12255"}
    for arxiv_id, error in errors.items():
        assert isinstance(error, http.RateLimited)
        assert str(error).startswith(f"arXiv {arxiv_id} was not fetched:")


def test_malformed_atom_is_a_bad_response(services):
    services.add("/arxiv/query", Answer(body=b"<feed><entry>", content_type=ATOM))  # written here
    _, errors = arxiv.fetch(["1605.08386"])
    assert "arXiv answered with XML that cannot be read for arXiv 1605.08386" in str(
        errors["1605.08386"]
    )


# Written here: XML that declares entities, each expanding to ten of the one before.
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&b;</title></entry></feed>"""


@pytest.mark.parametrize(
    "body", [LAUGHS, LAUGHS.replace(b"<!DOCTYPE feed [", b"<!doctype feed [")]
)
def test_xml_that_declares_entities_is_refused_unread(services, body):
    services.add("/arxiv/query", Answer(body=body, content_type=ATOM))
    _, errors = arxiv.fetch(["1605.08386"])
    assert str(errors["1605.08386"]) == (
        "arXiv answered for arXiv 1605.08386 with XML that declares entities; it was not read."
    )


def test_ids_go_fifty_to_a_request(services):
    services.add("/arxiv/query", recorded("arxiv/query-0000.0000-no-result.atom.xml", ATOM))
    ids = [f"1605.{n:05d}" for n in range(120)]
    _, errors = arxiv.fetch(ids)
    assert len(errors) == 120
    assert [r.query.count("%2C") + 1 for r in services.requests] == [50, 50, 20]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Caprice Stanley", ("Caprice", "Stanley")),
        ("Joost van der Putten", ("Joost", "van der Putten")),
        ("John Smith Jr.", ("John", "Smith, Jr.")),
        ("Robert Jones, III", ("Robert", "Jones, III")),
        ("Plato", ("", "Plato")),
    ],
)
def test_arxiv_names_are_split_into_given_and_family(name, parts):
    assert arxiv.split_name(name) == parts


def test_what_is_no_arxiv_id_is_not_asked_for(services):
    records, errors = arxiv.fetch(["abc"])
    assert (records, services.requests) == ([], [])
    assert str(errors["abc"]) == "'abc' is not an arXiv id (such as 1412.6622)."


def test_a_refusal_that_is_no_feed_is_reported_as_the_status(services):
    services.add("/arxiv/query", Answer(400, b"<html>Bad Request</html>", "text/html"))
    _, errors = arxiv.fetch(["1605.08386"])
    assert str(errors["1605.08386"]) == "arXiv answered HTTP 400 for arXiv 1605.08386."


# --- PubMed ----------------------------------------------------------------------------


def test_pubmed_articles_are_journal_articles(services):
    services.add(
        "/pubmed/efetch.fcgi", recorded("pubmed/efetch-11748933,11700088.xml", "text/xml")
    )
    records, errors = pubmed.fetch(["11748933", "11700088"])
    assert services.requests[0].query == "db=pubmed&id=11748933%2C11700088&retmode=xml"
    assert errors == {}
    first, second = records
    assert first.title == (
        "Is cryopreservation a homogeneous process? Ultrastructure and motility of untreated, "
        "prefreezing, and postthawed spermatozoa of Diplodus puntazzo (Cetti)"
    )
    assert (first.kind, first.year, first.month, first.venue, first.venue_short) == (
        Kind.JOURNAL,
        2001,
        6,
        "Cryobiology",
        "Cryobiology",
    )
    assert first.authors[:2] == [("A R", "Taddei"), ("F", "Barbato")]
    assert len(first.authors) == 8
    assert first.links == [
        (LinkKind.DOI, "https://doi.org/10.1006/cryo.2001.2328"),
        (LinkKind.PUBMED, "https://pubmed.ncbi.nlm.nih.gov/11748933/"),
    ]
    # The place NLM adds to tell journals apart is not the journal's name.
    assert (second.venue, second.venue_short) == ("Journal of magnetic resonance", "J Magn Reson")
    assert second.title == "Proton MRI of (13)C distribution by J and chemical shift editing"
    assert second.authors[-1] == ("F", "De Luca")


def test_a_structured_abstract_keeps_its_labels_and_the_pmcid_is_a_link(services):
    services.add("/pubmed/efetch.fcgi", recorded("pubmed/efetch-27797938.xml", "text/xml"))
    (record,), _ = pubmed.fetch(["27797938"])
    assert record.title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
        "pancreatic cancer"
    )
    sections = record.abstract.split("\n\n")
    assert [s.split(":**")[0] for s in sections] == [
        "**Objective",
        "**Design",
        "**Results",
        "**Conclusions",
    ]
    assert "p$_{\\text{trend}}$=0.048" in record.abstract
    assert (LinkKind.PMC, "https://pmc.ncbi.nlm.nih.gov/articles/PMC5442267/") in record.links
    # The references' PMIDs are not the article's.
    assert len(record.authors) == 22 and record.authors[0] == ("Ying", "Bao")


def test_mathml_and_orcids_of_a_pubmed_record(services):
    services.add("/pubmed/efetch.fcgi", recorded("pubmed/efetch-29963580.xml", "text/xml"))
    (record,), _ = pubmed.fetch(["29963580"])
    assert "(1) inhaled He3/Xe129 MRI ventilation" in record.abstract
    assert (record.year, record.month) == (2018, 4)
    assert record.author_orcids[1] == "0000-0002-4590-7461"
    assert len(record.author_orcids) == len(record.authors) == 9


def test_a_season_has_no_month_and_an_id_the_answer_lacks_is_an_error(services):
    services.add("/pubmed/efetch.fcgi", recorded("pubmed/efetch-12091962,9997.xml", "text/xml"))
    records, errors = pubmed.fetch(["12091962", "99999999", "9997"])
    assert [(r.key, r.year, r.month) for r in records] == [
        ("12091962", 1990, None),
        ("9997", 1976, 9),
    ]
    assert str(errors["99999999"]) == "PubMed has no record of PMID 99999999."


# Written here: what no recording shows, in PubMed's XML as its DTD describes it: a
# group author, a corrected name, a MedlineDate, a title in brackets (a translation)
# and a book chapter.
PUBMED_CASES = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"
 "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">100</PMID><Article>
<Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>
</JournalIssue><Title>Some journal</Title></Journal>
<ArticleTitle>[A translated title].</ArticleTitle><AuthorList>
<Author ValidYN="N"><LastName>Smiht</LastName><ForeName>Jo</ForeName></Author>
<Author><LastName>Smith</LastName><ForeName>Jo</ForeName><Suffix>Jr</Suffix></Author>
<Author><CollectiveName>The <i>ABC</i> Consortium</CollectiveName></Author>
</AuthorList></Article></MedlineCitation><PubmedData><ArticleIdList>
<ArticleId IdType="pubmed">100</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">300</PMID><Article><Journal><Title>J</Title>
</Journal><ArticleTitle></ArticleTitle><VernacularTitle>Un titre.</VernacularTitle>
<ArticleDate DateType="Electronic"><Year>2024</Year><Month>02</Month></ArticleDate>
</Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">400</PMID><Article><Journal><Title>J</Title>
</Journal><ArticleTitle>Undated.</ArticleTitle></Article></MedlineCitation></PubmedArticle>
<PubmedBookArticle><BookDocument><PMID Version="1">200</PMID></BookDocument>
</PubmedBookArticle></PubmedArticleSet>"""


def test_group_authors_medline_dates_and_books_in_pubmed(services):
    services.add("/pubmed/efetch.fcgi", Answer(body=PUBMED_CASES, content_type="text/xml"))
    records, errors = pubmed.fetch(["100", "200", "300", "400"])
    record, untranslated = records
    assert record.authors == [("Jo", "Smith, Jr"), ("", "The ABC Consortium")]
    assert (record.title, record.year, record.month) == ("[A translated title]", 1998, 12)
    assert (record.venue, record.venue_short, record.abstract) == ("Some journal", "", "")
    assert str(errors["200"]).startswith("PMID 200 is a book or a book chapter")
    # No English title: the title in its own language; no issue date: the online one.
    assert (untranslated.title, untranslated.year, untranslated.month) == ("Un titre", 2024, 2)
    assert str(errors["400"]) == "PubMed's record of PMID 400 has no year."


def test_a_pubmed_timeout_names_each_id_of_the_request(services, settings):
    settings.IMPORT_TIMEOUT = 0.2
    services.add("/pubmed/efetch.fcgi", Answer(body=b"late", delay=1))
    records, errors = pubmed.fetch(["9997", "100"])
    assert records == []
    assert str(errors["100"]) == (
        "PMID 100 was not fetched: Could not reach PubMed for a batch of 2 PubMed ids: "
        "no answer within 0.2 seconds."
    )


def test_pubmed_xml_that_declares_entities_is_refused(services):
    services.add("/pubmed/efetch.fcgi", Answer(body=LAUGHS, content_type="text/xml"))
    _, errors = pubmed.fetch(["9997"])
    assert "declares entities" in str(errors["9997"])


# --- The whole flow -----------------------------------------------------------------------


def test_a_pasted_list_creates_its_publications_in_order(services, db, monkeypatch):
    # One arXiv id a request, so that each is answered by its own recording.
    monkeypatch.setattr(arxiv, "MAX_IDS", 1)
    science(services)
    services.add(
        "/arxiv/query?id_list=1605.08386&max_results=1",
        recorded("arxiv/query-1605.08386.atom.xml", ATOM),
    )
    services.add(
        "/arxiv/query?id_list=hep-ex%2F0406020v1&max_results=1",
        recorded("arxiv/query-hep-ex_0406020v1.atom.xml", ATOM),
    )
    services.add(
        "/pubmed/efetch.fcgi", recorded("pubmed/efetch-11748933,11700088.xml", "text/xml")
    )
    text = (
        f"https://doi.org/{SCIENCE}\n"
        "arXiv:1605.08386\n"
        "\n"
        "hep-ex/0406020v1\n"
        "PMID: 11748933\n"
        "https://pubmed.ncbi.nlm.nih.gov/11700088/\n"
        f"{SCIENCE}\n"
    )
    outcomes = import_identifiers(text)
    assert [(o.key, o.line, o.action) for o in outcomes] == [
        (f"DOI {SCIENCE}", 1, Action.CREATED),
        ("arXiv 1605.08386", 2, Action.CREATED),
        ("arXiv hep-ex/0406020v1", 4, Action.CREATED),
        ("PMID 11748933", 5, Action.CREATED),
        ("PMID 11700088", 6, Action.CREATED),
    ]
    # PubMed was asked once for both.
    assert [r.path for r in services.requests].count("/pubmed/efetch.fcgi") == 1
    water = Publication.objects.get(title="The Structure of Ordinary Water")
    assert (water.kind, water.year, water.venue, water.doi) == (
        Kind.JOURNAL,
        1970,
        "Science",
        SCIENCE,
    )
    assert [a.name for a in water.ordered_authors()] == ["Henry S. Frank"]
    walks = Publication.objects.get(kind=Kind.PREPRINT, venue_short="arXiv", year=2016)
    assert walks.arxiv_id == "1605.08386"
    sparticles = Publication.objects.get(title="Sparticle Reconstruction at LHC")
    assert sparticles.arxiv_id == "hep-ex/0406020"
    magnetic = Publication.objects.get(venue_short="J Magn Reson")
    assert (magnetic.pmid, magnetic.doi) == ("11700088", "10.1006/jmre.2001.2429")
    # Each has a citation key of its own, made from its first author.
    assert Publication.objects.filter(citation_key__startswith="frank1970").exists()

    again = import_identifiers(f"{SCIENCE}\n")
    assert [(o.action, o.publication) for o in again] == [(Action.SKIPPED, water)]


def test_each_failure_names_its_identifier_and_the_others_are_imported(
    services, db, settings, monkeypatch
):
    waits = []
    monkeypatch.setattr(time, "sleep", waits.append)
    settings.IMPORT_TIMEOUT = 0.2
    science(services)
    services.add(
        "/doi/10.1126/foo", recorded("doi/doi.org-404-10.1126_foo.html", "text/html", 404)
    )
    # Written here: a 429 that asks for a short wait, then the recorded answer.
    services.add(
        "/doi/10.1021/ja01577a030",
        Answer(429, b"", "text/plain", {"Retry-After": "1"}),
        recorded("crossref/10.1021_ja01577a030.citation-js.csl.json", CSL),
    )
    services.add("/doi/10.1000/later", Answer(429, b"", "text/plain", {"Retry-After": "3600"}))
    services.add("/doi/10.1000/broken", Answer(body=b"{not json", content_type=CSL))
    services.add("/arxiv/query", Answer(body=b"late", content_type=ATOM, delay=1))
    services.add("/pubmed/efetch.fcgi", recorded("pubmed/efetch-12091962,9997.xml", "text/xml"))
    text = "\n".join(
        [
            "10.1126/foo",
            SCIENCE,
            "10.1021/ja01577a030",
            "10.1000/later",
            "10.1000/broken",
            "1605.08386",
            "PMID: 9997",
            "PMID: 123",
            "not an id",
        ]
    )
    outcomes = import_identifiers(text)
    assert [(o.key, o.action) for o in outcomes] == [
        ("DOI 10.1126/foo", Action.ERROR),
        (f"DOI {SCIENCE}", Action.CREATED),
        ("DOI 10.1021/ja01577a030", Action.CREATED),
        ("DOI 10.1000/later", Action.ERROR),
        ("DOI 10.1000/broken", Action.ERROR),
        ("arXiv 1605.08386", Action.ERROR),
        ("PMID 9997", Action.CREATED),
        ("PMID 123", Action.ERROR),
        ("not an id", Action.ERROR),
    ]
    messages = {o.key: o.message for o in outcomes if o.is_error}
    assert messages["DOI 10.1126/foo"] == "doi.org has no record of DOI 10.1126/foo (HTTP 404)."
    assert messages["DOI 10.1000/later"] == (
        "doi.org is refusing requests for now (HTTP 429) and asks to wait 3600 seconds; "
        "DOI 10.1000/later was not fetched. Try again later."
    )
    assert messages["DOI 10.1000/broken"].startswith(
        "doi.org did not answer with CSL-JSON for DOI 10.1000/broken"
    )
    assert messages["arXiv 1605.08386"] == (
        "Could not reach arXiv for arXiv 1605.08386: no answer within 0.2 seconds."
    )
    assert messages["PMID 123"] == "PubMed has no record of PMID 123."
    assert 1 in waits  # the short Retry-After was waited out
    assert Publication.objects.count() == 3
    assert not Publication.objects.filter(kind=Kind.PREPRINT).exists()


def test_without_a_contact_address_nothing_is_fetched(services, db, settings):
    settings.CONTACT_EMAIL = ""
    identifiers, _ = read_identifiers(f"{SCIENCE}\n1605.08386\nPMID: 9997")
    with pytest.raises(http.NoContact):
        fetch_records(identifiers)
    assert services.requests == []


def test_a_doi_whose_record_has_no_year_is_an_error_naming_it(services, db):
    # Written here: a CSL item without a date.
    services.add("/doi/10.1000/undated", Answer(body=b'{"type": "book", "title": "T"}'))
    (outcome,) = import_identifiers("10.1000/undated")
    assert outcome.is_error
    assert outcome.message.startswith("10.1000/undated has no year")


def test_a_dry_run_writes_nothing(services, db):
    science(services)
    outcomes = import_identifiers(SCIENCE, dry_run=True)
    assert [o.action for o in outcomes] == [Action.CREATED]
    assert not Publication.objects.exists()


# --- The command ----------------------------------------------------------------------------


def test_the_command_adds_publications_and_prints_each(services, db, capsys):
    science(services)
    services.add("/arxiv/query", recorded("arxiv/query-1605.08386.atom.xml", ATOM))
    call_command("add_publications", SCIENCE, "arXiv:1605.08386")
    out = capsys.readouterr().out
    assert f"arg    1  DOI {SCIENCE}" in out
    assert "created  The Structure of Ordinary Water" in out
    assert "arg    2  arXiv 1605.08386" in out
    assert out.rstrip().endswith("2 created, 0 updated, 0 skipped, 0 errors.")
    assert Publication.objects.count() == 2


def test_the_command_reads_a_file_and_fails_when_an_identifier_failed(services, db, tmp_path):
    science(services)
    listing = tmp_path / "papers.txt"
    listing.write_text(f"{SCIENCE}\n\n10.1126/foo\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"1 identifier could not be added \(see above\)"):
        call_command("add_publications", "--file", str(listing))
    assert Publication.objects.count() == 1


def test_the_command_dry_run_and_its_clear_errors(services, db, settings, tmp_path):
    science(services)
    call_command("add_publications", SCIENCE, "--dry-run")
    assert not Publication.objects.exists()
    with pytest.raises(CommandError, match="No identifiers given"):
        call_command("add_publications")
    with pytest.raises(CommandError, match="not both"):
        call_command("add_publications", SCIENCE, "--file", str(tmp_path / "x.txt"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9\n")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("add_publications", "--file", str(latin))
    with pytest.raises(CommandError, match="No such file"):
        call_command("add_publications", "--file", str(tmp_path / "missing.txt"))
    settings.CONTACT_EMAIL = ""
    with pytest.raises(CommandError, match="Set PORTFOLIO_CONTACT_EMAIL"):
        call_command("add_publications", SCIENCE)


# --- The admin's page ---------------------------------------------------------------------

ADD_URL = "admin:publications_publication_add_by_identifier"


def test_the_admin_previews_then_adds_without_asking_again(admin_client, services):
    science(services)
    url = reverse(ADD_URL)
    assert admin_client.get(url).status_code == 200
    changelist = admin_client.get(reverse("admin:publications_publication_changelist"))
    assert url in changelist.content.decode()

    text = f"https://doi.org/{SCIENCE}\nnot an identifier\n"
    response = admin_client.post(url, {"text": text, "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: 1 created, 0 updated, 0 skipped, 1 error" in page
    assert "The Structure of Ordinary Water" in page
    assert "Henry S. Frank <em>(new)</em>" in page
    assert "not an identifier" in page
    assert not Publication.objects.exists()
    asked = len(services.requests)

    response = admin_client.post(url, {"text": text, "confirm": "1"})
    assert response.status_code == 302
    assert len(services.requests) == asked  # the preview's records were kept
    assert list(Publication.objects.values_list("title", flat=True)) == [
        "The Structure of Ordinary Water"
    ]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "Publications added: 1 created, 0 updated, 0 skipped, 1 error."
    assert messages[0].startswith("Line 2: ")


def test_the_admin_page_names_each_failure_and_never_fails_itself(admin_client, services):
    services.add(f"/doi/{SCIENCE}", Answer(429, b"", "text/plain", {"Retry-After": "3600"}))
    services.add("/doi/10.1000/missing", Answer(404, b"", "text/plain"))
    text = f"{SCIENCE}\n10.1000/missing\n"
    response = admin_client.post(reverse(ADD_URL), {"text": text, "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "0 created, 0 updated, 0 skipped, 2 errors" in page
    assert f"DOI {SCIENCE}" in page and "asks to wait 3600 seconds" in page
    assert "doi.org has no record of DOI 10.1000/missing" in page


def test_the_admin_stops_asking_doi_org_when_its_time_is_up(admin_client, services, settings):
    settings.IMPORT_ADMIN_SECONDS = 0.01
    services.add("/doi/10.1000/slow", Answer(body=b"{}", delay=0.1))
    text = "10.1000/slow\n10.1000/second\n"
    page = admin_client.post(reverse(ADD_URL), {"text": text, "preview": "1"}).content.decode()
    assert "DOI 10.1000/second was not fetched: this page asks for 0.01 seconds at most" in page
    assert [r.path for r in services.requests] == ["/doi/10.1000/slow"]


def test_the_admin_page_explains_a_missing_contact_address(admin_client, services, settings):
    settings.CONTACT_EMAIL = ""
    response = admin_client.post(reverse(ADD_URL), {"text": SCIENCE, "preview": "1"})
    assert response.status_code == 200
    assert "PORTFOLIO_CONTACT_EMAIL" in response.content.decode()
    assert services.requests == []


def test_the_admin_page_takes_a_hundred_lines_at_most(admin_client, services):
    text = "\n".join(f"10.1/{n}" for n in range(101))
    response = admin_client.post(reverse(ADD_URL), {"text": text, "preview": "1"})
    assert "the admin adds at most 100 at a time" in response.content.decode()
    assert services.requests == []


def test_the_admin_page_needs_permission_to_add_publications(client, db):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(ADD_URL)).status_code == 403


# --- An arXiv paper that was published --------------------------------------------------

ACTIVE_FUZZING = "10.1145/3395363.3397376"


def serve_active_fuzzing(services):
    """arXiv 2005.14124, whose entry in the recorded search feed (an answer with ten
    entries; the one not asked for are passed over) names its published version,
    DOI 10.1145/3395363.3397376."""
    services.add(
        "/arxiv/query?id_list=2005.14124&max_results=1",
        recorded("arxiv/search-testing-max10.atom.xml", ATOM),
    )


def test_an_arxiv_paper_that_was_published_comes_in_as_the_published_paper(services, db):
    """No recording of doi.org's answer for that DOI exists here: Crossref's recorded
    answer for another DOI (Science, 1970) stands in for it."""
    serve_active_fuzzing(services)
    services.add(
        f"/doi/{ACTIVE_FUZZING}",
        recorded("crossref/10.1126_science.169.3946.635.habanero-2026.csl.json", CSL),
    )
    outcomes = import_identifiers("2005.14124\n")
    assert [(o.key, o.line, o.action, o.kind) for o in outcomes] == [
        (f"DOI {ACTIVE_FUZZING}", 1, Action.CREATED, "Journal articles"),
        ("arXiv 2005.14124", 1, Action.CREATED, "Preprints"),
    ]
    assert "the published version of arXiv 2005.14124" in outcomes[0].message
    paper = Publication.objects.get(kind=Kind.JOURNAL)
    preprint = Publication.objects.get(kind=Kind.PREPRINT)
    assert preprint.title.startswith("Active Fuzzing for Testing and Securing")
    assert (preprint.arxiv_id, preprint.doi) == ("2005.14124", "")
    assert list(paper.versions.all()) == [preprint]
    assert [r.path for r in services.requests] == ["/arxiv/query", f"/doi/{ACTIVE_FUZZING}"]

    # Pasted again, both are already here.
    again = import_identifiers("https://arxiv.org/abs/2005.14124\n")
    assert [o.action for o in again] == [Action.SKIPPED, Action.SKIPPED]


def test_a_published_version_that_cannot_be_fetched_leaves_the_preprint_and_says_so(services, db):
    serve_active_fuzzing(services)
    services.add(f"/doi/{ACTIVE_FUZZING}", Answer(404, b"", "text/plain"))
    [outcome] = import_identifiers("2005.14124\n")
    assert (outcome.key, outcome.action) == ("arXiv 2005.14124", Action.CREATED)
    assert f"arXiv knows its published version, DOI {ACTIVE_FUZZING}" in outcome.message
    assert "could not be fetched" in outcome.message
    assert Publication.objects.get().kind == Kind.PREPRINT
