"""What a publication's links point to, read from their addresses and identifiers,
for every source of publications (the BibTeX import now; DOI, ORCID and PubMed
look-ups as they come) and for the admin."""

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from .identifiers import (
    arxiv_id_in,
    arxiv_id_of,
    arxiv_url,
    doi_in,
    doi_of,
    doi_url,
    pmc_url,
    pmcid_in,
    pmcid_of,
    pmid_in,
    pmid_of,
    pubmed_url,
)
from .models import PublicationLink

Kind = PublicationLink.Kind

# An identifier's name, as sources write it, with how to read it and the link it makes.
_IDENTIFIERS = {
    "arxiv": (arxiv_id_in, arxiv_url, Kind.ARXIV),
    "doi": (doi_in, doi_url, Kind.DOI),
    "pmid": (pmid_in, pubmed_url, Kind.PUBMED),
    "pmcid": (pmcid_in, pmc_url, Kind.PMC),
}


def identifier_link(name: str, text: str) -> tuple[str, str] | None:
    """The typed link of an identifier written plainly: ("pmid", "PMID: 31452104")
    is (PubMed, https://pubmed.ncbi.nlm.nih.gov/31452104/); None if ``text`` is not
    an identifier of that name."""
    read, url, kind = _IDENTIFIERS[name.lower()]
    found = read(text)
    return (kind, url(found)) if found else None


# The kinds read from the identifier an address names.
_BY_IDENTIFIER = (
    (arxiv_id_of, Kind.ARXIV),
    (doi_of, Kind.DOI),
    (pmid_of, Kind.PUBMED),
    (pmcid_of, Kind.PMC),
)
# (host, or a domain with its subdomains as ".domain"; the start of the path; kind),
# for the servers whose addresses say what a record is. Checked before ".pdf", so
# that a preprint's PDF on its server is that server's link.
_BY_SERVER = (
    ("openreview.net", "/forum", Kind.OPENREVIEW),
    ("biorxiv.org", "/content/", Kind.BIORXIV),
    ("medrxiv.org", "/content/", Kind.MEDRXIV),
    ("papers.ssrn.com", "/", Kind.SSRN),
    ("ssrn.com", "/abstract", Kind.SSRN),
    ("osf.io", "/", Kind.OSF),
    ("hal.science", "/", Kind.HAL),
    (".hal.science", "/", Kind.HAL),
    (".archives-ouvertes.fr", "/", Kind.HAL),
    # A Zenodo record can be anything; the records a paper links to are mostly its
    # data. One that is its software is changed to Software in the admin.
    ("zenodo.org", "/records/", Kind.DATA),
    ("zenodo.org", "/record/", Kind.DATA),
    ("zenodo.org", "/doi/10.5281/", Kind.DATA),
    ("archive.softwareheritage.org", "/", Kind.SOFTWARE),
)
# Checked after ".pdf": a PDF kept in a repository is a PDF.
_BY_HOST = {
    "github.com": Kind.CODE,
    "gitlab.com": Kind.CODE,
    "codeberg.org": Kind.CODE,
    "bitbucket.org": Kind.CODE,
    "youtube.com": Kind.VIDEO,
    "m.youtube.com": Kind.VIDEO,
    "youtu.be": Kind.VIDEO,
    "vimeo.com": Kind.VIDEO,
    "player.vimeo.com": Kind.VIDEO,
}
# A Software Heritage id (SWHID) written without its address.
_SWHID = re.compile(r"^swh:1:(?:cnt|dir|rev|rel|snp|ori):", re.I)


def _on(host: str, where: str) -> bool:
    if where.startswith("."):
        return host.endswith(where) or host == where[1:]
    return host == where


def link_kind_of(url: str) -> str:
    """The kind of link ``url`` is, read from its address alone: an arXiv, DOI,
    PubMed or PMC address by the identifier it names; a preprint server, an open
    archive, OpenReview, Zenodo (Data) or Software Heritage (Software) by its host
    and path; then a PDF by its ending; code hosting, YouTube and Vimeo by their
    host; and anything else Other."""
    url = (url or "").strip()
    for read, kind in _BY_IDENTIFIER:
        if read(url):
            return kind
    if _SWHID.match(url):
        return Kind.SOFTWARE
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # an address with a broken host ("http://[x")
        return Kind.OTHER
    if parts.scheme.lower() not in {"http", "https"}:
        return Kind.OTHER
    host = host.removeprefix("www.")
    path = parts.path
    for where, start, kind in _BY_SERVER:
        if _on(host, where) and path.lower().startswith(start):
            return kind
    if path.lower().endswith(".pdf") or (host == "openreview.net" and path == "/pdf"):
        return Kind.PDF
    return _BY_HOST.get(host, Kind.OTHER)


# --- Preprint servers ---------------------------------------------------------------

# The registrants of preprint servers' DOIs, checked against the servers' own DOIs:
# each server's prefix, as DOIs of its preprints show it.
_DOI_SERVERS = {
    "10.48550": "arXiv",
    "10.2139": "SSRN",
    "10.21203": "Research Square",
    "10.20944": "Preprints.org",
    "10.26434": "ChemRxiv",
    "10.36227": "TechRxiv",
    "10.31730": "AfricArXiv",
    "10.32942": "EcoEvoRxiv",
    "10.35542": "EdArXiv",
}
# The preprint services hosted by OSF: prefixes 10.31219 to 10.31239, and DOIs whose
# suffix is the OSF address ("10.31234/osf.io/abcde"). OSF's DOIs of projects and
# registrations (10.17605/OSF.IO/...) are not preprints.
_OSF_SERVERS = {
    "10.31219": "OSF Preprints",
    "10.31222": "MetaArXiv",
    "10.31223": "EarthArXiv",
    "10.31224": "engrXiv",
    "10.31228": "LawArXiv",
    "10.31233": "PaleorXiv",
    "10.31234": "PsyArXiv",
    "10.31235": "SocArXiv",
    "10.31236": "SportRxiv",
}
_OSF_DOI = re.compile(r"^(10\.312(?:19|2\d|3\d))/osf\.io/", re.I)
# bioRxiv and medRxiv share Cold Spring Harbor's prefix 10.1101 (and openRxiv's
# 10.64898 since December 2025) with Cold Spring Harbor's journals (10.1101/gr.…):
# a preprint's suffix is a number, dated since December 2019. medRxiv's numbers
# have eight digits (2020.04.02.20051441), bioRxiv's six (2020.02.14.947127).
_RXIV_DOI = re.compile(r"^10\.(?:1101|64898)/(?:\d{4}\.\d{2}\.\d{2}\.)?(\d{6,8})(?:v\d+)?$")
# Zenodo (10.5281) is left out on purpose: most of its records are data, software,
# slides or posters, so its DOI alone does not make a publication a preprint.

# How venues name a preprint server: the name (after "Available at", as Google
# Scholar writes SSRN papers), words that say it is a preprint ("arXiv preprint",
# "arXiv e-prints", "SSRN Electronic Journal"), PubMed's ": the preprint server for
# biology", and an id ("arXiv:1901.09335 [cs.LG]", "CoRR, abs/1901.09335").
_VENUE_NAMES = (
    (r"arxiv|corr", "arXiv"),
    (r"biorxiv", "bioRxiv"),
    (r"medrxiv", "medRxiv"),
    (r"ssrn", "SSRN"),
    (r"research ?square", "Research Square"),
    (r"preprints\.org", "Preprints.org"),
    (r"chemrxiv", "ChemRxiv"),
    (r"techrxiv", "TechRxiv"),
    (r"osf", "OSF Preprints"),
    *((name.lower(), name) for name in (*_OSF_SERVERS.values(), "AfricArXiv", "EcoEvoRxiv",
                                        "EdArXiv") if name != "OSF Preprints"),
)  # fmt: skip
_SERVER_VENUE = re.compile(
    r"^(?:available at )?(?:"
    + "|".join(f"(?P<s{i}>{pattern})" for i, (pattern, _) in enumerate(_VENUE_NAMES))
    + r")(?: (?:preprints?|e-?prints|electronic journal|papers))?"
    r"(?: ?: the preprint server for [a-z]+(?: [a-z]+){0,3})?"
    r"(?: ?[,:]? ?(?:arxiv:|abs/)?(?=[\w./-]*\d)[\w./-]+(?: ?\[[\w.-]+\])?)?\.?$",
    re.I,
)
# A venue longer than this is a venue of its own, not a server's name.
_MAX_SERVER_VENUE = 120
_OSF_PROVIDERS = {name.lower(): name for name in _OSF_SERVERS.values()}


def doi_server(doi: str) -> str:
    """The preprint server whose DOI ``doi`` is, or ''."""
    doi = (doi or "").strip()
    prefix = doi.split("/", 1)[0]
    if prefix in _DOI_SERVERS:
        return _DOI_SERVERS[prefix]
    osf = _OSF_DOI.match(doi)
    if osf:
        return _OSF_SERVERS.get(osf.group(1), "OSF Preprints")
    rxiv = _RXIV_DOI.match(doi)
    if rxiv:
        return "medRxiv" if len(rxiv.group(1)) == 8 else "bioRxiv"
    return ""


def _url_server(url: str) -> str:
    kind = link_kind_of(url)
    if kind == Kind.DOI:
        return doi_server(doi_of(url))
    if kind == Kind.OSF:
        # osf.io/preprints/<service>/<id>; other OSF pages are projects and files.
        service = re.match(r"^https?://(?:www\.)?osf\.io/preprints/([a-z]+)/", url, re.I)
        return _OSF_PROVIDERS.get(service.group(1).lower(), "OSF Preprints") if service else ""
    return {
        Kind.ARXIV: "arXiv",
        Kind.BIORXIV: "bioRxiv",
        Kind.MEDRXIV: "medRxiv",
        Kind.SSRN: "SSRN",
    }.get(kind, "")


def preprint_server(venue: str = "", dois: Iterable[str] = (), urls: Iterable[str] = ()) -> str:
    """The display name of the preprint server a publication is on ("arXiv",
    "bioRxiv", "SSRN", "PsyArXiv"...), or '' if it is not a preprint.

    A venue that names a server says so ("arXiv preprint arXiv:1901.09335",
    "bioRxiv", "SSRN Electronic Journal", "OSF Preprints"); a venue that names
    anything else says it is not (a journal paper with an arXiv copy is the
    journal's). Without a venue, a server's DOI, then an address on a server
    (arXiv, bioRxiv, medRxiv, SSRN, OSF's preprints) names it."""
    venue = " ".join((venue or "").split())
    # An address for a venue, as a @misc's howpublished = {\url{...}} gives it.
    address = re.match(r"^<?(https?://[^\s<>]+)>?$", venue, re.I)
    if address:
        venue, urls = "", [address.group(1), *urls]
    if venue:
        named = len(venue) <= _MAX_SERVER_VENUE and _SERVER_VENUE.match(venue)
        if not named:
            return ""
        group = next(name for name, value in named.groupdict().items() if value)
        return _VENUE_NAMES[int(group[1:])][1]
    for doi in dois:
        if doi_server(doi):
            return doi_server(doi)
    for url in urls:
        if _url_server(url):
            return _url_server(url)
    return ""
