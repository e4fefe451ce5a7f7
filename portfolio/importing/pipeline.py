"""The pipeline every import goes through: records in, one outcome each out.

``run(records)`` matches each record against what is here (one matcher), and
writes it (one writer) or says why not, all inside one transaction: with
``dry_run`` the transaction is rolled back, and the outcomes are the preview
(new, already here, changed, skipped and why). A record in error writes
nothing; the others are still imported.

A record with a ``source_key`` (a source read again, ORCID) leaves an origin on
the publication it is (``provenance``). Read again, it is that publication:
its fields still as the source gave them take the source's new values, fields
edited here are kept, and a publication deleted here is not made again.
"""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from portfolio.publications.models import Publication
from portfolio.publications.records import Record

from . import provenance
from .matching import Catalogue, Owner
from .outcomes import Action, Deadline, Match, MatchedBy, Outcome
from .writer import fill_publication, merge, publication_values


def problems_of(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [f"{name}: {' '.join(text)}" for name, text in error.message_dict.items()]
        return [" ".join(error.messages)]
    return [f"could not be saved: {(str(error).splitlines() or [type(error).__name__])[0]}"]


def run(
    records: list[Record],
    errors: list[Outcome] = (),
    *,
    update: bool = False,
    dry_run: bool = False,
    deadline: Deadline | None = None,
    owner: Owner | None = None,
) -> list[Outcome]:
    """One outcome per record, and the ``errors`` of records the source could not
    read, in the order of the source. ``owner`` says how to know the site's owner
    among the authors. See the module docstring."""
    deadline = deadline or Deadline(None)
    outcomes = list(errors)
    kinds = dict(Publication.Kind.choices)
    written: dict[str, Publication] = {}  # by record key, for ``version_of``
    with transaction.atomic():
        catalogue = Catalogue(owner)
        here = {author.pk for author in catalogue.authors}  # the people here before
        origins = provenance.origins(Publication, [r.source_key for r in records])
        for number, record in enumerate(records):
            deadline.check(number, len(records))
            outcome = Outcome(record.key, record.line, Action.CREATED, title=record.title)
            outcome.kind, outcome.year = kinds.get(record.kind, record.kind), record.year
            outcome.venue = record.venue_short or record.venue
            notes = list(record.notes)
            origin = origins.get(record.source_key)
            if origin and origin.found is None:
                outcome.action = Action.SKIPPED
                outcome.message = "deleted here after an earlier import: not brought back"
                outcomes.append(outcome)
                continue
            values = publication_values(record)
            if origin:
                match = Match(origin.found, MatchedBy.SOURCE)
                record, changed, kept = merge(record, origin.found, origin.values)
                values["author_ids"] = origin.values.get("author_ids")
                if kept:
                    notes.append(f"kept as edited here: {', '.join(kept)}")
                if not changed:
                    outcome.action, outcome.publication = Action.SKIPPED, origin.found
                    notes.insert(0, "already here, from an earlier import")
                    provenance.remember(origin.found, record.source, record.source_key, values)
                    outcome.message = "; ".join(notes)
                    outcomes.append(outcome)
                    written.setdefault(record.key, origin.found)
                    continue
                notes.append(f"changed on {record.source.upper()}: {', '.join(changed)}")
            else:
                match = catalogue.match(record)
            if record.truncated_authors:
                notes.append('the author list ends with "and others": the named authors are kept')
            duplicate = match.publication
            if duplicate and not origin and (match.is_preprint or not update):
                outcome.action, outcome.publication = Action.SKIPPED, duplicate
                notes.append(f"already here (same {match.describe()}): {duplicate.title}")
                if record.source_key and not match.is_preprint:
                    # Nothing was written: its authors are those of the site.
                    values["author_ids"] = None
                    provenance.remember(duplicate, record.source, record.source_key, values)
                outcome.message = "; ".join(notes)
                outcomes.append(outcome)
                written.setdefault(record.key, duplicate)
                continue
            versions = list(match.versions)
            if record.version_of in written and written[record.version_of] not in versions:
                versions.append(written[record.version_of])
            known_authors = len(catalogue.authors)
            try:
                with transaction.atomic():
                    publication = fill_publication(record, duplicate or Publication(), catalogue)
                    publication.versions.add(*versions)
                    if record.source_key:
                        if record.authors or "author_ids" not in values:
                            authors = publication.authorships.order_by("position")
                            values["author_ids"] = list(authors.values_list("author", flat=True))
                        provenance.remember(publication, record.source, record.source_key, values)
            except (ValidationError, DatabaseError, ValueError) as error:
                outcome.action = Action.ERROR
                notes += problems_of(error)
                # What the record wrote was undone: the people it added are not here,
                # and the publication it updated is as it was.
                del catalogue.authors[known_authors:]
                if duplicate:
                    duplicate.refresh_from_db()
            else:
                catalogue.add(publication, imported=True)
                written.setdefault(record.key, publication)
                outcome.publication = publication
                outcome.authors = [
                    (person.name, person.pk not in here) for person in publication.imported_authors
                ]
                if duplicate:
                    outcome.action = Action.UPDATED
                    if not origin:
                        notes.append(f"matched by {match.describe()}")
                if versions:
                    titles = ", ".join(
                        f"{v.title} ({', '.join(filter(None, [v.venue_display, str(v.year)]))})"
                        for v in versions
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
