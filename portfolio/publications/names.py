"""People's names: how a typed name splits into given and family names, and when
two names are the same person's."""

import unicodedata


def split_name(text: str) -> tuple[str, str]:
    """(given names, family name) of "Ada Lovelace" or "van Dijk, Lotte"."""
    text = " ".join(text.split())
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return given, family
    given, _, family = text.rpartition(" ")
    return given, family


def name_key(text: str) -> str:
    """A name as it compares: "Ana Núñez" and "ana nunez" are the same name
    (accents, case and spacing aside), "Núñez, Ana" too."""
    given, family = split_name(text)
    decomposed = unicodedata.normalize("NFKD", f"{given} {family}")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())
