"""How topics are typed in the admin: separated by commas only.

taggit's default parser splits on spaces when no comma is present, so a
single topic such as "deep learning" would become two. Topics here are
phrases, so commas are the only separator.
"""

MAX_LENGTH = 100  # taggit's Tag.name


def clean_topic(text: str) -> str:
    """The topic as stored, or '' for one that cannot be a topic: white space is
    folded, and a topic needs a letter or digit (its page address is made of them)."""
    name = " ".join(text.split())[:MAX_LENGTH].strip()
    return name if any(c.isalnum() for c in name) else ""


def clean_topics(values) -> list[str]:
    """The topics among ``values`` (a source's keywords: anything but text is passed
    over), each as stored, once, in their order."""
    cleaned = (clean_topic(value) for value in values if isinstance(value, str))
    return list(dict.fromkeys(topic for topic in cleaned if topic))


def parse_topics(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = clean_topic(part)
        if name:
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def format_topics(tags) -> str:
    return ", ".join(sorted((tag.name for tag in tags), key=str.casefold))
