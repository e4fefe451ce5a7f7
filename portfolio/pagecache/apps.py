from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Public pages answered from a shared cache and always fresh, and the limits
    on the pages rendered for one client and at once."""

    name = "portfolio.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .version import watch_connection, watch_open_connections

        # Every connection reports its writes, which change the content version.
        connection_created.connect(watch_connection)
        watch_open_connections()
