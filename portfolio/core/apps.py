from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portfolio.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import pagecache, text

        text.connect()
        connection_created.connect(pagecache.watch_connection)
        pagecache.watch_open_connections()
