"""Matching entries against what the database holds: the same publication (by
the source's own key, DOI, citation key, arXiv id or title), other versions of
a work, and the people already here (the owner among them), so that nobody is
entered twice."""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from portfolio.core.models import unique_slug
from portfolio.publications.models import Author, Authorship, Publication
from portfolio.publications.records import Record

from .outcomes import Match, MatchedBy


def normalise_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", title).casefold())


def normalise_name(name: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", name).casefold())


@dataclass(frozen=True)
class Owner:
    """How the import knows the site's owner among the people it reads: by their
    ORCID iD, else by their name (the profile's)."""

    orcid: str = ""
    name: str = ""


class Catalogue:
    """What the database already holds, for matching authors and duplicates."""

    def __init__(self, owner: Owner | None = None):
        self.owner = owner or Owner()
        self.by_key, self.by_doi, self.by_pmid = {}, {}, {}
        self.by_arxiv, self.by_title = defaultdict(list), defaultdict(list)
        self.imported: set[int] = set()  # publications written by this import
        self.first_family: dict[int, str] = {}
        publications = Publication.objects.prefetch_related(
            "links", Prefetch("authorships", queryset=Authorship.objects.select_related("author"))
        )
        for publication in publications:
            self.add(publication)
        self.authors = list(Author.objects.all())

    def add(self, publication: Publication, imported: bool = False):
        if imported:
            self.imported.add(publication.pk)
        first = next(iter(publication.authorships.all()), None)
        self.first_family[publication.pk] = (
            normalise_name(first.author.family_name) if first else ""
        )
        self.by_key[publication.citation_key] = publication
        if publication.doi:
            self.by_doi[publication.doi.lower()] = publication
        if publication.pmid:
            self.by_pmid[publication.pmid] = publication
        if publication.arxiv_id and publication not in self.by_arxiv[publication.arxiv_id]:
            self.by_arxiv[publication.arxiv_id].append(publication)
        title = self.by_title[normalise_title(publication.title)]
        if publication not in title:
            title.append(publication)

    def match(self, entry: Record) -> Match:
        """The publication ``entry`` is, if any, or the other versions of its work.

        The same DOI or PubMed id, or the same citation key and title, is the same
        publication.
        The same arXiv id or title is too when the kind and year agree, or when one
        of the two is a preprint (the arXiv record of a published paper). Otherwise
        the entry is another version of the work (a workshop paper and its
        conference version, say).
        """
        same_key = self.by_key.get(entry.key)
        if same_key and normalise_title(same_key.title) == normalise_title(entry.title):
            return Match(same_key, MatchedBy.CITATION_KEY)
        if entry.doi and entry.doi.lower() in self.by_doi:
            return Match(self.by_doi[entry.doi.lower()], MatchedBy.DOI)
        if entry.pmid and entry.pmid in self.by_pmid:
            return Match(self.by_pmid[entry.pmid], MatchedBy.PMID)
        related = []
        preprint = Publication.Kind.PREPRINT
        for by, candidates in (
            (MatchedBy.ARXIV_ID, self.by_arxiv.get(entry.arxiv_id, []) if entry.arxiv_id else []),
            (MatchedBy.TITLE, self.by_title.get(normalise_title(entry.title), [])),
        ):
            for candidate in candidates:
                if (candidate.kind, candidate.year) == (entry.kind, entry.year):
                    return Match(candidate, by)
            for candidate in candidates:
                if preprint in (entry.kind, candidate.kind) and self.same_work(
                    entry, candidate, by_title=by == MatchedBy.TITLE
                ):
                    return Match(candidate, by, is_preprint=entry.kind == preprint)
                if candidate not in related:
                    related.append(candidate)
        return Match(versions=tuple(related))

    def same_work(self, entry: Record, candidate: Publication, by_title: bool) -> bool:
        """Whether a preprint and a paper (one of them already here before this
        import) are one work. Two entries of one file are two versions, as the file
        says. A shared title alone is not enough: the years must be close and the
        first authors the same."""
        if candidate.pk in self.imported:
            return False
        if not by_title:
            return True
        family = self.first_family.get(candidate.pk, "")
        entry_family = normalise_name(entry.authors[0][1]) if entry.authors else ""
        return abs(candidate.year - entry.year) <= 2 and family == entry_family

    def author(self, given: str, family: str, orcid: str = "") -> Author:
        """The existing person with this name, or a new one: a person is never duplicated.

        The owner comes first: a person with the owner's ORCID iD, or with no iD
        and the owner's name, is the owner's author (made the owner if the site
        has none). Otherwise an exact name wins; then initials ("E." or "E")
        match a unique person with the same family name and a given name with
        those initials, and the other way round.
        """
        if self.is_owner(given, family, orcid):
            return self.owner_author(given, family)
        same_id = [a for a in self.authors if orcid and a.orcid == orcid]
        if same_id:
            return same_id[0]
        family_key, given_key = normalise_name(family), normalise_name(given)
        same_family = [a for a in self.authors if normalise_name(a.family_name) == family_key]
        exact = [a for a in same_family if normalise_name(a.given_name) == given_key]
        if exact:
            return exact[0]
        initials = "".join(word[0] for word in re.split(r"[\s.\-]+", given) if word).casefold()
        compatible = [
            a
            for a in same_family
            if initials
            and (
                "".join(w[0] for w in re.split(r"[\s.\-]+", a.given_name) if w).casefold()
                == initials
            )
            and (is_initials(given) or is_initials(a.given_name))
        ]
        if len(compatible) == 1:
            return compatible[0]
        return self.new_author(given, family, orcid=orcid)

    def new_author(self, given: str, family: str, is_owner: bool = False, orcid="") -> Author:
        # An iD another person here has already (a person entered twice) is not repeated.
        taken = orcid and any(a.orcid == orcid for a in self.authors)
        author = Author(
            given_name=given,
            family_name=family,
            slug=unique_slug(Author, f"{given} {family}"),
            is_owner=is_owner,
            orcid="" if taken else orcid,
        )
        author.full_clean()
        author.save()
        self.authors.append(author)
        return author

    def is_owner(self, given: str, family: str, orcid: str) -> bool:
        if orcid:
            return bool(self.owner.orcid) and orcid.upper() == self.owner.orcid.upper()
        owner_name = normalise_name(self.owner.name)
        return bool(owner_name) and normalise_name(f"{given}{family}") == owner_name

    def owner_author(self, given: str, family: str) -> Author:
        """The site's owner as an author: the one marked so, else the person here
        with this name (marked now), else a new person."""
        owner = next((a for a in self.authors if a.is_owner), None)
        if owner:
            if (
                not owner.orcid
                and self.owner.orcid
                and not any(a.orcid == self.owner.orcid for a in self.authors)
            ):
                owner.orcid = self.owner.orcid
                owner.save(update_fields=["orcid"])
            return owner
        family_key, given_key = normalise_name(family), normalise_name(given)
        same = [
            a
            for a in self.authors
            if (normalise_name(a.family_name), normalise_name(a.given_name))
            == (family_key, given_key)
        ]
        if same:
            same[0].make_owner()
            return same[0]
        return self.new_author(given, family, is_owner=True, orcid=self.owner.orcid)


def is_initials(given: str) -> bool:
    return all(len(word) == 1 for word in re.split(r"[\s.\-]+", given) if word)
