from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "실시간 중계"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.roles import sync_role_groups

        from . import receivers  # noqa: F401  (a deleted update or note changes the story)

        # This app's permissions exist only after its own post_migrate: sync the roles again.
        post_migrate.connect(sync_role_groups, sender=self)
