"""The main navigation: each section that has a public entry, the CV, topics
when some public entry has one, and the owner's free pages in their order."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from taggit.models import TaggedItem

from portfolio.core import registry
from portfolio.freepages.models import Page


def _exists_sql(queryset) -> tuple[str, tuple]:
    sql, params = queryset.order_by().values("pk")[:1].query.sql_with_params()
    return f"EXISTS ({sql})", params


def sections_with_content() -> dict[str, bool]:
    """For each navigable type's name, and for "topics", whether the public may
    see something there: one query, however many types."""
    checks = {ct.name: ct.model_class.objects.published() for ct in registry.navigable_types()}
    checks["topics"] = TaggedItem.objects.none()
    topic_checks = [
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(ct.model_class),
            object_id__in=ct.model_class.objects.published().values("pk"),
        )
        for ct in registry.tagged_types()
    ]
    parts, params = [], []
    for name, queryset in checks.items():
        if name == "topics":
            sqls = [_exists_sql(q) for q in topic_checks] or [("1 = 0", ())]
            parts.append("(" + " OR ".join(sql for sql, _ in sqls) + ")")
            params += [p for _, ps in sqls for p in ps]
        else:
            sql, ps = _exists_sql(queryset)
            parts.append(sql)
            params += ps
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: bool(value) for name, value in zip(checks, row, strict=True)}


def site_navigation() -> dict[str, list]:
    """``links``: each link of the main navigation (label, url, and the view it
    names); ``feeds``: the feeds of the sections shown (heading, then each feed's
    label and URL)."""
    shown = sections_with_content()
    sections = [ct for ct in registry.navigable_types() if shown[ct.name]]
    items = [{"label": ct.nav_label, "url": reverse(ct.list_url), "view": ct.list_url}
             for ct in sections]  # fmt: skip
    items.append({"label": "CV", "url": reverse("pages:cv"), "view": "pages:cv"})
    if shown["topics"]:
        items.append({"label": "Topics", "url": reverse("pages:topics"), "view": "pages:topics"})
    for title, slug in Page.objects.in_navigation().values_list("title", "slug"):
        url = reverse("freepages:detail", args=[slug])
        items.append({"label": title, "url": url, "view": ""})
    feeds = [
        (ct.heading, [(registry.feed_label(feed), reverse("feeds:" + name.replace(".", "_")))
                      for name, feed in ct.feeds.items()])
        for ct in sections
        if ct.feeds
    ]  # fmt: skip
    return {"links": items, "feeds": feeds}
