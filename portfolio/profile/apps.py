from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "portfolio.profile"
    label = "profile"

    def ready(self):
        from portfolio.core import registry

        from .models import Profile

        registry.register_owner(Profile.get_solo)
        # The person comes first in the CV fixture, and is found by the search (a
        # result leading to the home page); awards, skills and languages have no
        # topics and no pages of their own.
        registry.register(
            registry.ContentType(
                model="profile.profile",
                name="profile",
                heading="Profile",
                fixture_models=("profile.profile", "profile.profilelink"),
                parent_fields={"profile.profilelink": "profile"},
                search={"A": ("name",), "B": ("headline",), "C": ("bio",)},
                search_excerpt=("headline", "bio"),
            )
        )
        for model, name, rows, parents in (
            ("profile.award", "awards", ("profile.award",), {}),
            ("profile.skill", "skills", ("profile.skillcategory", "profile.skill"),
             {"profile.skill": "category"}),
            ("profile.language", "languages", ("profile.language",), {}),
        ):  # fmt: skip
            registry.register(
                registry.ContentType(
                    model=model, name=name, fixture_models=rows, parent_fields=parents
                )
            )
