from django.apps import AppConfig


class FreePagesConfig(AppConfig):
    """Free pages: the owner's own pages in Markdown ("Students", "Software"),
    each in the main navigation where the owner places it."""

    name = "portfolio.pages"
    # The label from before the package was renamed: "freepages.page" is the model's
    # natural key in the owner's CV fixture and backups, and its table, migrations,
    # content type and permissions are all under it.
    label = "freepages"
    verbose_name = "Pages"

    def ready(self):
        from portfolio.core import registry

        from .sitemaps import PageSitemap

        registry.register(
            registry.ContentType(
                model="freepages.page",
                name="pages",
                heading="Pages",
                item_template="includes/page_item.html",
                item_name="page",
                fixture_models=("freepages.page",),
                sitemaps={"pages": PageSitemap},
                search={"A": ("title",), "C": ("body",)},
                search_excerpt=("body",),
            )
        )
