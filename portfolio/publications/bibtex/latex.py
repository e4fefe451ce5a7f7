"""LaTeX and Unicode, both ways: what a .bib file writes becomes the text a page
shows (accents, protective braces, dashes), and a publication's text becomes
LaTeX that reads back as the same characters.

Math in a title or an abstract (``$\\alpha$``, ``\\(x_i\\)``) is not text: it is kept
as LaTeX, which the site renders (portfolio.richtext.mathtext), and written back as it
came."""

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import UnicodeToLatexEncoder
from pylatexenc.latexwalker import LatexMathNode

from portfolio.richtext.mathtext import math_spans


class EntryError(ValueError):
    """What is wrong with one entry; the entry is reported with it, the others go on."""


# --- LaTeX to Unicode ---------------------------------------------------------------

# pylatexenc reads \textasciicircum as a modifier letter; a BibTeX file means "^".
_context = get_default_latex_context_db()
_context.add_context_category(
    "portfolio-ascii",
    macros=[
        MacroTextSpec("textasciicircum", simplify_repl="^"),
        MacroTextSpec("textquotedbl", simplify_repl='"'),
    ],
    prepend=True,
)
_latex = LatexNodes2Text(latex_context=_context, math_mode="text", strict_latex_spaces=True)


# Stands for the n-th math span while the text around it is decoded: private-use
# characters, which no decoding changes and no .bib file means.
_HOLDER = re.compile("\ue000(\\d+)\ue001")


class _MathKeeper(LatexNodes2Text):
    """Decodes the text, and leaves a holder where each math span was."""

    def __init__(self, spans: list[str], **kwargs):
        super().__init__(**kwargs)
        self.spans = spans

    def math_node_to_text(self, node):
        if isinstance(node, LatexMathNode):
            source = node.latex_verbatim()
            opening, closing = node.delimiters
            latex = " ".join(source[len(opening) : -len(closing)].split())
            # An unclosed "$" runs to the end of the field: that is no math, and its
            # words are read as text, as before math was kept.
            if source.endswith(closing) and len(source) > len(opening + closing) and latex:
                if opening == "\\(":
                    written = f"\\({latex}\\)"
                elif node.displaytype == "display":
                    written = f"$${latex}$$"
                else:
                    written = f"${latex}$"
                self.spans.append(written)
                return f"\ue000{len(self.spans) - 1}\ue001"
        return super().math_node_to_text(node)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def to_text(value: str, keep_math: bool = False) -> str:
    """LaTeX to Unicode: accents, protective braces, dashes; white space folded.
    With ``keep_math``, math spans stay LaTeX, and a dollar sign of the text stays
    escaped (``\\$``) where it would otherwise open math on a page."""
    if not keep_math or not ("$" in value or "\\(" in value or "\\[" in value):
        return _fold(_latex.latex_to_text(value))
    spans: list[str] = []
    keeper = _MathKeeper(spans, latex_context=_context, math_mode="text", strict_latex_spaces=True)
    decoded = _fold(keeper.latex_to_text(value.replace("\ue000", "").replace("\ue001", "")))
    parts = _HOLDER.split(decoded)  # text, span number, text, ...
    texts, numbers = parts[0::2], [int(n) for n in parts[1::2]]

    def assembled(texts: list[str]) -> str:
        out = [texts[0]]
        for number, text in zip(numbers, texts[1:], strict=True):
            out += [spans[number], text]
        return "".join(out)

    text = assembled(texts)
    if [text[a:b] for a, b, _, _ in math_spans(text)] != [spans[n] for n in numbers]:
        # A dollar sign of the text ("\\$5 and \\$10") would open math on a page.
        text = assembled([t.replace("$", "\\$") for t in texts])
    return text


# Fields that hold addresses and identifiers, not text: no LaTeX is decoded in them
# ("~", "%", "&" and "--" are common in URLs and DOIs).
VERBATIM_FIELDS = {"doi", "url", "pdf", "eprint", "archiveprefix", "eprinttype"}


def verbatim_text(value: str) -> str:
    """A URL or identifier field as written: \\url{...} unwrapped, protective braces
    and backslash escapes (\\_, \\%, \\&, \\#, \\~) removed, a space inside
    percent-encoded."""
    value = value.strip()
    # Braces cannot nest inside \url{...}: without them the pattern stays linear.
    wrapped = re.fullmatch(r"\\(?:url|href)\s*\{([^{}]*)\}(?:\s*\{[^{}]*\})?", value)
    if wrapped:
        value = wrapped.group(1)
    value = re.sub(r"\\([%&_#$~])", r"\1", value).replace("{", "").replace("}", "")
    return re.sub(r"\s+", "%20", value.strip())


# An accent or a special letter written in LaTeX: \"u, {\"u}, \v{C}, \~{\^e}, \c c, \ss.
# As in LaTeX, the spaces after a control word belong to it ("S\o ren" is Søren),
# except before "and", where BibTeX splits the names first.
_accent = re.compile(
    r"""\\(?:
        [`'^"~=.]\s*(?:\{[^{}]*\}|[^\W\d_]|\\[ij](?![A-Za-z])(?:[ \t]+(?!and\b))?)
      | [uvHcdbkrt](?:\s*\{[^{}]*\}|\s+[A-Za-z])
      | (?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:[ \t]+(?!and\b))?
    )""",
    re.X,
)


def decode_accents(value: str) -> str:
    """Accents to Unicode letters and nothing else, so that a name list can still be
    split by BibTeX's rules: "Pe\\~{n}a" must not read as two words."""
    return _accent.sub(lambda m: to_text(m.group(0)), value)


# --- Unicode to LaTeX ---------------------------------------------------------------

# Accents become {\"u}, specials (& % $ # _ { }) are escaped, other symbols become macros.
_encoder = UnicodeToLatexEncoder(
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
# ASCII that BibTeX and LaTeX read as written.
_PLAIN = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !()*+,./:;=?@[]|'`-"
)
# Pairs that LaTeX joins into another character (-- is a dash, '' a closing quote).
_LIGATURES = {"--", "''", "``", "?`", "!`"}


@lru_cache(maxsize=4096)
def _character(char: str) -> str:
    """One character in LaTeX, chosen so that reading it back gives the same character:
    a macro where one round-trips ({\"u}, {\textendash}), else the character itself
    (the file is UTF-8)."""
    if char in _PLAIN:
        return char
    if char == '"':
        return '{"}'
    encoded = _encoder.unicode_to_latex(char)
    if encoded != char and to_text(encoded) == char:
        return encoded
    return char


def latex(text: str) -> str:
    text = " ".join(text.split())
    out = []
    for i, char in enumerate(text):
        out.append(_character(char))
        if text[i : i + 2] in _LIGATURES:
            out.append("{}")
    return "".join(out)


def title_field(title: str) -> str:
    """The title in LaTeX, with the words a style that lower-cases titles must keep
    as they are braced: words with a capital after their first letter (ImageNet,
    BERT) always, and capitalised words inside a sentence-case title (names, as in
    "Learning with Gaussian processes"). In a Title Case title every word is
    capitalised, which says nothing of names, so only the first kind is braced.
    Punctuation stays outside the braces: "{ImageNet}:", not "{ImageNet:}".
    Math is written as it is stored, braced if it holds a capital (styles lower-case
    math too)."""
    title = " ".join(title.split())
    spans = math_spans(title)
    return _with_math(title, spans) if spans else _braced_words(title)


def _braced_words(title: str) -> str:
    words = title.split(" ")
    # A math span's holder is part of its word ("$k$-means").
    cores = [re.sub(r"^[^\w\ue000\ue001]+|[^\w\ue000\ue001]+$", "", word) for word in words]
    # Judged by the longer words: short ones (a, of, the) are lower-case either way;
    # with fewer than two there is no telling, and capitals are kept.
    longer = [core for core in cores[1:] if len(core) > 3 and core[0].isalpha()]
    title_case = len(longer) > 1 and sum(c[0].isupper() for c in longer) * 2 > len(longer)
    out = []
    for i, (word, core) in enumerate(zip(words, cores, strict=True)):
        inner_capital = any(c.isupper() for c in core[1:])
        name = i > 0 and not title_case and core[:1].isupper()
        if core and (inner_capital or name):
            start = word.index(core)
            before, after = word[:start], word[start + len(core) :]
            out.append(latex(before) + "{" + latex(core) + "}" + latex(after))
        else:
            out.append(latex(word))
    return " ".join(out)


def _with_math(title: str, spans) -> str:
    # Each span is a holder while the words around it are written: a span may hold
    # spaces, and none of its characters is text to escape.
    pieces, sources, start = [], [], 0
    for begin, end, _, _ in spans:
        pieces += [title[start:begin].replace("\\$", "$"), f"\ue000{len(sources)}\ue001"]
        sources.append(title[begin:end])
        start = end
    pieces.append(title[start:].replace("\\$", "$"))
    written = _braced_words("".join(pieces))

    def source(match: re.Match) -> str:
        span = sources[int(match.group(1))]
        return "{" + span + "}" if any(c.isupper() for c in span) else span

    return _HOLDER.sub(source, written)


def verbatim(value: str) -> str:
    """A URL or DOI as a field value: the characters that would end or escape the
    field are percent-encoded (the models refuse them, this is the last guard)."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
