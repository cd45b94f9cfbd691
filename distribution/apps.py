from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = "배포 알림"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.roles import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)
