"""The project as an app, for its own system check: settings cannot register one."""

from django.apps import AppConfig
from django.core import checks


class ProjectConfig(AppConfig):
    name = "site_config"
    verbose_name = "Project"

    def ready(self):
        from . import env

        checks.register(env.check_unread_variables)
