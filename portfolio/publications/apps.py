from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "portfolio.publications"
    label = "publications"

    def ready(self):
        from portfolio.core import registry

        from .feeds import PublicationAtomFeed, PublicationFeed
        from .sitemaps import AuthorSitemap, PublicationSitemap

        registry.register(
            registry.ContentType(
                model="publications.publication",
                name="publications",
                heading="Publications",
                item_template="includes/publication_item.html",
                item_name="publication",
                fixture_models=(
                    "publications.author",
                    "publications.publication",
                    "publications.authorship",
                    "publications.publicationlink",
                ),
                parent_fields={
                    "publications.authorship": "publication",
                    "publications.publicationlink": "publication",
                },
                # A slug changed in the admin: still the same paper, or person.
                also_matched_by={
                    "publications.publication": [("citation_key",)],
                    "publications.author": [("given_name", "family_name")],
                },
                feeds={
                    "publications.rss": PublicationFeed,
                    "publications.atom": PublicationAtomFeed,
                },
                sitemaps={"publications": PublicationSitemap, "authors": AuthorSitemap},
                list_url="publications:list",
                nav_label="Publications",
                search={
                    "A": ("title",),
                    "B": (
                        "authorships__author__given_name",
                        "authorships__author__family_name",
                        "venue",
                        "venue_short",
                    ),
                    "C": ("abstract",),
                },
                search_excerpt=("author_names", "venue_display", "abstract"),
                math_titles=True,
            )
        )
