"""What a publication's links point to, read from their addresses and identifiers,
for every source of publications (the BibTeX import now; DOI, ORCID and PubMed
look-ups as they come) and for the admin."""

from .identifiers import (
    arxiv_id_in,
    arxiv_url,
    doi_in,
    doi_url,
    pmc_url,
    pmcid_in,
    pmid_in,
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
