"""The one rule for each identifier a publication carries: arXiv ids and DOIs.

The models, the BibTeX importer and the exports all read identifiers through
these functions, so an id one of them accepts the others accept too.
"""

import re

# An arXiv identifier: new style (1412.6622) or old style (math.GT/0309136,
# hep-th/9901001): an archive, an optional subject class, and seven digits.
ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[a-z]{2})?/\d{7})"
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/{ARXIV_ID}(?:v\d+)?(?:\.pdf)?/?$",
    re.I,
)
# As a BibTeX eprint or a Google Scholar venue writes it: "arXiv:1901.09335v2".
_ARXIV_PLAIN = re.compile(rf"^(?:arxiv:\s*)?{ARXIV_ID}(?:v\d+)?$", re.I)
# A DOI, without the characters that a URL or a BibTeX field cannot hold as they are.
DOI = r"(10\.\d{4,9}/[^\s{}\\\"<>]+)"
_DOI_URL = re.compile(rf"^https?://(?:dx\.)?doi\.org/{DOI}$", re.I)
_DOI_IN_TEXT = re.compile(rf"{DOI}$")


def arxiv_id_of(url: str) -> str:
    """The id an arXiv abstract or PDF address names, or ''."""
    match = _ARXIV_URL.match(url or "")
    return match.group(1) if match else ""


def arxiv_id_in(text: str) -> str:
    """The id written plainly ("1901.09335", "arXiv:math.GT/0309136v1"), or ''."""
    match = _ARXIV_PLAIN.match((text or "").strip())
    return match.group(1) if match else ""


def arxiv_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


# A PubMed id: a positive number of up to nine digits (some 40 million so far).
PMID = r"([1-9]\d{0,8})"
_PMID_URL = re.compile(
    rf"^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/){PMID}/?$",
    re.I,
)
_PMID_PLAIN = re.compile(rf"^(?:pmid:?\s*)?{PMID}$", re.I)
# A PubMed Central id: "PMC" and a number, written "PMC1234567" wherever it is kept.
_PMCID = r"pmc\s*([1-9]\d{0,9})"
_PMCID_URL = re.compile(
    r"^https?://(?:pmc\.ncbi\.nlm\.nih\.gov/articles/|(?:www\.)?ncbi\.nlm\.nih\.gov/pmc/articles/)"
    r"pmc([1-9]\d{0,9})/?$",
    re.I,
)
_PMCID_PLAIN = re.compile(rf"^(?:pmcid:?\s*)?{_PMCID}$", re.I)


def pmid_of(url: str) -> str:
    """The PubMed id a PubMed address names (pubmed.ncbi.nlm.nih.gov/123/ or the
    older www.ncbi.nlm.nih.gov/pubmed/123), or ''."""
    match = _PMID_URL.match(url or "")
    return match.group(1) if match else ""


def pmid_in(text: str) -> str:
    """The PubMed id written plainly ("31452104", "PMID: 31452104"), or ''."""
    match = _PMID_PLAIN.match((text or "").strip())
    return match.group(1) if match else ""


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def pmcid_of(url: str) -> str:
    """The PMCID ("PMC1234567") a PubMed Central article address names, at
    pmc.ncbi.nlm.nih.gov or at its former www.ncbi.nlm.nih.gov/pmc, or ''."""
    match = _PMCID_URL.match(url or "")
    return f"PMC{match.group(1)}" if match else ""


def pmcid_in(text: str) -> str:
    """The PMCID written plainly ("PMC1234567", "pmc 1234567", "PMCID: PMC1234567"),
    as "PMC1234567", or ''."""
    match = _PMCID_PLAIN.match((text or "").strip())
    return f"PMC{match.group(1)}" if match else ""


def pmc_url(pmcid: str) -> str:
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"


def doi_of(url: str) -> str:
    """The DOI a doi.org address names, or ''."""
    match = _DOI_URL.match(url or "")
    return match.group(1) if match else ""


def doi_in(text: str) -> str:
    """The DOI at the end of a BibTeX doi field ("10.1/x", "doi:10.1/x",
    "https://doi.org/10.1/x"), or ''."""
    match = _DOI_IN_TEXT.search((text or "").strip())
    return match.group(1) if match else ""


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


# ORCID iDs: a person's identifier, 0000-0002-1825-0097, whose last character
# (a digit or X) is a checksum of the others (ISO 7064 MOD 11-2).
ORCID_ID = r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])"
_ORCID = re.compile(rf"^(?:(?:https?://)?(?:www\.)?orcid\.org/)?{ORCID_ID}/?$", re.I)


def orcid_checksum(digits: str) -> str:
    """The check character of an ORCID iD's first fifteen digits."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def is_orcid(orcid: str) -> bool:
    """Whether ``orcid`` is an ORCID iD as written plainly, its checksum right."""
    if not re.fullmatch(ORCID_ID, orcid or ""):
        return False
    digits = orcid.replace("-", "")
    return orcid_checksum(digits[:-1]) == digits[-1]


def orcid_in(text: str) -> str:
    """The ORCID iD written plainly ("0000-0002-1825-0097") or as its address
    ("https://orcid.org/0000-0002-1825-0097"), or '' (a checksum that does not
    match is no iD)."""
    match = _ORCID.match((text or "").strip())
    orcid = match.group(1).upper() if match else ""
    return orcid if is_orcid(orcid) else ""


def orcid_url(orcid: str) -> str:
    return f"https://orcid.org/{orcid}"
