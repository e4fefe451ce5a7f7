"""A site made with academicpages."""

from .repository import Repository, SiteData

NAME = "academicpages"
LABEL = "academicpages"
MACHINERY: dict[str, str] = {}


def detect(repo: Repository) -> int:
    return 0


def read(repo: Repository) -> SiteData:
    return SiteData(NAME)
