from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "기사"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (connects the search index receiver)
        from .roles import sync_role_groups

        # Permissions exist only after post_migrate, so the groups are synced there.
        post_migrate.connect(sync_role_groups, sender=self)
        from . import tag_slugs  # noqa: F401  (a slug for tags of punctuation only)
