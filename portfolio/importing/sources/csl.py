"""CSL-JSON as a source: one item (as doi.org answers for Crossref and DataCite
DOIs, and as Zotero and other reference managers export) made into a record.

CSL-JSON is loose in practice: a title or a container title may be a string or a
list, dates are ``date-parts`` of numbers or strings, types come in CSL's names
(``article-journal``) and in Crossref's (``journal-article``). Whatever a field
holds that is not what CSL says is read as absent, so that one odd item is at
worst that item's error.
"""

import json
import re

from portfolio.core.tags import clean_topics
from portfolio.publications.identifiers import doi_in, doi_of, doi_url
from portfolio.publications.links import identifier_link, link_kind_of, preprint_server
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record

from ..markup import inline_text, markdown_text
from ..outcomes import Action, Deadline, Outcome

Kind = Publication.Kind
LinkKind = PublicationLink.Kind


class IncompleteItem(ValueError):
    """The item lacks what a publication needs (a title, a year)."""


# CSL's types, and Crossref's where they differ, to the kinds of publication.
KINDS = {
    "article-journal": Kind.JOURNAL,
    "journal-article": Kind.JOURNAL,
    "paper-conference": Kind.CONFERENCE,
    "proceedings-article": Kind.CONFERENCE,
    "chapter": Kind.CHAPTER,
    "book-chapter": Kind.CHAPTER,
    "book-section": Kind.CHAPTER,
    "book": Kind.BOOK,
    "monograph": Kind.BOOK,
    "edited-book": Kind.BOOK,
    "thesis": Kind.THESIS,
    "dissertation": Kind.THESIS,
}
# The dates a year may come from, in order: when it was issued first (Crossref's
# "issued" is the earlier of print and online), "created" (when the DOI was
# registered) last.
DATES = ("issued", "published-print", "published-online", "posted", "created")


def text_of(value) -> str:
    """A CSL string field, which some exports write as a list of one string."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def date_of(item: dict) -> tuple[int | None, int | None]:
    """(year, month) of the first date the item has; month is None when unknown."""
    for name in DATES:
        date = item.get(name)
        if not isinstance(date, dict):
            continue
        parts = date.get("date-parts")
        first = parts[0] if isinstance(parts, list) and parts else None
        if isinstance(first, list) and first:
            year = _number(first[0])
            month = _number(first[1]) if len(first) > 1 else None
        else:
            # A date written as text: "2017", "2017-05-03".
            found = re.match(r"^\s*(\d{4})(?:-(\d{1,2}))?", text_of(date.get("raw")))
            year = int(found.group(1)) if found else None
            month = int(found.group(2)) if found and found.group(2) else None
        if year and 1000 <= year <= 9999:
            return year, month if month and 1 <= month <= 12 else None
    return None, None


def _number(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def orcid_of(value) -> str:
    """The bare iD of "http://orcid.org/0000-0001-5503-7888", or ''."""
    found = re.search(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\s*$", text_of(value))
    return found.group(1) if found else ""


def authors_of(item: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """(given, family) of each author in order, and their ORCID iDs ('' where
    none; an empty list when no author has one)."""
    authors, orcids = [], []
    people = item.get("author")
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        family = " ".join(
            filter(
                None, (text_of(person.get("non-dropping-particle")), text_of(person.get("family")))
            )
        )
        given = " ".join(
            filter(None, (text_of(person.get("given")), text_of(person.get("dropping-particle"))))
        )
        if not family:
            # A name CSL could not split (an organisation, a consortium): kept whole.
            family, given = text_of(person.get("literal")) or given, ""
        if not family:
            continue
        if text_of(person.get("suffix")):
            family = f"{family}, {text_of(person.get('suffix'))}"
        authors.append((given, family))
        orcids.append(orcid_of(person.get("ORCID")))
    return authors, orcids if any(orcids) else []


def links_of(item: dict) -> list[tuple[str, str]]:
    links = []
    doi = doi_in(text_of(item.get("DOI")))
    if doi:
        links.append((LinkKind.DOI, doi_url(doi)))
    for name in ("PMID", "PMCID"):
        link = identifier_link(name.lower(), text_of(item.get(name)))
        if link:
            links.append(link)
    url = text_of(item.get("URL"))
    # Crossref's URL is the DOI's own address again (http://dx.doi.org/...).
    if re.match(r"^https?://", url, re.I) and not doi_of(url):
        kind = link_kind_of(url)
        if kind not in _ONE_EACH or all(k != kind for k, _ in links):
            links.append((kind, url))
    return links


# The kinds of link that name the publication's own identifier: one of each.
_ONE_EACH = {LinkKind.ARXIV, LinkKind.DOI, LinkKind.PUBMED, LinkKind.PMC}


def server_of(item: dict, links: list[tuple[str, str]]) -> str:
    """The preprint server the item is on, or ''."""
    dois = [doi_of(url) for kind, url in links if kind == LinkKind.DOI]
    urls = [url for _, url in links]
    named = [
        text_of(item.get("container-title")),
        text_of(item.get("publisher")),
        *(text_of(i.get("name")) for i in item.get("institution") or [] if isinstance(i, dict)),
    ]
    for name in named:
        if name and preprint_server(name):
            return preprint_server(name)
    return preprint_server("", dois, urls)


def kind_of(item: dict, server: str, venue: str) -> str:
    kind_name = text_of(item.get("type")).lower()
    genre = text_of(item.get("genre")).lower() or text_of(item.get("subtype")).lower()
    if server or (kind_name in {"posted-content", "article"} and genre == "preprint"):
        return Kind.PREPRINT
    kind = KINDS.get(kind_name, Kind.OTHER)
    if kind == Kind.CONFERENCE and "workshop" in venue.lower():
        return Kind.WORKSHOP
    if kind == Kind.JOURNAL and not venue:
        # DataCite calls much of what repositories hold "article-journal": a
        # journal article without a journal is something else.
        return Kind.OTHER
    return kind


class UnreadableItem(IncompleteItem):
    """A field of the item is not of the type CSL-JSON gives it."""


def record_from_csl(item: dict, key: str, line: int) -> Record:
    """The record of one CSL-JSON item, named ``key`` (the DOI it was fetched
    for, an item's id in a file) at ``line``. An item without a title or a year
    raises IncompleteItem, naming ``key``; one whose fields are not of CSL-JSON's
    types, UnreadableItem."""
    try:
        return _record_from_csl(item, key, line)
    except IncompleteItem:
        raise
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as error:
        raise UnreadableItem(
            f"{key}: a field of its CSL-JSON is not of the type CSL-JSON gives it, and it "
            f"could not be read ({type(error).__name__}: {error})"
        ) from None


def _record_from_csl(item: dict, key: str, line: int) -> Record:
    if not isinstance(item, dict):
        raise IncompleteItem(f"{key}: not a CSL-JSON item")
    title = inline_text(text_of(item.get("title")))
    if not title:
        raise IncompleteItem(f"{key} has no title")
    year, month = date_of(item)
    if not year:
        raise IncompleteItem(f"{key} has no year (none of its dates: {', '.join(DATES)})")
    # What this site writes under "custom" (publications/csl.py) is taken as it is:
    # its links are all the links, "URL" was made from them or is the old page.
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
    links = custom_links(custom) if custom_kind(custom) else links_of(item)
    server = server_of(item, links)
    venue = inline_text(text_of(item.get("container-title")))
    venue_short = inline_text(
        text_of(item.get("container-title-short"))
        or text_of(item.get("short-container-title"))
        or text_of(item.get("journalAbbreviation"))
    )
    kind = custom_kind(custom) or kind_of(item, server, venue)
    if kind == Kind.PREPRINT and not custom_kind(custom):
        # The server is the venue ("bioRxiv", "arXiv"), as the BibTeX import has it.
        venue = "" if preprint_server(venue) else venue
        venue_short = server or venue_short
    elif kind == Kind.BOOK:
        # A book's venue is its publisher; a book's container title is its series.
        venue = inline_text(text_of(item.get("publisher"))) or venue
    elif not venue and (kind in {Kind.THESIS, Kind.OTHER} or custom_kind(custom)):
        # Where a thesis was defended, where a dataset or a blog post is kept.
        institutions = item.get("institution")
        first = institutions[0] if isinstance(institutions, list) and institutions else {}
        venue = text_of(first.get("name") if isinstance(first, dict) else "") or text_of(
            item.get("publisher")
        )
    authors, orcids = authors_of(item)
    note = text_of(custom.get("note"))[: Publication._meta.get_field("note").max_length]
    keywords = item.get("keyword")
    if isinstance(keywords, str):
        keywords = re.split(r"[,;]", keywords)
    return Record(
        key=key,
        line=line,
        title=title,
        kind=kind,
        year=year,
        month=month,
        venue=venue,
        venue_short=venue_short,
        # This site's abstract is Markdown already; elsewhere it is often JATS or HTML.
        abstract=text_of(item.get("abstract"))
        if custom_kind(custom)
        else markdown_text(text_of(item.get("abstract"))),
        note=note,
        authors=authors,
        author_marks=custom_marks(custom, len(authors)),
        links=links,
        topics=clean_topics(keywords or []),
        author_orcids=orcids,
    )


def custom_kind(custom: dict) -> str:
    kind = custom.get("kind")
    return kind if kind in Kind.values else ""


def custom_links(custom: dict) -> list[tuple[str, str]]:
    """The typed links of ``custom``, those of a known kind with a web address."""
    links = custom.get("links")
    return [
        (link["kind"], link["url"].strip())
        for link in (links if isinstance(links, list) else [])
        if isinstance(link, dict)
        and link.get("kind") in LinkKind.values
        and isinstance(link.get("url"), str)
        and re.match(r"^https?://\S+$", link["url"].strip(), re.I)
    ]


def custom_marks(custom: dict, count: int) -> list[tuple[bool, bool]]:
    """(equal contribution, corresponding) of each author, from the places (from
    1) that ``custom`` lists."""

    def places(name: str) -> set:
        value = custom.get(name)
        return {n for n in value if isinstance(n, int)} if isinstance(value, list) else set()

    equal, corresponding = places("equal-contribution"), places("corresponding")
    return [(n in equal, n in corresponding) for n in range(1, count + 1)]


NO_ITEMS = "No CSL-JSON items found: a CSL-JSON file is a list of items, [{...}, ...]"


def read_items(text: str) -> list:
    """The items of a CSL-JSON file (a list of items, or one item); ValueError,
    saying where, when the text is not JSON."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise ValueError(
            f"This is not JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    return data if isinstance(data, list) else [data]


def parse(text: str, deadline: Deadline | None = None) -> tuple[list[Record], list[Outcome]]:
    """The items of a CSL-JSON file that could be read, and an error for each
    that could not, named by its place in the list (item 1 is the first)."""
    deadline = deadline or Deadline(None)
    items = read_items(text)
    records, errors = [], []
    for number, item in enumerate(items, start=1):
        deadline.check(number - 1, len(items))
        # A citation key becomes the publication's; an item without one is named
        # by its place, and gets a key made here.
        key = f"item {number}"
        if isinstance(item, dict):
            key = text_of(item.get("citation-key")) or key
        try:
            records.append(record_from_csl(item, key, number))
        except IncompleteItem as error:
            errors.append(Outcome(key, number, Action.ERROR, message=str(error)))
    return records, errors
