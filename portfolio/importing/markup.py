"""The markup outside services put in titles and abstracts, made into the text the
site keeps, and XML answers read without the parser's dangerous features.

Crossref writes JATS (``<jats:p>``, ``<jats:italic>``), DataCite and Zotero
HTML (``<i>``, ``<b>``, ``<br>``), PubMed inline HTML and MathML. The site keeps
titles as text with math in ``$...$`` (portfolio/richtext) and abstracts as
Markdown: tags are dropped and their text kept, a short subscript or
superscript becomes math (CO$_{2}$, Amines$^{1}$), MathML keeps the text of its
symbols, TeX math stays math, and paragraphs are separated by a blank line.
"""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from .http import BadResponse

# A subscript or superscript that math writes well: digits and signs, or a word.
_MATH_SYMBOLS = re.compile(r"^[0-9+\-−=().,′ ]{1,12}$")
_MATH_WORD = re.compile(r"^[A-Za-z0-9+\-., ]{1,20}$")
_PARAGRAPHS = {"p", "sec", "br", "div", "li", "title", "list"}
_HIDDEN = {"script", "style", "object", "xref", "fn", "label"}
_MATH_TOKENS = {"mi", "mn", "mo", "ms", "mtext"}


def _local(tag: str) -> str:
    """``jats:italic`` and ``{ns}italic`` are ``italic``."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self.script: list[str] = []  # the text of an open <sub>, <sup> or <tex-math>
        self.script_tag = ""
        self.math_depth = 0  # inside MathML: only its symbols' text counts
        self.token_depth = 0
        self.hidden_depth = 0
        self.title_depth = 0

    def out(self) -> list[str]:
        return self.script if self.script_tag else self.paragraphs[-1]

    def break_paragraph(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_starttag(self, tag, attrs):
        name = _local(tag)
        if name in _HIDDEN:
            self.hidden_depth += 1
        elif name == "math":
            self.math_depth += 1
        elif self.math_depth and name in _MATH_TOKENS:
            self.token_depth += 1
        elif name in {"sub", "sup", "tex-math"} and not self.script_tag:
            self.script_tag, self.script = name, []
        elif name in _PARAGRAPHS:
            self.break_paragraph()
            if name == "title":
                self.title_depth += 1

    def handle_startendtag(self, tag, attrs):
        if _local(tag) == "br":
            self.break_paragraph()

    def handle_endtag(self, tag):
        name = _local(tag)
        if name in _HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif name == "math":
            self.math_depth = max(0, self.math_depth - 1)
        elif self.math_depth and name in _MATH_TOKENS:
            self.token_depth = max(0, self.token_depth - 1)
        elif name == self.script_tag:
            self.close_script()
        elif name in _PARAGRAPHS:
            if name == "title" and self.title_depth:
                self.title_depth -= 1
                words = " ".join("".join(self.paragraphs[-1]).split())
                # "Abstract" heads Crossref's abstracts; a section's title is kept.
                self.paragraphs[-1] = [] if words.lower() == "abstract" else [f"**{words}**"]
            self.break_paragraph()

    def close_script(self) -> None:
        text = " ".join("".join(self.script).split())
        kind, mark = self.script_tag, "_" if self.script_tag == "sub" else "^"
        self.script_tag, self.script = "", []
        if kind == "tex-math":
            text = text.strip("$").strip()
            text = f"${text}$" if text else ""
        elif _MATH_SYMBOLS.match(text):
            text = f"${mark}{{{text}}}$"
        elif _MATH_WORD.match(text):
            text = f"${mark}{{\\text{{{text}}}}}$"
        self.paragraphs[-1].append(text)

    def handle_data(self, data):
        if self.hidden_depth:
            return
        if self.math_depth and not self.token_depth:
            return  # the indentation between MathML elements
        self.out().append(data)

    def text(self) -> list[str]:
        if self.script_tag:
            self.close_script()
        paragraphs = (" ".join("".join(words).split()) for words in self.paragraphs)
        return [p for p in paragraphs if p]


def paragraphs_of(markup: str) -> list[str]:
    """The paragraphs of ``markup`` as text (see the module's docstring)."""
    parser = _Text()
    parser.feed(markup or "")
    parser.close()
    return parser.text()


def inline_text(markup: str) -> str:
    """A title: the text of ``markup`` on one line."""
    return " ".join(paragraphs_of(markup))


def markdown_text(markup: str) -> str:
    """An abstract: paragraphs separated by a blank line."""
    return "\n\n".join(paragraphs_of(markup))


def element_markup(element: ET.Element | None) -> str:
    """What an XML element holds (its text and children), as markup for the
    functions above."""
    if element is None:
        return ""
    inner = [_escape(element.text or "")]
    for child in element:
        tail, child.tail = child.tail, None
        inner.append(ET.tostring(child, encoding="unicode"))
        child.tail = tail
        inner.append(_escape(tail or ""))
    return "".join(inner)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- Reading XML answers --------------------------------------------------------------

# The largest XML answer read: PubMed's 200 records with their references are a few MB.
MAX_XML_BYTES = 16 * 1024 * 1024
# An internal DTD subset is where entities are declared (the "billion laughs");
# PubMed's answers name an external DTD, which the parser never fetches.
_DECLARES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.I)


def parse_xml(body: bytes, service: str, what: str) -> ET.Element:
    """The root element of an XML answer, or BadResponse naming ``what``.

    The standard library's parser expands entities declared in the document, so
    an answer that declares any is refused before it is parsed; so is one in an
    encoding that would hide a declaration from that check (UTF-16, UTF-32)."""
    if len(body) > MAX_XML_BYTES:
        raise BadResponse(
            f"{service} answered with more than {MAX_XML_BYTES // 2**20} MB of XML for {what}."
        )
    if body.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in body[:1024]:
        raise BadResponse(f"{service} answered for {what} in an encoding that is not read.")
    if _DECLARES.search(body):
        raise BadResponse(
            f"{service} answered for {what} with XML that declares entities; it was not read."
        )
    try:
        return ET.fromstring(body)  # noqa: S314 (declarations refused above)
    except (ET.ParseError, RecursionError) as error:
        reason = str(error) if isinstance(error, ET.ParseError) else "nested too deeply"
        raise BadResponse(
            f"{service} answered with XML that cannot be read for {what} ({reason})."
        ) from None
