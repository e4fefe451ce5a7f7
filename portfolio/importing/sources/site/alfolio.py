"""A site made with al-folio."""

from .repository import Repository, SiteData

NAME = "al-folio"
LABEL = "al-folio"
MACHINERY: dict[str, str] = {}


def detect(repo: Repository) -> int:
    return 0


def read(repo: Repository) -> SiteData:
    return SiteData(NAME)
