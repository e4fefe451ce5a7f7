"""The Markdown bodies of a site moving in, made ready for this site's Markdown.

Jekyll and Hugo pages mix HTML into their Markdown; this site's Markdown shows
no raw HTML (it would be printed as text). The HTML that has a Markdown form
becomes it (a link, an image, emphasis, a line break, a heading); any other tag
is taken out, its text kept, and named once per file. An image the body shows
from the old site's own files is gathered (``SiteData.images``) and its address
replaced by a placeholder that the writer turns into the address of the copy
it stores in the site's image library.
"""

import html
import posixpath
import re

from django.core.exceptions import ValidationError

from ...files import checked
from .repository import Repository, SiteData, UnsafePath, Unused

MARKDOWN_FIELDS = ("bio", "body", "text", "description", "abstract")
# What a body names an image by until the writer knows its address in the library.
PLACEHOLDER = "site-image:"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")

_ATTRIBUTE = r"""{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""


def attribute(tag: str, name: str) -> str:
    match = re.search(_ATTRIBUTE.format(name=name), tag, re.I)
    return html.unescape(next((g for g in match.groups() if g is not None), "")) if match else ""


# Every repetition is bounded, so that a tag left open costs a bounded scan, not
# the rest of the text for each opening.
_IMG = re.compile(r"<img\b[^>]{0,1000}>", re.I)
_LINK = re.compile(r"<a\b([^>]{0,1000})>(.{0,1000}?)</a\s*>", re.I | re.S)
_EMPHASIS = re.compile(r"<(b|strong|i|em)\b[^>]{0,1000}>(.{0,1000}?)</\1\s*>", re.I | re.S)
_HEADING = re.compile(r"<h([1-6])\b[^>]{0,1000}>(.{0,1000}?)</h\1\s*>", re.I | re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]{0,100})\b[^>]{0,1000}>")
# Code spans and blocks keep what they show.
# (fenced, inline, and indented after a blank line)
_CODE = re.compile(
    r"(```.*?```|~~~.*?~~~|`[^`\n]+`|(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+)", re.S
)


# Pages lay their text out in HTML blocks (Bootstrap's rows and columns, lists),
# indented as HTML is. Before the HTML becomes Markdown, a line inside such a
# block loses its indentation, which Markdown would read as code, and a list item
# becomes Markdown's. Code blocks are left as written.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LAYOUT = "div|p|ul|ol|section|article|figure|figcaption|center|header|footer|main|aside"
_LAYOUT_OPEN = re.compile(rf"<(?:{_LAYOUT})\b", re.I)
_LAYOUT_CLOSE = re.compile(rf"</(?:{_LAYOUT})\s*>", re.I)
_ITEM_FIRST = re.compile(r"^<li\b[^<>]{0,200}>", re.I)
_ITEM = re.compile(r"<li\b[^<>]{0,200}>", re.I)
_ITEM_END = re.compile(r"</li\s*>", re.I)


def html_layout_as_markdown(text: str) -> str:
    """``text`` with the lines inside its HTML layout blocks unindented and its list
    items Markdown's (see above)."""
    out, fence, depth = [], "", 0
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            closing = opening and opening.group(1)[0] == fence[0]
            if closing and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        else:
            inside = depth > 0 or line.lstrip().startswith("<")
            depth += len(_LAYOUT_OPEN.findall(line)) - len(_LAYOUT_CLOSE.findall(line))
            depth = max(depth, 0)
            if inside:
                line = _ITEM_FIRST.sub("- ", line.strip())
                line = _ITEM_END.sub("", _ITEM.sub("\n- ", line))
        out.append(line)
    return "\n".join(out).strip()


def without_comments(text: str) -> str:
    """``text`` without its HTML comments; one left open runs to the end."""
    out, at = [], 0
    while (start := text.find("<!--", at)) != -1:
        out.append(text[at:start])
        end = text.find("-->", start + 4)
        at = len(text) if end == -1 else end + 3
    out.append(text[at:])
    return "".join(out)


def html_to_markdown(text: str, path: str) -> tuple[str, list[Unused]]:
    """``text`` with its HTML as Markdown, and what was taken out (see the module)."""
    removed: dict[str, int] = {}

    def image(match: re.Match) -> str:
        src, alt = attribute(match.group(0), "src"), attribute(match.group(0), "alt")
        return f"![{alt}]({src})" if src else ""

    def link(match: re.Match) -> str:
        href = attribute(match.group(1), "href")
        return f"[{match.group(2).strip()}]({href})" if href else match.group(2)

    def emphasis(match: re.Match) -> str:
        mark = "**" if match.group(1).lower() in ("b", "strong") else "*"
        inner = match.group(2).strip()
        return f"{mark}{inner}{mark}" if inner else ""

    def heading(match: re.Match) -> str:
        return f"\n\n{'#' * int(match.group(1))} {' '.join(match.group(2).split())}\n\n"

    def other(match: re.Match) -> str:
        name = match.group(1).lower()
        removed[name] = removed.get(name, 0) + 1
        return ""

    parts = _CODE.split(html_layout_as_markdown(text))
    for i in range(0, len(parts), 2):  # the parts between code
        part = without_comments(parts[i])
        part = _IMG.sub(image, part)
        part = _LINK.sub(link, part)
        part = _EMPHASIS.sub(emphasis, part)
        part = _HEADING.sub(heading, part)
        part = _BREAK.sub("  \n", part)
        parts[i] = _TAG.sub(other, part)
    out = re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()
    unused = []
    if removed:
        tags = ", ".join(f"<{name}>" for name in sorted(removed))
        unused.append(
            Unused(
                path, f"HTML taken out, its text kept ({tags}): the site's Markdown shows no HTML"
            )
        )
    return out, unused


_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")


def source_path(item) -> str:
    """The file an entry or record came from, from its source key."""
    return item.source_key.removeprefix("site:").split("#")[0]


def gather_images(
    text: str, path: str, repo: Repository, roots: tuple[str, ...], data: SiteData
) -> str:
    """``text`` with each image from the old site's files named by a placeholder
    (the file kept in ``data.images``); other images stay as written."""

    def found(match: re.Match) -> str:
        alt, src = match.group(1), match.group(2)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", src, re.I):
            return match.group(0)  # another site's, or not a file
        clean = src.split("?")[0].split("#")[0]
        if clean.startswith("/"):
            candidates = [posixpath.join(root, clean.lstrip("/")) for root in roots]
        else:
            candidates = [posixpath.normpath(posixpath.join(posixpath.dirname(path), clean))]
            candidates += [posixpath.join(root, clean) for root in roots]
        target = next((c for c in candidates if repo.exists(c)), None)
        if target is None:
            data.unused.append(Unused(path, "no such file in the repository", f"image {src}"))
            return match.group(0)
        if target not in data.images:
            try:
                # Kept as checked and re-encoded: the library stores it as it is.
                content = checked("image", repo.file(target))
            except (UnsafePath, ValidationError) as error:
                reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
                data.unused.append(Unused(target, f"not brought in: {reason}", f"image in {path}"))
                return match.group(0)
            data.images[target] = (content, alt or posixpath.basename(target))
        return f"![{alt}]({PLACEHOLDER}{target})"

    parts = _CODE.split(text)
    parts[::2] = [_MARKDOWN_IMAGE.sub(found, part) for part in parts[::2]]
    return "".join(parts)


def finish(data: SiteData, repo: Repository, roots: tuple[str, ...]) -> None:
    """Every Markdown body of ``data`` made ready (see the module). ``roots``: the
    folders the old site served from its root ("" for Jekyll; "static" for Hugo)."""
    for item in [*data.entries, *data.records]:
        path = source_path(item)
        values = item.values if hasattr(item, "values") else None
        fields = MARKDOWN_FIELDS if values is not None else ("abstract",)
        for name in fields:
            text = values.get(name) if values is not None else getattr(item, name, "")
            if not text or not isinstance(text, str):
                continue
            text, unused = html_to_markdown(text, path)
            data.unused += unused
            text = gather_images(text, path, repo, roots, data)
            if values is not None:
                values[name] = text
            else:
                setattr(item, name, text)
