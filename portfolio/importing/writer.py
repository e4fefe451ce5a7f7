"""The one writer: a record becomes a publication, with its people (each found or
made once by the matcher's catalogue), its links and its topics; and, for a
record read again from its source, what of it to write over the publication it
made before."""

import re
from dataclasses import replace

from portfolio.core.models import unique_slug
from portfolio.publications.models import Authorship, Publication, PublicationLink
from portfolio.publications.records import Record

from .matching import Catalogue
from .provenance import follow

# The fields of a publication a source gives, which follow the source while they
# are not edited here.
FOLLOWED = ("title", "kind", "year", "month", "venue", "abstract")


def publication_values(record: Record) -> dict:
    """What a record says of a publication, as its origin keeps it (JSON)."""
    return {
        **{name: getattr(record, name) for name in FOLLOWED},
        "authors": [list(name) for name in record.authors],
        "links": [[str(kind), url] for kind, url in record.links],
    }


def merge(record: Record, publication: Publication, before: dict) -> tuple[Record, list, list]:
    """The record to write over ``publication``, made from ``record`` by an earlier
    import that said ``before``: each field still as the source gave it takes the
    record's value, each edited here keeps its own. The authors follow when the
    people are those the import wrote; a link is added when the source names it
    for the first time. Returns (the record, the fields that change, the fields
    the source changed that are kept as edited here)."""
    current = {name: getattr(publication, name) for name in FOLLOWED}
    write, changed, kept = follow(current, before, {n: getattr(record, n) for n in FOLLOWED})
    merged = replace(record, **{**current, **write})
    authors = [list(name) for name in record.authors]
    ids = list(publication.authorships.order_by("position").values_list("author", flat=True))
    if authors == before.get("authors"):
        merged = replace(merged, authors=[], author_marks=[], author_orcids=[])
    elif ids == before.get("author_ids"):
        changed.append("authors")
    else:
        kept.append("authors")
        merged = replace(merged, authors=[], author_marks=[], author_orcids=[])
    here = {tuple(link) for link in publication.links.values_list("kind", "url")}
    said = {tuple(link) for link in before.get("links", [])}
    new_links = [
        (kind, url)
        for kind, url in record.links
        if (str(kind), url) not in said and (str(kind), url) not in here
    ]
    if new_links:
        changed.append("links")
    merged = replace(merged, links=new_links)
    return merged, changed, kept


def fill_publication(entry: Record, publication: Publication, catalogue: Catalogue) -> Publication:
    publication.title = entry.title
    publication.kind = entry.kind
    publication.year, publication.month = entry.year, entry.month
    publication.venue = entry.venue or publication.venue
    publication.venue_short = entry.venue_short or publication.venue_short
    publication.note = entry.note or publication.note
    publication.abstract = entry.abstract or publication.abstract
    publication.featured = publication.featured or entry.featured
    if not publication.slug:
        publication.slug = unique_slug(Publication, entry.title)
    # Keep the file's key unless it is unusable or another publication has it. Then
    # an updated publication keeps its own key, and a new one gets a key made from
    # the first author once the authors are saved.
    key_taken = Publication.objects.exclude(pk=publication.pk).filter(citation_key=entry.key)
    usable = (
        len(entry.key) <= Publication._meta.get_field("citation_key").max_length
        and re.fullmatch(r"[A-Za-z0-9_:.\-]+", entry.key)
        and not key_taken.exists()
    )
    make_key = not usable and not publication.citation_key
    if usable:
        publication.citation_key = entry.key
    elif make_key:
        publication.citation_key = ""
    publication.full_clean()
    publication.save()

    marks: dict = {}  # person -> (equal contribution, corresponding author), in order
    if (
        entry.truncated_authors
        and publication.pk
        and (publication.authorships.count() > len(entry.authors))
    ):
        # "and others" in the file: keep the complete list already here.
        entry = replace(entry, authors=[], author_marks=[])
    orcids = entry.author_orcids or [""] * len(entry.authors)
    for (given, family), (equal, corresponding), orcid in zip(
        entry.authors, entry.author_marks, orcids, strict=True
    ):
        person = catalogue.author(given, family, orcid)
        # A person listed twice is kept once, with the marks of both places.
        was_equal, was_corresponding = marks.get(person, (False, False))
        marks[person] = (was_equal or equal, was_corresponding or corresponding)
    if marks and not any(equal or corresponding for equal, corresponding in marks.values()):
        # A file without marks (most are) keeps those set here for the same people.
        here = {
            row.author_id: (row.equal_contribution, row.corresponding)
            for row in publication.authorships.all()
        }
        marks = {person: here.get(person.pk, (False, False)) for person in marks}
    people = list(marks)
    if people:
        publication.authorships.all().delete()
        rows = [
            Authorship(
                publication=publication,
                author=person,
                position=i,
                equal_contribution=equal,
                corresponding=corresponding,
            )
            for i, (person, (equal, corresponding)) in enumerate(marks.items(), start=1)
        ]
        for row in rows:
            # The publication was just saved and each person is here (the catalogue
            # forgets the people of an entry that failed), once, at a position of
            # their own: the rest of the admin's checks need no query.
            row.full_clean(
                exclude=["publication", "author"],
                validate_unique=False,
                validate_constraints=False,
            )
        Authorship.objects.bulk_create(rows)
    if make_key:
        publication.citation_key = publication.make_citation_key(people[0] if people else None)
        publication.full_clean()
        publication.save(update_fields=["citation_key"])

    existing = {(link.kind, link.url) for link in publication.links.all()}
    for order, (kind, url) in enumerate(entry.links, start=1):
        if (kind, url) not in existing:
            link = PublicationLink(publication=publication, kind=kind, url=url, order=order)
            link.full_clean()
            link.save()
    if entry.topics:
        publication.tags.add(*entry.topics)
    publication.imported_authors = people
    return publication
