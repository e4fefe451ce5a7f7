from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "portfolio.talks"
    label = "talks"

    def ready(self):
        from portfolio.core import registry

        from .feeds import TalkAtomFeed, TalkFeed
        from .sitemaps import TalkSitemap

        registry.register(
            registry.ContentType(
                model="talks.talk",
                name="talks",
                heading="Talks",
                item_template="includes/talk_item.html",
                item_name="talk",
                fixture_models=("talks.talk",),
                feeds={"talks.rss": TalkFeed, "talks.atom": TalkAtomFeed},
                sitemaps={"talks": TalkSitemap},
                list_url="talks:list",
                nav_label="Talks",
                search={"A": ("title",), "B": ("event", "location"), "C": ("abstract",)},
                search_excerpt=("event", "abstract"),
                math_titles=True,
            )
        )
