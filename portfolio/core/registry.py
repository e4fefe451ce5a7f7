"""The one list of the portfolio's content types.

Each content app registers its types once, in its ``AppConfig.ready()``; the CV
fixture (load and export), the topic pages, the sitemap and the feeds read this
list instead of naming the types by hand. Adding a type is its model, its admin,
its templates and one ``register()`` call.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class ContentType:
    """How one content type takes part in the site.

    ``model``: the model's label, e.g. ``"talks.talk"``.
    ``name``: its plural key, e.g. ``"talks"`` (topic counts, sitemap sections).
    ``heading``: its heading on a topic page; empty if it has no topics.
    ``item_template`` and ``item_name``: the template that shows one entry in a
    list, and the name under which it reads the entry.
    ``fixture_models``: the models of its rows in the CV fixture, in load order
    (rows another row refers to first); ``parent_fields``: for rows that belong
    to another (a publication's authorships), the field naming the owner;
    ``also_matched_by``: fields that identify an entry besides its natural key.
    ``feeds``: feed file name -> Feed class; ``sitemaps``: section -> Sitemap class.
    ``list_url``: the URL name of its list page; ``nav_label``: its name in the main
    navigation, which shows it only while it has a public entry.
    ``search``: what a search reads, weight ("A" counts most, then "B", "C") ->
    field paths (``"authorships__author__family_name"`` reaches related rows);
    ``search_excerpt``: attributes of an entry a result quotes, the first that
    holds a searched word (or else the first that is not empty).
    ``math_titles``: its titles hold math (``$...$``), shown as plain text where a
    title is text (search results).
    """

    model: str
    name: str
    heading: str = ""
    item_template: str = ""
    item_name: str = ""
    fixture_models: tuple[str, ...] = ()
    parent_fields: dict[str, str] = field(default_factory=dict)
    also_matched_by: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    feeds: dict[str, type] = field(default_factory=dict)
    sitemaps: dict[str, type] = field(default_factory=dict)
    list_url: str = ""
    nav_label: str = ""
    search: dict[str, tuple[str, ...]] = field(default_factory=dict)
    search_excerpt: tuple[str, ...] = ()
    math_titles: bool = False

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def tagged(self) -> bool:
        return bool(self.heading) and hasattr(self.model_class, "tags")

    def published(self) -> models.QuerySet:
        """What the public may see of this type, with what its lists show. A type
        whose entries cannot be hidden (the profile) is public whole."""
        manager = self.model_class.objects
        if not hasattr(manager, "published"):
            return manager.all()
        return manager.published().with_related()


_types: dict[str, ContentType] = {}
_owner: list[Callable] = []


def register(content_type: ContentType) -> ContentType:
    if content_type.model in _types:
        raise ValueError(f"{content_type.model} is registered twice.")
    _types[content_type.model] = content_type
    return content_type


def content_types() -> list[ContentType]:
    """Every registered type, in the order the apps registered them."""
    return list(_types.values())


def tagged_types() -> list[ContentType]:
    """The types that carry topics and appear on topic pages."""
    return [ct for ct in _types.values() if ct.tagged]


def navigable_types() -> list[ContentType]:
    """The types with a list page in the main navigation, in registration order."""
    return [ct for ct in _types.values() if ct.nav_label and ct.list_url]


def searchable_types() -> list[ContentType]:
    return [ct for ct in _types.values() if ct.search]


def cv_models() -> list[str]:
    """Every model of the CV fixture, rows referred to before the rows referring."""
    labels = [label for ct in _types.values() for label in ct.fixture_models]
    return ["taggit.tag", *labels, "taggit.taggeditem"]


def parent_fields() -> dict[str, str]:
    return {label: f for ct in _types.values() for label, f in ct.parent_fields.items()}


def also_matched_by() -> dict[str, list[tuple[str, ...]]]:
    matched = {"taggit.tag": [("name__iexact",), ("slug",)]}
    for ct in _types.values():
        matched.update(ct.also_matched_by)
    return matched


def feeds() -> dict[str, type]:
    return {name: feed for ct in _types.values() for name, feed in ct.feeds.items()}


def feed_url_name(file_name: str) -> str:
    """The URL name of a feed in the "feeds" namespace: "publications.rss" is
    served at /feeds/publications.rss and reversed as "feeds:publications_rss"."""
    return file_name.replace(".", "_")


def feed_label(feed) -> str:
    return "Atom" if "atom" in feed.feed_type.content_type else "RSS"


def feed_links() -> list[dict[str, str]]:
    """Every feed as a page's head announces it: its title, media type and URL name."""
    links = []
    for ct in _types.values():
        for file_name, feed in ct.feeds.items():
            media_type = feed.feed_type.content_type.split(";")[0]
            links.append(
                {
                    "title": f"{ct.heading or ct.name.title()} ({feed_label(feed)})",
                    "type": media_type,
                    "url_name": "feeds:" + feed_url_name(file_name),
                }
            )
    return links


def sitemaps() -> dict[str, type]:
    return {name: s for ct in _types.values() for name, s in ct.sitemaps.items()}


def register_owner(lookup: Callable) -> None:
    """The site's owner (the profile app's person), for feed titles and the like."""
    _owner[:] = [lookup]


def owner():
    return _owner[0]() if _owner else None
