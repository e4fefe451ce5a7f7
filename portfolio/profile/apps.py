from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "portfolio.profile"
    label = "profile"
