"""The one writer: a record becomes a publication, with its people (each found or
made once by the matcher's catalogue), its links and its topics."""

import re
from dataclasses import replace

from django.core.exceptions import ValidationError

from portfolio.core.models import unique_slug
from portfolio.publications.models import Authorship, Publication, PublicationLink

from .matching import Catalogue
from .records import Record


def fill_publication(entry: Record, publication: Publication, catalogue: Catalogue) -> Publication:
    publication.title = entry.title
    publication.kind = entry.kind
    publication.year, publication.month = entry.year, entry.month
    publication.venue = entry.venue or publication.venue
    publication.venue_short = entry.venue_short or publication.venue_short
    publication.note = entry.note or publication.note
    publication.abstract = entry.abstract or publication.abstract
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
    for (given, family), (equal, corresponding) in zip(
        entry.authors, entry.author_marks, strict=True
    ):
        person = catalogue.author(given, family)
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


def problems_of(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [f"{name}: {' '.join(text)}" for name, text in error.message_dict.items()]
        return [" ".join(error.messages)]
    return [f"could not be saved: {(str(error).splitlines() or [type(error).__name__])[0]}"]
