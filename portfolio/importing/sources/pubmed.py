"""PubMed as a source: E-utilities' efetch answers with the PubMed XML of up to
200 articles a request.

Each article is a journal article: its title and abstract (inline HTML and
MathML flattened, a structured abstract's sections kept with their labels), its
journal and the journal's ISO abbreviation, the date of its issue, its authors
(a group author, such as a consortium, as one name) and its identifiers (PMID,
DOI, PMCID) as links. An id the answer lacks is that id's error.
"""

import re

from portfolio.publications.identifiers import doi_in, doi_url, pmc_url, pmcid_in, pubmed_url
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record

from .. import http
from ..markup import element_markup, inline_text, markdown_text, parse_xml

MAX_IDS = 200
LinkKind = PublicationLink.Kind
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# NLM adds a place or a year to tell journals of one name apart:
# "Journal of magnetic resonance (San Diego, Calif. : 1997)".
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def month_of(text: str) -> int | None:
    text = (text or "").strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return MONTHS.get(text[:3])


def date_of(article) -> tuple[int | None, int | None]:
    """(year, month) of the journal issue: Year and Month, or a MedlineDate
    ("1998 Dec-1999 Jan", "2000 Spring"); the electronic date when neither."""
    issue = article.find("Journal/JournalIssue/PubDate")
    if issue is not None:
        year = (issue.findtext("Year") or "").strip()
        if year.isdigit():
            return int(year), month_of(issue.findtext("Month") or "")
        medline = re.match(
            r"^\s*(\d{4})(?:\s+([A-Za-z]{3}))?", issue.findtext("MedlineDate") or ""
        )
        if medline:
            return int(medline.group(1)), month_of(medline.group(2) or "")
    online = article.find("ArticleDate")
    if online is not None and (online.findtext("Year") or "").strip().isdigit():
        return int(online.findtext("Year")), month_of(online.findtext("Month") or "")
    return None, None


def title_of(article) -> str:
    title = inline_text(element_markup(article.find("ArticleTitle")))
    if not title:
        # An article in another language whose English title is not known.
        title = inline_text(element_markup(article.find("VernacularTitle")))
    # PubMed ends every title with a full stop; a title that asks keeps its "?".
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def abstract_of(article) -> str:
    sections = []
    for part in article.findall("Abstract/AbstractText"):
        text = markdown_text(element_markup(part))
        label = (part.get("Label") or "").strip()
        if label and text:
            text = f"**{label.capitalize()}:** {text}"
        if text:
            sections.append(text)
    return "\n\n".join(sections)


def authors_of(article) -> tuple[list[tuple[str, str]], list[str]]:
    authors, orcids = [], []
    for author in article.findall("AuthorList/Author"):
        if author.get("ValidYN") == "N":
            continue  # an erroneous name the record keeps with its correction
        collective = " ".join(element_text(author.find("CollectiveName")).split())
        family = " ".join((author.findtext("LastName") or "").split())
        given = " ".join(
            (author.findtext("ForeName") or author.findtext("Initials") or "").split()
        )
        if not family:
            if not collective:
                continue
            given, family = "", collective
        suffix = (author.findtext("Suffix") or "").strip()
        if suffix:
            family = f"{family}, {suffix}"
        authors.append((given, family))
        orcid = next(
            (i.text or "" for i in author.findall("Identifier") if i.get("Source") == "ORCID"),
            "",
        )
        found = re.search(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\s*$", orcid)
        orcids.append(found.group(1) if found else "")
    return authors, orcids if any(orcids) else []


def element_text(element) -> str:
    return "".join(element.itertext()) if element is not None else ""


def links_of(pmid: str, article_ids) -> list[tuple[str, str]]:
    ids = {i.get("IdType"): (i.text or "").strip() for i in article_ids}
    links = []
    if doi_in(ids.get("doi", "")):
        links.append((LinkKind.DOI, doi_url(doi_in(ids["doi"]))))
    links.append((LinkKind.PUBMED, pubmed_url(pmid)))
    if pmcid_in(ids.get("pmc", "")):
        links.append((LinkKind.PMC, pmc_url(pmcid_in(ids["pmc"]))))
    return links


def record_of(article_set_item, pmid: str) -> Record:
    """The record of one PubmedArticle; ValueError if it has no title or year."""
    article = article_set_item.find("MedlineCitation/Article")
    if article is None:
        raise ValueError("no article")
    title = title_of(article)
    year, month = date_of(article)
    if not title or not year:
        raise ValueError("no title" if not title else "no year")
    journal = " ".join((article.findtext("Journal/Title") or "").split())
    authors, orcids = authors_of(article)
    return Record(
        key=pmid,
        line=0,
        title=title,
        kind=Publication.Kind.JOURNAL,
        year=year,
        month=month,
        venue=_QUALIFIER.sub("", journal) or journal,
        venue_short=" ".join((article.findtext("Journal/ISOAbbreviation") or "").split()),
        abstract=abstract_of(article),
        authors=authors,
        author_marks=[(False, False)] * len(authors),
        links=links_of(pmid, article_set_item.findall("PubmedData/ArticleIdList/ArticleId")),
        author_orcids=orcids,
    )


def fetch(pmids) -> tuple[list[Record], dict[str, http.ServiceError]]:
    """The records of the PubMed ids ``pmids`` (digits), keyed by PMID, in the
    order asked; and the error of each id that could not be fetched, by that id.
    NoContact propagates."""
    pmids = list(dict.fromkeys(str(p).strip() for p in pmids))
    found: dict[str, Record] = {}
    errors: dict[str, http.ServiceError] = {}
    for start in range(0, len(pmids), MAX_IDS):
        _fetch_batch(pmids[start : start + MAX_IDS], found, errors)
    return [found[p] for p in pmids if p in found], errors


def _fetch_batch(batch: list[str], found: dict, errors: dict) -> None:
    what = f"PMID {batch[0]}" if len(batch) == 1 else f"a batch of {len(batch)} PubMed ids"
    params = {"db": "pubmed", "id": ",".join(batch), "retmode": "xml"}
    try:
        answer = http.get("pubmed", "efetch.fcgi", params=params, accept="text/xml", what=what)
        root = parse_xml(answer.body, "PubMed", what)
    except http.NoContact:
        raise
    except http.ServiceError as error:
        for pmid in batch:
            errors[pmid] = (
                error if len(batch) == 1 else type(error)(f"PMID {pmid} was not fetched: {error}")
            )
        return
    articles = {}
    for item in root.findall("PubmedArticle"):
        pmid = (item.findtext("MedlineCitation/PMID") or "").strip()
        articles.setdefault(pmid, item)
    books = {
        (item.findtext("BookDocument/PMID") or "").strip()
        for item in root.findall("PubmedBookArticle")
    }
    for pmid in batch:
        if pmid in articles:
            try:
                found[pmid] = record_of(articles[pmid], pmid)
            except ValueError as error:
                errors[pmid] = http.BadResponse(f"PubMed's record of PMID {pmid} has {error}.")
        elif pmid in books:
            errors[pmid] = http.NotFound(
                f"PMID {pmid} is a book or a book chapter, which is not imported from PubMed; "
                "add it by its DOI or by hand."
            )
        else:
            errors[pmid] = http.NotFound(f"PubMed has no record of PMID {pmid}.")
