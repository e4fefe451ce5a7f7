"""The people of a Hugo Blox site: the owner's profile, in each of the theme's
forms (``content/author/admin/_index.md`` until 2019, ``content/authors/admin/
_index.md``, ``data/authors/<slug>.yaml`` since 2025), with its links,
education, work and awards; the other authors, whose names the pages' author
lists use; and, with no profile at all, the site's name from its settings."""

import posixpath
import re
from functools import partial

from portfolio.positions.models import Position
from portfolio.profile.models import ProfileLink

from ...outcomes import Action, Outcome
from ...records import EntryRecord
from ..orcid import profile_link_kind, split_name
from .hugoblox_fields import (
    IMAGE_SUFFIXES,
    Fields,
    Refused,
    body_of,
    is_web,
    items,
    markdown,
    plain,
    strings,
    table,
    text,
    valid_email,
    year_month,
)
from .repository import Repository, SiteData, UnsafePath, Unused, cut

SOURCE = "site"
SETTINGS_FILES = [
    f"{folder}{name}.{suffix}"
    for folder in ("config/_default/", "")
    for name in ("hugo", "config")
    for suffix in ("yaml", "toml")
]
AUTHOR_FOLDERS = ("content/authors", "content/author")
# The fields of an author's profile that have no place here.
PROFILE_REASONS = {
    "superuser": "marks the owner among the authors",
    "is_owner": "marks the owner among the authors",
    "highlight_name": "the owner is marked in author lists here",
    "user_groups": "the site has no groups of people",
    "status": "an emoji shown beside the photo",
    "pronouns": "the profile has no pronouns",
    "name_pronunciation": "the profile has no pronunciation of the name",
    "postnominals": "the profile's name has no letters after it",
    "schema": "the file's own version",
    "slug": "the author's user name",
    "authors": "the author's user name",
    "ids": "identifiers of the author: add them as profile links",
    "skills": "skills are entered in the admin (Profile → Skills)",
    "languages": "languages are entered in the admin (Profile → Languages)",
    "graduation_year": "the site has no groups of people",
}


def degree_and_field(value: str, path: str, where: str, unused: list) -> tuple[str, str]:
    """ "PhD in Artificial Intelligence" is ("PhD", "Artificial Intelligence"), and
    so is "PhD Artificial Intelligence"; what cannot be split is the degree."""
    if " in " in value:
        degree, field = value.split(" in ", 1)
    else:
        first, _, rest = value.partition(" ")
        short = len(first) <= 8 and (sum(c.isupper() for c in first) >= 2 or "." in first)
        degree, field = (first, rest) if short and rest else (value, "")
    return (
        cut(degree.strip(), 100, path, f"{where}.degree", unused),
        cut(field.strip(), 200, path, f"{where}.field", unused),
    )


class People:
    """The reading of a checkout, as far as its people: what it yields, and the
    names of the people its pages name."""

    def __init__(self, repo: Repository, theme: str):
        self.repo = repo
        self.data = SiteData(theme)
        # (given, family) of each author with a profile, by user name (lower case):
        # a page's ``authors`` names them so.
        self.people: dict[str, tuple[str, str]] = {}
        self.owner: tuple[str, str] | None = None
        self.profile: EntryRecord | None = None

    # What a reading yields ---------------------------------------------------------

    def guarded(self, path: str, read_page) -> None:
        """``read_page(path)``; a page that cannot be read is its own error only."""
        try:
            read_page(path)
        except (UnsafePath, Refused) as problem:
            self.error(path, str(problem).removeprefix(f"{path}: "))
        except (TypeError, ValueError, AttributeError, KeyError) as problem:
            # Whatever else a strange page triggers is that page's problem only.
            self.error(path, f"could not be read ({type(problem).__name__}: {problem})")

    def error(self, path: str, message: str) -> None:
        self.data.errors.append(Outcome(key=path, line=0, action=Action.ERROR, message=message))

    def entry(self, model: str, label: str, path: str, values: dict, suffix="", **extra):
        key = f"{path} {suffix}" if suffix else path
        source_key = f"site:{path}#{suffix}" if suffix else f"site:{path}"
        record = EntryRecord(model, key, label, SOURCE, source_key, values, **extra)
        self.data.entries.append(record)
        return record

    def leave_file(self, path: str, reason: str) -> None:
        self.data.unused.append(Unused(path, reason))
        self.repo.mark_used(path)

    # The people ----------------------------------------------------------------

    def read_authors(self) -> None:
        """The owner's profile, and the names of the other authors pages name."""
        found = []  # (user name, path, front matter or data, body, marked as the owner)
        for path in self.repo.glob("data/authors", (".yaml", ".yml", ".toml", ".json")):
            try:
                meta = self.repo.data(path)
                if not isinstance(meta, dict):
                    raise Refused("an author's file is a set of fields (name, role, bio…)")
            except (UnsafePath, Refused) as problem:
                self.error(path, str(problem).removeprefix(f"{path}: "))
                continue
            except ValueError as problem:  # YAML's own checks: a date that is no date
                self.error(path, f"cannot be read ({problem})")
                continue
            slug = text(meta.get("slug")) or posixpath.splitext(posixpath.basename(path))[0]
            found.append((slug, path, meta, "", bool(meta.get("is_owner"))))
        for folder in AUTHOR_FOLDERS:
            for path in self.repo.glob(folder, ("/_index.md",)):
                if path == f"{folder}/_index.md":
                    self.leave_file(path, "the list page of the authors: not content")
                    continue
                try:
                    meta, body = self.repo.page(path)
                except UnsafePath as problem:
                    self.error(path, str(problem).removeprefix(f"{path}: "))
                    continue
                except ValueError as problem:  # YAML's own checks: a date that is no date
                    self.error(path, f"cannot be read ({problem})")
                    continue
                slug = posixpath.basename(posixpath.dirname(path))
                found.append((slug, path, meta, body, bool(meta.get("superuser"))))
        owner = (
            next((f for f in found if f[4]), None)
            or next((f for f in found if f[0] in ("admin", "me")), None)
            or (found[0] if len(found) == 1 else None)
        )
        for slug, path, meta, body, _ in found:
            if owner and path == owner[1]:
                self.guarded(path, partial(self.owner_profile, slug=slug, meta=meta, body=body))
                continue
            name, _ = self.name_of(meta, path)
            if name:
                self.people[slug.lower()] = self.as_author(meta, name)
            self.data.unused.append(
                Unused(path, "another author's profile: only the name is kept, for author lists")
            )
            if posixpath.basename(path) == "_index.md":
                for other in self.repo.glob(posixpath.dirname(path), IMAGE_SUFFIXES):
                    self.leave_file(other, "another author's photo")

    @staticmethod
    def name_of(meta: dict, path: str) -> tuple[str, list[Unused]]:
        """The name a profile shows, without an honorific ("Dr.", "Prof.") that
        author lists do not write."""
        name = meta.get("name")
        shown = text(table(name).get("display")) or text(name) or text(meta.get("title"))
        bare = re.sub(r"^(?:dr|prof|professor|mr|mrs|ms|mx)\.?\s+", "", shown, flags=re.I)
        if bare == shown:
            return shown, []
        why = f"{shown!r}: the title is left out of the name, as author lists write it"
        return bare, [Unused(path, why, "name.display" if isinstance(name, dict) else "name")]

    @staticmethod
    def given_family(meta: dict) -> tuple[str, str]:
        parts = table(meta.get("name"))
        given = text(parts.get("given")) or text(meta.get("first_name"))
        return given, text(parts.get("family")) or text(meta.get("last_name"))

    def as_author(self, meta: dict, name: str) -> tuple[str, str]:
        """(given, family) of a profile as author lists write it: its given and
        family names where they spell its name (the site knows its owner among
        authors by the name), else its name split."""
        given, family = self.given_family(meta)
        squash = re.compile(r"\W")
        if (
            family
            and squash.sub("", f"{given}{family}").casefold() == squash.sub("", name).casefold()
        ):
            return given, family
        return split_name(name)

    def owner_profile(self, path: str, slug: str, meta: dict, body: str) -> None:
        fields = Fields(meta, path)
        name, fields.unused = self.name_of(meta, path)
        fields.get("name", "title", "first_name", "last_name")
        if not name:
            raise Refused("the owner's profile has no name (title, or name.display)")
        self.owner = self.as_author(meta, name)
        self.people[slug.lower()] = self.owner
        given, family = self.given_family(meta)
        if family and (given, family) != self.owner:
            where = "name" if isinstance(meta.get("name"), dict) else "first_name"
            why = f"{given} {family} does not spell the name shown ({name}), which is kept"
            fields.unused.append(Unused(path, why, where))
        for part, value in table(meta.get("name")).items():
            if part not in ("display", "given", "family"):
                fields.leave(f"name.{part}", "the profile has no such part of the name", value)
        role = plain(fields.get("role"))
        organisations = items(fields.get("organizations", "affiliations"))
        names = [plain(o.get("name")) for o in organisations if plain(o.get("name"))]
        names = [n for n in names if n.casefold() not in role.casefold()]
        if any(text(o.get("url")) for o in organisations):
            where = "organizations" if "organizations" in meta else "affiliations"
            fields.unused.append(Unused(path, "the organisations' addresses", where))
        short = markdown(fields.get("bio"))
        long = body_of(body, path, fields.unused)
        if long and short:
            fields.leave("bio", "the short bio shown under posts: the page's biography is kept")
        email = text(fields.get("email"))
        if email and not valid_email(email):
            fields.leave("email", "not an email address")
            email = ""
        values = {
            "name": cut(name, 200, path, "name", fields.unused),
            "headline": cut(
                ", ".join(filter(None, [role, *names])), 200, path, "role", fields.unused
            ),
            "bio": long or short,
            "interests": ", ".join(strings(fields.get("interests"))),
            "email": email,
        }
        photo = self.avatar(path, slug)
        files = {"photo": self.repo.file(photo)} if photo else {}
        values = {key: value for key, value in values.items() if value}
        self.profile = self.entry("profile", "Profile", path, values, files=files)
        self.profile_links(fields)
        self.cv_items(fields)
        fields.rest(PROFILE_REASONS)
        self.data.unused += fields.unused

    def avatar(self, path: str, slug: str) -> str:
        """The owner's photo: avatar.* beside the profile page, or (since 2025)
        assets/media/authors/<slug>.*"""
        if posixpath.basename(path) == "_index.md":
            places = [f"{posixpath.dirname(path)}/avatar{s}" for s in IMAGE_SUFFIXES]
        else:
            places = [f"assets/media/authors/{slug}{s}" for s in IMAGE_SUFFIXES]
        return next((p for p in places if self.repo.exists(p)), "")

    def profile_links(self, fields: Fields) -> None:
        """The profile's links: ``social`` until 2023, ``profiles``, then ``links``."""
        name = next((n for n in ("links", "profiles", "social") if n in fields.meta), "links")
        for number, item in enumerate(items(fields.get("links", "profiles", "social")), start=1):
            url, where = text(item.get("url") or item.get("link")), f"{name}[{number}]"
            if url.lower().startswith("mailto:"):
                self.email(url[7:].split("?")[0], fields.path, where)
                continue
            if not is_web(url):
                fields.leave(where, "not a web address (a place in the old site)", url)
                continue
            kind = profile_link_kind(url)
            label = text(item.get("label"))
            if kind == ProfileLink.Kind.OTHER:
                # The icon names the service ("brands/instagram") where no label does.
                label = label or text(item.get("icon")).split("/")[-1].replace("-", " ").title()
            elif label:
                fields.leave(
                    f"{where}.label", "a link of a known kind is named by its kind", label
                )
                label = ""
            link = {"kind": kind, "label": label[:100], "url": url}
            self.entry("link", "Profile link", fields.path, link, f"links/{number}")

    def email(self, address: str, path: str, where: str) -> None:
        """An email address the old site showed: the profile's, if it has none."""
        values = self.profile.values if self.profile else {}
        if self.profile and not values.get("email") and valid_email(address):
            values["email"] = address
        elif address != values.get("email"):
            why = "a second email address: the profile has one" if values else "no profile"
            self.data.unused.append(Unused(path, why, where))

    def cv_items(self, fields: Fields) -> None:
        """The profile's education, experience (``work`` until 2025) and awards."""
        path = fields.path
        education = fields.get("education")
        if isinstance(education, dict):  # Academic: education: {courses: [...]}
            education = education.get("courses")
        for number, item in enumerate(items(education), start=1):
            self.position(path, f"education/{number}", item, Position.Kind.EDUCATION)
        for name in ("experience", "work"):
            for number, item in enumerate(items(fields.get(name)), start=1):
                self.position(path, f"{name}/{number}", item, Position.Kind.EMPLOYMENT)
        for number, item in enumerate(items(fields.get("awards")), start=1):
            self.award(path, f"awards/{number}", item)

    def position(self, path: str, key: str, item: dict, kind: str) -> None:
        """A position, as the profile's education and work, the home page's
        experience block and the experience widget write it."""
        where = re.sub(r"/(\d+)", r"[\1]", key).replace("/", ".")
        unused: list[Unused] = []
        organisation = plain(
            item.get("company")
            or item.get("company_name")
            or item.get("org")
            or item.get("organization")
            or item.get("institution")
        )
        if not organisation:
            self.data.unused.append(Unused(path, "a position needs its organisation", where))
            return
        start_year, start_month = year_month(item.get("date_start") or item.get("start"))
        end = item.get("date_end") or item.get("end") or item.get("year")
        end_year, end_month = year_month(end)
        values = {
            "kind": kind,
            "organisation": cut(organisation, 200, path, f"{where}.organisation", unused),
            "location": cut(plain(item.get("location")), 200, path, f"{where}.location", unused),
            "description": markdown(item.get("description") or item.get("summary")),
            "start_year": start_year,
            "start_month": start_month,
            "end_year": end_year,
            "end_month": end_month,
            "is_current": bool(start_year and not end_year),
        }
        if kind == Position.Kind.EDUCATION:
            degree = plain(item.get("degree") or item.get("area") or item.get("course"))
            values["degree"], values["field"] = degree_and_field(degree, path, where, unused)
        else:
            title = plain(item.get("title") or item.get("position") or item.get("role"))
            values["role"] = cut(title, 200, path, f"{where}.title", unused)
        for name in ("company_url", "url"):
            if text(item.get(name)):
                unused.append(
                    Unused(path, "a position has no web address here", f"{where}.{name}")
                )
        for name in ("company_logo", "icon"):
            if text(item.get(name)):
                unused.append(Unused(path, "the old theme's logo or icon", f"{where}.{name}"))
        button = text(table(item.get("button")).get("url"))
        if button:
            unused.append(
                Unused(
                    path, f"a button to {button}: a position has no link here", f"{where}.button"
                )
            )
        self.entry("position", Position.Kind(kind).label, path, values, key)
        self.data.unused += unused

    def award(self, path: str, key: str, item: dict) -> None:
        """An award, as the profile's awards and the accomplishments write it."""
        where = re.sub(r"/(\d+)", r"[\1]", key).replace("/", ".")
        unused: list[Unused] = []
        title = plain(item.get("title"))
        if not title:
            self.data.unused.append(Unused(path, "an award needs its title", where))
            return
        start_year, _ = year_month(item.get("date") or item.get("date_start"))
        end_year, _ = year_month(item.get("date_end"))
        giver = plain(item.get("awarder") or item.get("organization"))
        values = {
            "title": cut(title, 300, path, f"{where}.title", unused),
            "giver": cut(giver, 300, path, f"{where}.awarder", unused),
            "description": markdown(item.get("summary") or item.get("description")),
            "start_year": start_year,
            "end_year": end_year if end_year and end_year != start_year else None,
        }
        for name in ("url", "certificate_url", "organization_url"):
            if text(item.get(name)):
                unused.append(Unused(path, "an award has no web address here", f"{where}.{name}"))
        if text(item.get("icon")):
            unused.append(Unused(path, "the old theme's icon", f"{where}.icon"))
        self.entry("award", "Award", path, values, key)
        self.data.unused += unused

    def name_from_settings(self) -> None:
        """With no author profile, the site's name (in its settings) names the owner."""
        places = [
            ("config/_default/params.yaml", ("hugoblox", "identity", "name")),
            ("config/_default/params.toml", ("hugoblox", "identity", "name")),
            *((path, ("title",)) for path in SETTINGS_FILES),
        ]
        for path, keys in places:
            if not self.repo.exists(path):
                continue
            try:
                value = self.repo.data(path)
            except UnsafePath as problem:
                self.data.unused.append(Unused(path, str(problem).removeprefix(f"{path}: ")))
                continue
            for key in keys:
                value = table(value).get(key)
            self.data.unused.append(
                Unused(
                    path,
                    "the site's settings: not content (with no author profile, the "
                    "site's name is the profile's)",
                )
            )
            name = text(value)
            if name:
                self.owner = split_name(name)
                self.profile = self.entry("profile", "Profile", path, {"name": name[:200]})
                return

    def author_list(self, fields: Fields) -> tuple[list, list]:
        """(authors, marks) of a page: a user name in ``authors`` is that author
        ("admin" the owner), any other value a name; ``author_notes`` beside them
        mark equal contribution and the corresponding author."""
        authors = []
        for value in strings(fields.get("authors")):
            person = self.people.get(value.lower())
            if person is None and value.lower() in ("admin", "me") and self.owner:
                person = self.owner
            person = person or split_name(value)
            if person[1]:
                authors.append(person)
        marks = [(False, False)] * len(authors)
        notes = fields.get("author_notes")
        for i, note in enumerate(notes if isinstance(notes, list) else [], start=0):
            note = text(note)
            if i >= len(authors) or not note:
                continue
            equal, corresponding = "equal" in note.casefold(), "correspond" in note.casefold()
            marks[i] = (equal, corresponding)
            if not (equal or corresponding):
                who = " ".join(authors[i]).strip()
                fields.unused.append(
                    Unused(
                        fields.path,
                        f"{note!r} ({who}): only equal contribution and the "
                        "corresponding author are marked here",
                        "author_notes",
                    )
                )
        return authors, marks
