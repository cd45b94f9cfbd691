from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = "배포 알림"
    default_auto_field = "django.db.models.BigAutoField"
