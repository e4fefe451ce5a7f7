"""Math in titles and Markdown: ``$...$`` and ``\\(...\\)`` hold LaTeX, rendered on
the server as MathML (latex2mathml), or written as plain text where a page, a feed
or a search engine wants text (pylatexenc).

A ``$`` opens math only when it looks like math, as in Pandoc and markdown-it's
dollarmath: not followed by a space, and closed by a ``$`` that follows no space
and is followed by no digit, so "costs $5 and $10" stays text. ``$$...$$`` is
math shown as a display. ``\\$`` is a dollar sign, never math.

What the renderer writes is sanitised with an allowlist of exactly the MathML
elements and attributes it produces, so that no LaTeX (``\\href``, ``\\style``,
``\\text{<script>}``) can bring in anything else. LaTeX the renderer cannot read
is shown as written, escaped.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from html import unescape
from xml.etree.ElementTree import Element

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert_to_element
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

# What latex2mathml writes for the LaTeX it reads. Left out on purpose: ``href``
# (\href), ``class`` and ``style`` (\class, \style) and ``border-color``
# (\fcolorbox), which would let a title link elsewhere or restyle the page.
MATHML_TAGS = {
    "math", "menclose", "mfrac", "mi", "mn", "mo", "mover", "mpadded", "mphantom",
    "mroot", "mrow", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable",
    "mtd", "mtext", "mtr", "munder", "munderover",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "math": {"display"},
    "menclose": {"notation"},
    "mfrac": {"linethickness"},
    "mi": {"mathvariant"},
    "mo": {
        "accent", "fence", "form", "lspace", "maxsize", "minsize", "movablelimits",
        "rspace", "separator", "stretchy",
    },
    "mover": {"accent"},
    "mpadded": {"depth", "height", "lspace", "mathbackground", "voffset", "width"},
    "mrow": {"movablelimits"},
    "mspace": {"depth", "height", "linebreak", "mathbackground", "width"},
    "mstyle": {"displaystyle", "mathcolor", "mathsize", "scriptlevel"},
    "mtable": {"columnlines", "columnspacing", "displaystyle", "rowlines", "rowspacing"},
    "mtd": {"columnalign"},
    "mtext": {"mathvariant"},
}  # fmt: skip

_math_cleaner = nh3.Cleaner(tags=MATHML_TAGS, attributes=MATHML_ATTRIBUTES)

# --- Finding math -------------------------------------------------------------------

_OPENERS = re.compile(r"\$|\\\(")


class ScanSteps:
    """The math finders made while steps are counted (see counting_scan_steps)."""

    def __init__(self) -> None:
        self.finders: list[MathFinder] = []

    @property
    def count(self) -> int:
        return sum(finder.steps for finder in self.finders)


_counting: ContextVar[ScanSteps | None] = ContextVar("math_scan_steps", default=None)


@contextmanager
def counting_scan_steps() -> Iterator[ScanSteps]:
    """Counts the openers the math finders look at and the characters they read
    while the block runs (``.count``): the measure by which tests show that
    finding math costs time in proportion to the text, whatever the text is."""
    steps = ScanSteps()
    token = _counting.set(steps)
    try:
        yield steps
    finally:
        _counting.reset(token)


class MathFinder:
    """Finds the math in one text (a title, or a paragraph the Markdown renderer
    reads).

    Each search for a closing delimiter is remembered: an opener that comes before
    the closer found last (or anywhere after a search that found none) gets its
    answer without reading the text again. Reading on from every opener made an
    unclosed ``\\(`` cost the rest of the text each time: 50,000 of them in an
    abstract took seconds to render. With the memory, no stretch of the text is
    read twice for the same closer, and finding math costs time in proportion to
    the length of the text.
    """

    __slots__ = ("_searched", "steps", "text")

    def __init__(self, text: str):
        self.text = text
        # (closer, stop) -> (where the last search started, what it found or -1)
        self._searched: dict[tuple[str, int], tuple[int, int]] = {}
        self.steps = 0
        counting = _counting.get()
        if counting is not None:
            counting.finders.append(self)

    def _escaped(self, pos: int) -> bool:
        """Whether the character at ``pos`` follows an odd number of backslashes."""
        text, backslashes = self.text, 0
        while pos - backslashes > 0 and text[pos - backslashes - 1] == "\\":
            backslashes += 1
        self.steps += backslashes + 1
        return backslashes % 2 == 1

    def _closer(self, closer: str, start: int, stop: int) -> int:
        """Where the first ``closer`` (for ``$``, the first unescaped one) begins in
        ``text[start:stop]``, or -1."""
        known = self._searched.get((closer, stop))
        if known is not None:
            searched_from, found = known
            # No closer lies between searched_from and found (or the stop).
            if searched_from <= start and (found < 0 or found >= start):
                return found
        text = self.text
        found = text.find(closer, start, stop)
        if closer == "$":
            while found >= 0 and self._escaped(found):
                found = text.find(closer, found + 1, stop)
        self.steps += (found + len(closer) if found >= 0 else stop) - start
        self._searched[closer, stop] = (start, found)
        return found

    def match(self, pos: int, stop: int | None = None) -> tuple[int, str, bool] | None:
        """The math that opens at ``pos`` (an unescaped ``$`` or ``\\(``) and closes
        before ``stop``, as (end, LaTeX, display), or None if the delimiters there
        make no math."""
        text = self.text
        stop = len(text) if stop is None else stop
        self.steps += 1
        if text.startswith("\\(", pos):
            end = self._closer("\\)", pos + 2, stop)
            latex = text[pos + 2 : end].strip() if end >= 0 else ""
            return (end + 2, latex, False) if latex else None
        if text.startswith("$$", pos):
            end = self._closer("$$", pos + 2, stop)
            latex = text[pos + 2 : end].strip() if end >= 0 else ""
            return (end + 2, latex, True) if latex else None
        after = text[pos + 1 : pos + 2]
        if text[pos] != "$" or not after or after.isspace() or text[pos - 1 : pos].isdigit():
            return None
        end = self._closer("$", pos + 1, stop)
        if end < 0 or text[end - 1].isspace() or text[end + 1 : end + 2].isdigit():
            return None
        return end + 1, text[pos + 1 : end], False

    def spans(self) -> list[tuple[int, int, str, bool]]:
        """Where the text holds math: (start, end, LaTeX, display) for each span."""
        spans, start = [], 0
        for opener in _OPENERS.finditer(self.text):
            pos = opener.start()
            self.steps += 1
            if pos < start or self._escaped(pos):
                continue
            found = self.match(pos)
            if found is not None:
                end, latex, display = found
                spans.append((pos, end, latex, display))
                start = end
        return spans


def has_math_delimiters(text: str) -> bool:
    """The fast test: text without ``$`` and ``\\(`` holds no math."""
    return "$" in text or "\\(" in text


def math_spans(text: str) -> list[tuple[int, int, str, bool]]:
    """Where ``text`` holds math: (start, end, LaTeX, display) for each span."""
    return MathFinder(text).spans()


def split_math(text: str) -> list[tuple[str, bool, bool]]:
    """``text`` as (piece, is_math, display) pieces: text with ``\\$`` turned into
    ``$``, and the LaTeX of each math span."""
    pieces, start = [], 0
    for pos, end, latex, display in math_spans(text):
        if pos > start:
            pieces.append((text[start:pos].replace("\\$", "$"), False, False))
        pieces.append((latex, True, display))
        start = end
    if start < len(text):
        pieces.append((text[start:].replace("\\$", "$"), False, False))
    return pieces


# --- MathML -------------------------------------------------------------------------


def _escape_text(text: str) -> str:
    # As html5ever (nh3) writes text, so that cleaning leaves this output as it is.
    return (
        text.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


_TOKENS = {"mi", "mn", "mo", "mtext"}


def _write(element: Element, out: list[str]) -> None:
    # latex2mathml keeps symbols as character references in its tree ("&#x003B1;")
    # and unescapes its own serialisation, which would also unescape "<" written in
    # \text{}: the tree is written here, every text and value escaped once.
    out.append("<" + element.tag)
    for name, value in element.attrib.items():
        if name != "xmlns":  # HTML knows <math> without it
            out.append(f' {name}="{_escape_attribute(unescape(value))}"')
    out.append(">")
    if element.tag in _TOKENS and len(element):
        # In HTML a token element holds text only: elements inside one (as
        # latex2mathml writes for \mathbin{\star}) would be dropped with their text.
        out.append(_escape_text(unescape("".join(element.itertext()))))
    else:
        if element.text:
            out.append(_escape_text(unescape(element.text)))
        for child in element:
            _write(child, out)
    out.append(f"</{element.tag}>")
    if element.tail:
        out.append(_escape_text(unescape(element.tail)))


def raw_mathml(latex: str, display: bool = False) -> str:
    """The MathML latex2mathml makes of ``latex``, not yet sanitised; raises on LaTeX
    it cannot read."""
    out: list[str] = []
    _write(convert_to_element(latex, display="block" if display else "inline"), out)
    return "".join(out)


def clean_mathml(html: str) -> str:
    return _math_cleaner.clean(html)


@lru_cache(maxsize=2048)
def _converted(latex: str, display: bool) -> str | None:
    try:
        return clean_mathml(raw_mathml(latex, display))
    # latex2mathml reports unreadable LaTeX with exceptions of many kinds, its own
    # and others (IndexError, RecursionError on deep nesting): none may fail a page.
    except Exception:
        return None


def _source(latex: str, display: bool) -> str:
    delimiter = "$$" if display else "$"
    return f"{delimiter}{latex}{delimiter}"


def mathml(latex: str, display: bool = False) -> str:
    """``latex`` as sanitised MathML; the LaTeX itself, escaped, if it cannot be read."""
    html = _converted(latex, display)
    return escape(_source(latex, display)) if html is None else html


# --- Plain text ---------------------------------------------------------------------

_context = get_default_latex_context_db()
_context.add_context_category(
    "portfolio-math",
    macros=[MacroTextSpec("|", simplify_repl="‖"), MacroTextSpec("lVert", simplify_repl="‖")],
    prepend=True,
)
_latex_to_text = LatexNodes2Text(
    latex_context=_context, math_mode="text", strict_latex_spaces="based-on-source"
)


@lru_cache(maxsize=2048)
def math_as_text(latex: str, display: bool = False) -> str:
    """``latex`` as readable Unicode text: "\\alpha_1 \\leq \\beta" -> "α_1 ≤ β";
    as written, like the page shows it, if it cannot be read."""
    if _converted(latex, display) is None:
        return _source(latex, display)
    try:
        text = _latex_to_text.latex_to_text(latex)
    except Exception:  # pylatexenc reads any LaTeX leniently; this is the last guard
        return _source(latex, display)
    return " ".join(text.split()) or latex


# --- One line of text (a title) -----------------------------------------------------


def math_html(text: str) -> SafeString:
    """A title as HTML: its text escaped, its math as MathML."""
    text = str(text)
    if not has_math_delimiters(text):
        return escape(text)
    html = [
        mathml(piece, display) if is_math else escape(piece)
        for piece, is_math, display in split_math(text)
    ]
    return mark_safe("".join(html))  # noqa: S308 - text escaped, MathML sanitised


def math_text(text: str) -> str:
    """A title as plain text, its math as Unicode: for <title>, meta tags, feeds and
    JSON-LD ("$\\alpha$-divergence" -> "α-divergence")."""
    text = str(text)
    if not has_math_delimiters(text):
        return text
    return "".join(
        math_as_text(piece, display) if is_math else piece
        for piece, is_math, display in split_math(text)
    )


# --- Words for an address (a slug) --------------------------------------------------

# Commands that style or size what follows, or set it as a fraction: their argument
# stays, their name goes ("\mathcal{L}" is "L").
_UNWORDED = frozenset({
    "mathcal", "mathbb", "mathbf", "mathrm", "mathit", "mathsf", "mathtt", "mathfrak",
    "mathscr", "mathnormal", "boldsymbol", "bm", "text", "textrm", "textbf", "textit",
    "texttt", "textsf", "operatorname", "mathop", "mathbin", "mathrel", "displaystyle",
    "textstyle", "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
    "Bigr", "hat", "widehat", "tilde", "widetilde", "bar", "overline", "vec", "dot",
    "ddot", "frac", "dfrac", "tfrac", "ldots", "cdots", "dots",
})  # fmt: skip
# Commands whose name is not the word a reader says.
_WORDS = {"ell": "l", "infty": "infinity"}
_COMMAND = re.compile(r"\\([A-Za-z]+)|\\.?")


def _math_words(latex: str) -> str:
    def word(match: re.Match) -> str:
        name = match.group(1)
        if name is None or name in _UNWORDED:
            return " "
        return f" {_WORDS.get(name, name)} "

    text = _COMMAND.sub(word, latex)
    # Arguments side by side stay apart ("\frac{1}{2}" is "1 2"); braces go.
    text = re.sub(r"\}\s*\{", " ", text).replace("{", "").replace("}", "")
    # A subscript or superscript stays with what it follows: "\ell_1" is "l1".
    text = re.sub(r"\s*[_^]\s*", "", text)
    return re.sub(r"[^\w]+|_", " ", text)


def slug_text(text: str) -> str:
    """A title with its math as plain words, to make its slug from:
    "Sparse $\\ell_1$ priors" -> "Sparse l1 priors", "$\\mathcal{L}_2$ loss" ->
    "L2 loss", "$O(n \\log n)$ time" -> "O n log n time". Commands become their
    names (\\alpha is alpha), styles and braces go, and a subscript or superscript
    joins what it follows."""
    text = str(text)
    if not has_math_delimiters(text):
        return text
    words = "".join(
        f" {_math_words(piece)} " if is_math else piece for piece, is_math, _ in split_math(text)
    )
    return " ".join(words.split())
