"""The publication formats the site serves, each written from the record of a
publication (``publications.records``): BibTeX, RIS and CSL-JSON, for one paper
(``/publications/<slug>.bib``) or a list (``/publications.ris``, with the same
filters as the list page)."""

import json
from collections.abc import Callable
from dataclasses import dataclass

from .bibtex.export import bibtex_of
from .csl import MEDIA_TYPE as CSL_TYPE
from .csl import csl_of
from .models import Publication
from .records import record_of
from .ris import MEDIA_TYPE as RIS_TYPE
from .ris import ris_of


@dataclass(frozen=True)
class Format:
    name: str  # in URL names: "list_ris", "topic_ris", "ris"
    label: str
    extension: str
    media_type: str
    # One publication's text; ``absolute`` makes a path a full URL.
    write: Callable[[Publication, Callable[[str], str]], str]
    topics: bool = True  # whether the format keeps the topics
    # Around one publication or a list, between those of a list, after a list.
    start: str = ""
    end: str = ""
    between: str = ""
    tail: str = ""

    def one(self, publication: Publication, absolute) -> str:
        return self.start + self.write(publication, absolute) + self.end

    def many(self, publications, absolute):
        """The text of a list, a publication at a time."""
        yield self.start
        for n, publication in enumerate(publications):
            yield (self.between if n else "") + self.write(publication, absolute)
        yield self.end + self.tail


def _csl(publication, absolute) -> str:
    item = csl_of(record_of(publication, absolute=absolute))
    return json.dumps(item, ensure_ascii=False, indent=2)


FORMATS = {
    "bibtex": Format(
        "bibtex", "BibTeX", "bib", "application/x-bibtex",
        lambda p, a: bibtex_of(record_of(p, topics=False, absolute=a)), topics=False,
        between="\n", tail="\n",
    ),
    "ris": Format("ris", "RIS", "ris", RIS_TYPE, lambda p, a: ris_of(record_of(p, absolute=a))),
    "csl": Format(
        "csl", "CSL-JSON", "json", CSL_TYPE, _csl, start="[\n", end="\n]\n", between=",\n"
    ),
}  # fmt: skip
