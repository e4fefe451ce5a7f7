"""The owner's accent colour and font, as a small generated stylesheet.

The site's stylesheet sets the defaults as CSS variables; a profile whose
appearance differs gets a second stylesheet that sets them again. Its address
holds a hash of its content (``/theme/<hash>.css``), so it can be cached for good
and needs no inline style or nonce, which cached pages and the static build
could not carry. Any colour may be chosen: it is darkened for the light theme and
lightened for the dark one until text in it is readable (WCAG AA contrast).

A stored value the admin would refuse (a row changed by SQL, an older backup)
gives the default appearance and a warning in the log: the stylesheet only ever
holds a colour it computed and a font stack of its own. A font of the four
system-font choices the site once offered is shown as its successor, silently.
"""

import colorsys
import hashlib
import logging
import re

from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

DEFAULT_ACCENT = "#0b55a3"

# The site's own open fonts, served from its static files (site.css declares the
# faces and their metric-matched fallbacks): text in the first stack, headings,
# navigation and labels in the second.
SERIF_TEXT = '"Portfolio Serif", "Portfolio Serif fallback", Georgia, serif'
SANS_UI = '"Portfolio Sans", "Portfolio Sans fallback", system-ui, sans-serif'
FONT_STACKS = {
    # key: (label, text stack, UI stack)
    "serif": (
        "Serif text, sans-serif headings and labels",
        SERIF_TEXT,
        SANS_UI,
    ),
    "sans": ("Sans-serif throughout", SANS_UI, SANS_UI),
}
DEFAULT_FONT = "serif"
# The four system-font choices before the site had fonts of its own, each with the
# choice nearest to it. A CV or backup written then still names them.
LEGACY_FONTS = {"humanist": "sans", "oldstyle": "serif"}
FONT_CHOICES = [(key, label) for key, (label, *_stacks) in FONT_STACKS.items()]

# The backgrounds accent-coloured text stands on, light and dark (site.css's
# --bg and --surface): the colour must be readable on both.
LIGHT_BACKGROUNDS = ("#ffffff", "#f4f4f2")
DARK_BACKGROUNDS = ("#141414", "#1f1f1f")
TARGET_CONTRAST = 4.6  # WCAG AA asks 4.5 for body text; a little to spare for rounding.

# fullmatch, not "^...$": "$" would also accept a colour followed by a line break.
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def is_colour(value) -> bool:
    return isinstance(value, str) and _HEX.fullmatch(value) is not None


def validate_colour(value: str) -> None:
    if not is_colour(value):
        raise ValidationError(
            "Enter a colour as # and six hexadecimal digits, e.g. #0b55a3.", code="invalid"
        )


def appearance(accent, font) -> tuple[str, str]:
    """The accent colour and font to show: the stored ones, or the default of each
    that is not valid, with a warning."""
    if not is_colour(accent):
        logger.warning(
            "The profile's accent colour %r is not a colour (#rrggbb): the default %s is "
            "shown. Choose a colour in the admin (Profile, Appearance).",
            accent,
            DEFAULT_ACCENT,
        )
        accent = DEFAULT_ACCENT
    font = LEGACY_FONTS.get(font, font) if isinstance(font, str) else font
    if font not in FONT_STACKS:
        logger.warning(
            "The profile's font %r is not one of %s: the default %r is shown. Choose a font "
            "in the admin (Profile, Appearance).",
            font,
            ", ".join(FONT_STACKS),
            DEFAULT_FONT,
        )
        font = DEFAULT_FONT
    return accent.lower(), font


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)


def luminance(colour: str) -> float:
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, backgrounds: tuple[str, ...], lighten: bool) -> str:
    """``colour`` with its lightness moved (hue and saturation kept) until it reaches
    the target contrast on every background."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    step = 0.01 if lighten else -0.01
    candidate = colour
    while min(contrast(candidate, bg) for bg in backgrounds) < TARGET_CONTRAST:
        lightness = min(1.0, max(0.0, lightness + step))
        candidate = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
        if lightness in (0.0, 1.0):
            break
    return candidate


def is_default(accent: str, font: str) -> bool:
    """Whether ``appearance()``'s accent and font are the site's own."""
    return accent == DEFAULT_ACCENT and font == DEFAULT_FONT


def stylesheet(accent: str, font: str) -> str:
    """The CSS that sets the owner's accent colour (readable in both themes) and font,
    as ``appearance()`` returns them."""
    accent, font = appearance(accent, font)
    light = readable(accent, LIGHT_BACKGROUNDS, lighten=False)
    dark = readable(accent, DARK_BACKGROUNDS, lighten=True)
    _label, text, ui = FONT_STACKS[font]
    return (
        f":root {{\n  --accent: {light};\n  --accent-dark: {dark};\n"
        f"  --font-text: {text};\n  --font-ui: {ui};\n}}\n"
    )


def upgrade_rows(rows) -> None:
    """Give the profile rows of a serialised CV or backup (``rows``, changed in place)
    the successor of an old font choice, before they are checked as the admin
    would check them. Any other value is left for that check to refuse."""
    for row in rows if isinstance(rows, list) else ():
        fields = row.get("fields") if isinstance(row, dict) else None
        model = row.get("model") if isinstance(fields, dict) else None
        if isinstance(model, str) and model.lower() == "profile.profile":
            font = fields.get("font")
            if isinstance(font, str) and font in LEGACY_FONTS:
                fields["font"] = LEGACY_FONTS[font]


def digest(css: str) -> str:
    return hashlib.sha256(css.encode()).hexdigest()[:16]
