from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """Getting pages to readers fast: page cache, HTTP caching headers, CDN purges."""

    name = "delivery"
    verbose_name = "전송 (캐시·CDN)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (the site-wide mark on outlet and section changes)
