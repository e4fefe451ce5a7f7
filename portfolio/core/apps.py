from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portfolio.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, pre_save

        from . import pagecache, text
        from .models import FormerSlug

        text.connect()
        pre_save.connect(FormerSlug.record, dispatch_uid="former_slugs")
        post_delete.connect(FormerSlug.forget, dispatch_uid="former_slugs_deleted")
        connection_created.connect(pagecache.watch_connection)
        pagecache.watch_open_connections()
