from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "portfolio.positions"
    label = "positions"

    def ready(self):
        from portfolio.core import registry

        registry.register(
            registry.ContentType(
                model="positions.position",
                name="positions",
                heading="Positions",
                item_template="includes/position_item.html",
                item_name="position",
                fixture_models=("positions.position",),
            )
        )
