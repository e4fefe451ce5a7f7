"""The main navigation: each section that has a public entry, the CV, topics
when some public entry has one, and the owner's free pages in their order."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from portfolio.core import registry
from portfolio.pages.models import Page


def _exists_sql(queryset) -> tuple[str, tuple]:
    sql, params = queryset.order_by().values("pk")[:1].query.sql_with_params()
    return f"EXISTS ({sql})", tuple(params)


def _sections_query() -> tuple[list[str], str, tuple]:
    """The names checked and the one SELECT that checks them."""
    names, parts, params = [], [], []
    for ct in registry.navigable_types():
        sql, ps = _exists_sql(ct.model_class.objects.published())
        names.append(ct.name)
        parts.append(sql)
        params += ps
    # Topics: some public entry of a tagged type has one that has a page (a slug).
    topics = [
        _exists_sql(ct.model_class.objects.published().filter(tagged_items__tag__slug__gt=""))
        for ct in registry.tagged_types()
    ] or [("1 = 0", ())]
    names.append("topics")
    parts.append("(" + " OR ".join(sql for sql, _ in topics) + ")")
    params += [p for _, ps in topics for p in ps]
    # Free pages to list in the navigation.
    sql, ps = _exists_sql(Page.objects.in_navigation())
    names.append("free pages")
    parts.append(sql)
    params += ps
    return names, "SELECT " + ", ".join(parts), tuple(params)


# The SELECT is the same for every request: made once per database and set of
# content type ids (which it names), since composing it costs more than running it.
_compiled: dict[tuple, tuple] = {}


def sections_with_content() -> dict[str, bool]:
    """For each navigable type's name, for "topics" and for "free pages" (in the
    navigation), whether the public may see something there: one query, however
    many types."""
    key = (
        connection.alias,
        connection.vendor,
        connection.settings_dict["NAME"],
        tuple(
            ContentType.objects.get_for_model(ct.model_class).pk for ct in registry.tagged_types()
        ),
    )
    if key not in _compiled:
        _compiled[key] = _sections_query()
    names, sql, params = _compiled[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name: bool(value) for name, value in zip(names, row, strict=True)}


def site_navigation() -> dict[str, list]:
    """``links``: each link of the main navigation (label, url, and the view it
    names); ``feeds``: the feeds of the sections shown (heading, then each feed's
    label and URL); ``sections``: what ``sections_with_content()`` found, so that
    a page need not ask again (a paper's page looks for its projects only if
    there are public projects)."""
    shown = sections_with_content()
    sections = [ct for ct in registry.navigable_types() if shown[ct.name]]
    items = [{"label": ct.nav_label, "url": reverse(ct.list_url), "view": ct.list_url}
             for ct in sections]  # fmt: skip
    items.append({"label": "CV", "url": reverse("website:cv"), "view": "website:cv"})
    if shown["topics"]:
        items.append(
            {"label": "Topics", "url": reverse("website:topics"), "view": "website:topics"}
        )
    free_pages = Page.objects.in_navigation() if shown["free pages"] else Page.objects.none()
    for title, slug in free_pages.values_list("title", "slug"):
        url = reverse("freepages:detail", args=[slug])
        items.append({"label": title, "url": url, "view": ""})
    feeds = [
        (ct.heading, [(registry.feed_label(feed), reverse("feeds:" + registry.feed_url_name(name)))
                      for name, feed in ct.feeds.items()])
        for ct in sections
        if ct.feeds
    ]  # fmt: skip
    return {"links": items, "feeds": feeds, "sections": shown}
