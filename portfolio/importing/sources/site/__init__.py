"""A site made with another theme (al-folio, academicpages, Hugo Blox) as a
source: a checkout of its repository is read into records (publications) and
entry records (profile, links, positions, awards, talks, news, projects,
courses, pages), with every file and field left out named and why.

Each theme is a module with ``NAME``, ``LABEL``, ``detect(repo)`` (how sure it
is that the checkout is its own: 0 for no), ``read(repo) -> SiteData``,
``MACHINERY`` (the theme's own folders: layouts, styles, scripts) and, where the
site is not served from the checkout's root, ``ROOTS`` (Hugo serves ``static/``).
The Markdown bodies are then made ready in one place (``bodies``). Reading
never writes rows; ``portfolio.importing.site`` writes what was read.
"""

from pathlib import Path

from . import academicpages, alfolio, bodies, hugoblox
from .repository import Repository, SiteData, SiteError

THEMES = {module.NAME: module for module in (alfolio, academicpages, hugoblox)}


def detect(repo: Repository) -> str:
    """The name of the theme the checkout is made with."""
    scores = {name: module.detect(repo) for name, module in THEMES.items()}
    best = max(scores, key=scores.get)
    if scores[best] <= 0:
        raise SiteError(
            f"{repo.root} is not a site made with {', '.join(m.LABEL for m in THEMES.values())}: "
            "none of their folders is there (_bibliography/ or _pages/about.md for al-folio, "
            "_publications/ for academicpages, content/ for Hugo Blox). Give the folder of "
            "the site's repository, or name its theme with --theme."
        )
    return best


def read_site(path: Path, theme: str | None = None) -> SiteData:
    """What the checkout at ``path`` holds (see the module docstring)."""
    repo = Repository(path)
    repo.files()  # the bounds on the number of files apply before anything is read
    name = theme or detect(repo)
    if name not in THEMES:
        raise SiteError(f"Unknown theme {name!r}; the themes are {', '.join(THEMES)}.")
    module = THEMES[name]
    data = module.read(repo)
    bodies.finish(data, repo, getattr(module, "ROOTS", ("",)))
    data.unused += repo.unused(module.MACHINERY)
    return data
