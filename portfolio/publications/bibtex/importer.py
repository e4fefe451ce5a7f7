"""Importing BibTeX: parse, match, and write each entry atomically.

``import_bibtex(text, update=False, dry_run=False)`` returns one ``Outcome`` per
entry, in file order: created, updated, skipped (a duplicate), or an error that
names the entry's key and line. An entry in error writes nothing; the others
are still imported.
"""

import re
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from portfolio.core.models import unique_slug

from ..models import Authorship, Publication, PublicationLink
from .match import Catalogue
from .outcomes import Action, Deadline, Outcome
from .parsing import Entry, parse


def fill_publication(entry: Entry, publication: Publication, catalogue: Catalogue) -> Publication:
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


def import_bibtex(
    text: str, *, update: bool = False, dry_run: bool = False, seconds: float | None = None
) -> list[Outcome]:
    """Import every entry of ``text``; see the module docstring. With ``seconds``,
    raise TooSlow, having written nothing, when the import takes longer."""
    deadline = Deadline(seconds)
    entries, outcomes = parse(text, deadline)
    kinds = dict(Publication.Kind.choices)
    with transaction.atomic():
        catalogue = Catalogue()
        here = {author.pk for author in catalogue.authors}  # the people here before
        for number, entry in enumerate(entries):
            deadline.check(number, len(entries))
            match = catalogue.match(entry)
            outcome = Outcome(entry.key, entry.line, Action.CREATED, title=entry.title)
            outcome.kind, outcome.year = kinds.get(entry.kind, entry.kind), entry.year
            outcome.venue = entry.venue_short or entry.venue
            notes = []
            if entry.truncated_authors:
                notes.append('the author list ends with "and others": the named authors are kept')
            duplicate = match.publication
            if duplicate and (match.is_preprint or not update):
                outcome.action, outcome.publication = Action.SKIPPED, duplicate
                notes.append(f"already here (same {match.describe()}): {duplicate.title}")
                outcome.message = "; ".join(notes)
                outcomes.append(outcome)
                continue
            known_authors = len(catalogue.authors)
            try:
                with transaction.atomic():
                    publication = fill_publication(entry, duplicate or Publication(), catalogue)
                    publication.versions.add(*match.versions)
            except (ValidationError, DatabaseError, ValueError) as error:
                outcome.action = Action.ERROR
                notes += problems_of(error)
                # What the entry wrote was undone: the people it added are not here,
                # and the publication it updated is as it was.
                del catalogue.authors[known_authors:]
                if duplicate:
                    duplicate.refresh_from_db()
            else:
                catalogue.add(publication, imported=True)
                outcome.publication = publication
                outcome.authors = [
                    (person.name, person.pk not in here) for person in publication.imported_authors
                ]
                if duplicate:
                    outcome.action = Action.UPDATED
                    notes.append(f"matched by {match.describe()}")
                if match.versions:
                    titles = ", ".join(
                        f"{v.title} ({', '.join(filter(None, [v.venue_display, str(v.year)]))})"
                        for v in match.versions
                    )
                    notes.append(f"another version of {titles}")
            outcome.message = "; ".join(notes)
            outcomes.append(outcome)
        if dry_run:
            transaction.set_rollback(True)
    return sorted(outcomes, key=lambda o: o.line)


def summarise(outcomes: list[Outcome]) -> str:
    """'2 created, 1 updated, 0 skipped, 1 error'"""
    counts = {action: 0 for action in Action}
    for outcome in outcomes:
        counts[outcome.action] += 1
    errors = counts.pop(Action.ERROR)
    parts = [f"{n} {action}" for action, n in counts.items()]
    return ", ".join([*parts, f"{errors} error{'s' if errors != 1 else ''}"])
