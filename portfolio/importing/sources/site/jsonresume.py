"""A CV in JSON Resume (jsonresume.org/schema), as al-folio
(``assets/json/resume.json``) and academicpages (``_data/cv.json``) keep it: the
profile and its links, positions, education and awards. Publications, talks
and projects come from the site's own collections, which say more; the other
sections have no place here, and each is named as left out."""

import re

from portfolio.positions.models import Position

from ...outcomes import Action, Outcome
from ...records import EntryRecord
from ..orcid import profile_link_kind
from .repository import Repository, SiteData, UnsafePath, Unused, cut

SOURCE = "site"
Kind = Position.Kind

# The sections of a position, with the kind of position each is.
POSITIONS = [("work", Kind.EMPLOYMENT), ("volunteer", Kind.SERVICE), ("education", Kind.EDUCATION)]
# Sections whose entries come from the site's collections instead.
ELSEWHERE = {
    "publications": "the publications come from the site's bibliography or collection",
    "projects": "the projects come from the site's projects",
    # academicpages writes its collections into its cv.json too.
    "presentations": "the talks come from the site's talks",
    "teaching": "the courses come from the site's teaching",
    "portfolio": "the projects come from the site's portfolio",
}
WITHOUT_A_PLACE = {
    "skills": "skills are entered in the admin (Profile → Skills)",
    "languages": "languages are entered in the admin (Profile → Languages)",
    "references": "the site shows no references",
    "certificates": "the site has no certificates",
    "meta": "the file's own details",
}


def text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def year_month(value) -> tuple[int | None, int | None]:
    """A JSON Resume date ("2019-09-01", "2019-09", "2019")."""
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?", text(value))
    if not match:
        return None, None
    month = int(match.group(2)) if match.group(2) else None
    return int(match.group(1)), month if month and 1 <= month <= 12 else None


def entry(model: str, label: str, path: str, key: str, values: dict) -> EntryRecord:
    return EntryRecord(model, f"{path} {key}", label, SOURCE, f"site:{path}#{key}", values)


def read(resume, path: str) -> tuple[list[EntryRecord], list[Unused]]:
    """The entries of a JSON Resume document read from ``path``, and what is left out."""
    unused: list[Unused] = []
    if not isinstance(resume, dict):
        return [], [Unused(path, "not a JSON Resume document (an object with basics, work…)")]
    entries: list[EntryRecord] = []
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    if text(basics.get("name")):
        interests = [
            text(item.get("name"))
            for item in resume.get("interests") or []
            if isinstance(item, dict) and text(item.get("name"))
        ]
        values = {
            "name": cut(text(basics["name"]), 200, path, "basics.name", unused),
            "headline": cut(text(basics.get("label")), 200, path, "basics.label", unused),
            "bio": str(basics.get("summary") or "").strip(),
            "email": text(basics.get("email")),
            # "website" is the schema's name before version 1.0.
            "website": text(basics.get("url") or basics.get("website")),
            "interests": ", ".join(interests),
        }
        entries.append(
            entry("profile", "Profile", path, "basics", {k: v for k, v in values.items() if v})
        )
        for name in ("phone", "location", "image"):
            if basics.get(name):
                reason = {
                    "phone": "the phone number is private: enter it in the admin if wanted",
                    "location": "the profile has no address",
                    "image": "the photo comes from the site's files",
                }[name]
                unused.append(Unused(path, reason, f"basics.{name}"))
        for number, profile in enumerate(basics.get("profiles") or [], start=1):
            url = text(profile.get("url")) if isinstance(profile, dict) else ""
            if not url.startswith(("http://", "https://")):
                unused.append(Unused(path, "no web address", f"basics.profiles[{number}]"))
                continue
            kind = profile_link_kind(url)
            label = text(profile.get("network"))[:100] if kind == "other" else ""
            values = {"kind": kind, "label": label, "url": url}
            entries.append(entry("link", "Profile link", path, f"profiles/{number}", values))
    for section, kind in POSITIONS:
        for number, item in enumerate(resume.get(section) or [], start=1):
            if not isinstance(item, dict):
                continue
            position = position_of(item, kind, path, f"{section}[{number}]", unused)
            if position:
                label = Kind(kind).label
                entries.append(entry("position", label, path, f"{section}/{number}", position))
    for number, item in enumerate(resume.get("awards") or [], start=1):
        item = item if isinstance(item, dict) else {}
        title = text(item.get("title"))
        # The schema says "date"; al-folio's example writes a range as startdate/enddate.
        start = item.get("date") or item.get("startDate") or item.get("startdate")
        year, _ = year_month(start)
        end, _ = year_month(item.get("endDate") or item.get("enddate"))
        if not (title and year):
            unused.append(Unused(path, "an award needs a title and a date", f"awards[{number}]"))
            continue
        values = {
            "title": cut(title, 300, path, f"awards[{number}].title", unused),
            "giver": cut(
                text(item.get("awarder")), 300, path, f"awards[{number}].awarder", unused
            ),
            "description": str(item.get("summary") or "").strip(),
            "start_year": year,
            "end_year": end if end and end != year else None,
        }
        entries.append(entry("award", "Award", path, f"awards/{number}", values))
    for section, value in resume.items():
        if section in ("basics", "awards", *(s for s, _ in POSITIONS)) or not value:
            continue
        has_profile = any(e.model == "profile" for e in entries)
        if section == "interests" and has_profile:
            continue  # the profile's interests
        reason = ELSEWHERE.get(section) or WITHOUT_A_PLACE.get(section)
        if section == "interests":
            reason = "there is no profile to keep them on"
        unused.append(
            Unused(path, reason or "not a section of JSON Resume the site keeps", section)
        )
    return entries, unused


def position_of(item: dict, kind: str, path: str, where: str, unused: list) -> dict | None:
    # "company" and "organization" are the schema's names before version 1.0.
    organisation = text(
        item.get("name")
        or item.get("company")
        or item.get("institution")
        or item.get("organization")
    )
    start_year, start_month = year_month(item.get("startDate"))
    if not organisation or not start_year:
        unused.append(Unused(path, "a position needs an organisation and a start date", where))
        return None
    end_year, end_month = year_month(item.get("endDate"))
    values = {
        "kind": kind,
        "organisation": cut(organisation, 200, path, f"{where}.name", unused),
        "location": cut(text(item.get("location")), 200, path, f"{where}.location", unused),
        "start_year": start_year,
        "start_month": start_month,
        "end_year": end_year,
        "end_month": end_month,
        "is_current": not end_year,
    }
    highlights = [text(h) for h in item.get("highlights") or item.get("courses") or [] if text(h)]
    summary = str(item.get("summary") or "").strip()
    values["description"] = "\n".join(
        [summary, *(["", *(f"- {h}" for h in highlights)] if highlights else [])]
    ).strip()
    if kind == Kind.EDUCATION:
        values["degree"] = cut(
            text(item.get("studyType")), 100, path, f"{where}.studyType", unused
        )
        values["field"] = cut(text(item.get("area")), 200, path, f"{where}.area", unused)
        grade = text(item.get("score") or item.get("gpa"))
        values["grade"] = cut(grade, 50, path, f"{where}.score", unused)
    else:
        values["role"] = cut(text(item.get("position")), 200, path, f"{where}.position", unused)
    for name in ("url", "website"):
        if item.get(name):
            unused.append(Unused(path, "a position has no web address here", f"{where}.{name}"))
    return values


def read_into(data: SiteData, repo: Repository, path: str) -> None:
    """The JSON Resume file at ``path``, if the checkout has one, added to ``data``.
    A profile the theme's own files gave already is kept, and the file's named
    as left out."""
    if not repo.exists(path):
        return
    try:
        resume = repo.data(path)
    except UnsafePath as error:
        data.errors.append(Outcome(path, 0, Action.ERROR, title="CV", message=str(error)))
        return
    entries, unused = read(resume, path)
    if any(entry.model == "profile" for entry in data.entries):
        kept = [entry for entry in entries if entry.model != "profile"]
        if len(kept) < len(entries):
            unused.append(Unused(path, "the profile comes from the theme's own files", "basics"))
        entries = kept
    data.entries += entries
    data.unused += unused
