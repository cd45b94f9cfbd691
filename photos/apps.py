from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PhotosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "photos"
    verbose_name = "사진 라이브러리"

    def ready(self):
        from articles.roles import sync_role_groups

        from . import signals  # noqa: F401 - stored files go when their rows go

        # This app's permissions are made after articles' post_migrate: sync the roles again.
        post_migrate.connect(sync_role_groups, sender=self)
