from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "portfolio.positions"
    label = "positions"
