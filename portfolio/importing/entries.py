"""The writer of the site's other entries: the profile, its links, positions and
awards, as a source that knows the person (ORCID) gives them, and the talks,
news, projects, courses and free pages of a site moving in from another theme.

Each becomes one outcome, as the pipeline's publications do: new, already here
(the same organisation and start, the same award and year, the same address,
the same title and date), changed, or skipped and why. Every row written or found keeps its origin
(``provenance``): read again, a field still as the source gave it follows the
source, a field edited here is kept, and a row deleted here is not made again.
The profile is the exception: a site has one, so it is made when missing and
otherwise only has its empty fields filled (and those it took from the
source before follow it).
"""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from portfolio.core.models import unique_slug
from portfolio.news.models import NewsItem
from portfolio.pages.models import Page
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Profile, ProfileLink
from portfolio.projects.models import Project
from portfolio.talks.models import Talk
from portfolio.teaching.models import Course

from . import provenance
from .files import attach
from .matching import normalise_title
from .outcomes import Action, Outcome
from .pipeline import problems_of
from .records import EntryRecord

MODELS = {
    "profile": Profile,
    "link": ProfileLink,
    "position": Position,
    "award": Award,
    "talk": Talk,
    "news": NewsItem,
    "project": Project,
    "course": Course,
    "page": Page,
}
# What makes a row of these the same as an entry when no origin says so: fields
# compared as they are, and one compared as a title.
SAME = {
    "talk": (("year",), "title"),
    "news": (("date",), "title"),
    "project": ((), "title"),
    "course": ((), "title"),
    "page": ((), "title"),
}
# A date range changes as one: a start from one side and an end from the other
# could make a range that ends before it starts.
DATES = ("start_year", "start_month", "end_year", "end_month", "is_current")


def as_followed(values: dict) -> dict:
    """``values`` with their dates as one value, "dates"."""
    dates = [values[name] for name in DATES if name in values]
    rest = {name: value for name, value in values.items() if name not in DATES}
    return {**rest, "dates": dates} if dates else rest


def from_followed(values: dict, fields: dict) -> dict:
    """The field values of ``values`` (as_followed), given the date fields present."""
    out = {name: value for name, value in values.items() if name != "dates"}
    if "dates" in values:
        out.update(zip([n for n in DATES if n in fields], values["dates"], strict=True))
    return out


def title_of(entry: EntryRecord) -> str:
    v = entry.values
    if entry.model == "position":
        return " ".join(p for p in (v.get("degree"), v.get("field")) if p) or v.get("role", "")
    if entry.model == "link":
        return v.get("label") or v["url"]
    return v.get("title") or v.get("name") or v.get("event", "")


def outcome_of(entry: EntryRecord, line: int) -> Outcome:
    v = entry.values
    return Outcome(
        entry.key,
        line,
        Action.CREATED,
        title=title_of(entry),
        kind=entry.label,
        year=v.get("start_year") or v.get("year") or getattr(v.get("date"), "year", None),
        venue=v.get("organisation") or v.get("giver") or v.get("event") or "",
    )


def clean_leaving_out(row, values: dict) -> list[str]:
    """Validate ``row``. A field of ``values`` that the model refuses and may leave
    empty is left empty instead, and named: an entry is not refused whole for
    one field it cannot use. A required field refused is the entry's error."""
    try:
        row.full_clean()
        return []
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        refused = error.message_dict
        fields = {name: row._meta.get_field(name) for name in refused if name in values}
        if set(fields) != set(refused) or not all(f.blank for f in fields.values()):
            raise
    for name, field in fields.items():
        setattr(row, name, None if field.null else field.get_default())
    row.full_clean()
    return [f"{name} left out: {' '.join(refused[name])}" for name in fields]


class EntryWriter:
    """Writes entries one at a time, each in a savepoint of its own: an entry
    the model refuses is that entry's error, and the others are still written."""

    def __init__(self, dry_run: bool = False):
        self.claimed: set[tuple[str, int]] = set()  # rows found or made by this import
        self.dry_run = dry_run  # files are checked, not stored

    def write(self, entries: list[EntryRecord], first_line: int = 1) -> list[Outcome]:
        outcomes = []
        keys: dict[str, list[str]] = {}
        for entry in entries:
            keys.setdefault(entry.model, []).append(entry.source_key)
        origins = {model: provenance.origins(MODELS[model], k) for model, k in keys.items()}
        for line, entry in enumerate(entries, start=first_line):
            outcome = outcome_of(entry, line)
            try:
                with transaction.atomic():
                    self.one(entry, origins[entry.model].get(entry.source_key), outcome)
            except (ValidationError, DatabaseError, ValueError) as error:
                outcome.action, outcome.entry = Action.ERROR, None
                outcome.message = "; ".join(problems_of(error))
            outcomes.append(outcome)
        return outcomes

    def one(self, entry: EntryRecord, origin, outcome: Outcome) -> None:
        model = MODELS[entry.model]
        if origin and origin.found is None:
            outcome.action = Action.SKIPPED
            outcome.message = "deleted here after an earlier import: not brought back"
            return
        row, before, why = (origin.found, origin.values, "") if origin else (None, None, "")
        dropped: list[str] = []
        if row is None:
            row, why = self.find(entry)
        if row is not None and (model._meta.label, row.pk) in self.claimed:
            outcome.action = Action.SKIPPED
            outcome.message = "the same as another entry of this import"
            return
        if row is None:
            row = model(**entry.values)
            if hasattr(row, "slug") and not row.slug:
                row.slug = unique_slug(model, title_of(entry))
            if entry.model == "link":
                profile = Profile.get_solo()
                if profile is None:
                    raise ValueError("there is no profile to add it to")
                row.profile = profile
                row.order = 1 + max((link.order for link in profile.links.all()), default=0)
            dropped = clean_leaving_out(row, entry.values)
            row.save()
        else:
            new = as_followed(entry.values)
            current = as_followed({name: getattr(row, name) for name in entry.values})
            write, changed, kept = provenance.follow(current, before, new)
            notes = [why or "already here, from an earlier import"]
            if write:
                written = from_followed(write, entry.values)
                for name, value in written.items():
                    setattr(row, name, value)
                dropped = clean_leaving_out(row, written)
                row.save()
                outcome.action = Action.UPDATED
                notes.append(f"{'filled' if before is None else 'changed'}: {', '.join(changed)}")
            else:
                outcome.action = Action.SKIPPED
            if kept:
                notes.append(f"kept as here: {', '.join(kept)}")
            outcome.message = "; ".join(notes)
        self.claimed.add((model._meta.label, row.pk))
        outcome.entry = row
        provenance.remember(row, entry.source, entry.source_key, entry.values)
        notes = [outcome.message] if outcome.message else []
        notes += dropped + self.extras(entry, row)
        outcome.message = "; ".join([*notes, *entry.notes])

    def extras(self, entry: EntryRecord, row) -> list[str]:
        """The topics, links and files of ``entry`` that ``row`` lacks, added."""
        notes = []
        if entry.topics:
            row.tags.add(*entry.topics)
        if entry.links:
            here = {(link.kind, link.url) for link in row.links.all()}
            order = len(here)
            for kind, url in entry.links:
                if (kind, url) not in here:
                    order += 1
                    link = row.links.model(
                        kind=kind, url=url, order=order, **{row.links.field.name: row}
                    )
                    link.full_clean()
                    link.save()
                    here.add((kind, url))
        if entry.files:
            alt = entry.values.get("image_alt") or title_of(entry)
            notes += attach(row, entry.files, alt=alt, dry_run=self.dry_run)
        return notes

    def find(self, entry: EntryRecord):
        """The row already here that ``entry`` is, with why it is, or (None, "")."""
        v = entry.values
        if entry.model == "profile":
            return Profile.get_solo(), "the site's profile"
        if entry.model == "link":
            profile = Profile.get_solo()
            links = list(profile.links.all()) if profile else []
            same = [link for link in links if link.url.rstrip("/") == v["url"].rstrip("/")]
            if not same and v["kind"] == ProfileLink.Kind.ORCID:
                same = [link for link in links if link.kind == ProfileLink.Kind.ORCID]
            return (same[0], "already here (same address)") if same else (None, "")
        if entry.model in SAME:
            fields, title = SAME[entry.model]
            model = MODELS[entry.model]
            candidates = model.objects.filter(**{name: v.get(name) for name in fields})
            name = normalise_title(title_of(entry))
            same = [row for row in candidates if normalise_title(getattr(row, title)) == name]
            why = "already here (same title)"
        elif entry.model == "position":
            candidates = Position.objects.filter(kind=v["kind"], start_year=v["start_year"])
            name = normalise_title(v["organisation"])
            same = [p for p in candidates if normalise_title(p.organisation) == name]
            why = "already here (same organisation and start)"
        else:
            candidates = Award.objects.filter(start_year=v["start_year"])
            name = normalise_title(v["title"])
            same = [a for a in candidates if normalise_title(a.title) == name]
            why = "already here (same award and year)"
        same = [row for row in same if (type(row)._meta.label, row.pk) not in self.claimed]
        return (same[0], why) if same else (None, "")
