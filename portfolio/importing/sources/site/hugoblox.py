"""A site made with Hugo Blox."""

from .repository import Repository, SiteData

NAME = "hugo-blox"
LABEL = "Hugo Blox"
MACHINERY: dict[str, str] = {}


def detect(repo: Repository) -> int:
    return 0


def read(repo: Repository) -> SiteData:
    return SiteData(NAME)
