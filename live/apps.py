from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "실시간 중계"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (a deleted update or note changes the story)
