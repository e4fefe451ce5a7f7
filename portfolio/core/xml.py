"""Text that XML 1.0 can carry.

XML 1.0 (the feeds, the sitemap) has no way to write most ASCII control
characters, not even escaped. Rows are cleaned of them when saved
(``portfolio.richtext.text``); the feeds drop any that were stored before.
"""

import re

# Tab, line feed and carriage return are allowed; so is everything from U+0020 on,
# except lone surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A vertical tab or form feed stands between words (PDFs use them as line breaks).
_SEPARATORS = re.compile("[\x0b\x0c]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    if not _NOT_IN_XML.search(text):
        return text
    return _NOT_IN_XML.sub("", _SEPARATORS.sub(" ", text))
