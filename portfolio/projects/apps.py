from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "portfolio.projects"
    label = "projects"

    def ready(self):
        from portfolio.core import registry

        from .sitemaps import ProjectSitemap

        registry.register(
            registry.ContentType(
                model="projects.project",
                name="projects",
                heading="Projects",
                item_template="includes/project_item.html",
                item_name="project",
                fixture_models=("projects.project", "projects.projectlink"),
                parent_fields={"projects.projectlink": "project"},
                sitemaps={"projects": ProjectSitemap},
                list_url="projects:list",
                nav_label="Projects",
                search={"A": ("title",), "B": ("summary",), "C": ("description",)},
                search_excerpt=("summary", "description"),
            )
        )
