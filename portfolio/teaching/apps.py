from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "portfolio.teaching"
    label = "teaching"

    def ready(self):
        from portfolio.core import registry

        from .sitemaps import CourseSitemap

        registry.register(
            registry.ContentType(
                model="teaching.course",
                name="teaching",
                heading="Teaching",
                item_template="includes/course_item.html",
                item_name="course",
                fixture_models=("teaching.course", "teaching.courselink"),
                parent_fields={"teaching.courselink": "course"},
                sitemaps={"teaching": CourseSitemap},
                list_url="teaching:list",
                nav_label="Teaching",
                search={"A": ("title", "code"), "B": ("institution",), "C": ("description",)},
                search_excerpt=("institution", "description"),
            )
        )
