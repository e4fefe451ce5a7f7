"""What a publication's links point to, read from their addresses and identifiers,
for every source of publications (the BibTeX import now; DOI, ORCID and PubMed
look-ups as they come) and for the admin."""

import re
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
