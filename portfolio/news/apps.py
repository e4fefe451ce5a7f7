from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "portfolio.news"
    label = "news"

    def ready(self):
        from portfolio.core import registry

        from .feeds import NewsAtomFeed, NewsFeed
        from .sitemaps import NewsSitemap

        registry.register(
            registry.ContentType(
                model="news.newsitem",
                name="news",
                heading="News",
                item_template="includes/news_item.html",
                item_name="item",
                fixture_models=("news.newsitem",),
                feeds={"news.rss": NewsFeed, "news.atom": NewsAtomFeed},
                sitemaps={"news": NewsSitemap},
                list_url="news:list",
                nav_label="News",
                search={"A": ("title",), "C": ("text",)},
                search_excerpt=("text",),
            )
        )
