"""How topics are typed in the admin: separated by commas only.

taggit's default parser splits on spaces when no comma is present, so a
single topic such as "deep learning" would become two. Topics here are
phrases, so commas are the only separator.
"""


def parse_topics(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name:
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def format_topics(tags) -> str:
    return ", ".join(sorted((tag.name for tag in tags), key=str.casefold))
