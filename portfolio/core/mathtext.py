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


def _escaped(text: str, pos: int) -> bool:
    """Whether the character at ``pos`` follows an odd number of backslashes."""
    backslashes = 0
    while pos - backslashes > 0 and text[pos - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def match_math(text: str, pos: int, stop: int | None = None) -> tuple[int, str, bool] | None:
    """The math that opens at ``pos`` (an unescaped ``$`` or ``\\(``) and closes before
    ``stop``, as (end, LaTeX, display), or None if the delimiters there make no math."""
    stop = len(text) if stop is None else stop
    if text.startswith("\\(", pos):
        end = text.find("\\)", pos + 2, stop)
        latex = text[pos + 2 : end].strip()
        return (end + 2, latex, False) if end >= 0 and latex else None
    if text.startswith("$$", pos):
        end = text.find("$$", pos + 2, stop)
        latex = text[pos + 2 : end].strip()
        return (end + 2, latex, True) if end >= 0 and latex else None
    after = text[pos + 1 : pos + 2]
    if text[pos] != "$" or not after or after.isspace() or text[pos - 1 : pos].isdigit():
        return None
    end = text.find("$", pos + 1, stop)
    while end >= 0 and _escaped(text, end):
        end = text.find("$", end + 1, stop)
    if end < 0 or text[end - 1].isspace() or text[end + 1 : end + 2].isdigit():
        return None
    return end + 1, text[pos + 1 : end], False


def has_math_delimiters(text: str) -> bool:
    """The fast test: text without ``$`` and ``\\(`` holds no math."""
    return "$" in text or "\\(" in text


def math_spans(text: str) -> list[tuple[int, int, str, bool]]:
    """Where ``text`` holds math: (start, end, LaTeX, display) for each span."""
    spans, start = [], 0
    for opener in _OPENERS.finditer(text):
        pos = opener.start()
        if pos < start or _escaped(text, pos):
            continue
        found = match_math(text, pos)
        if found is not None:
            end, latex, display = found
            spans.append((pos, end, latex, display))
            start = end
    return spans


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
