from django.apps import AppConfig


class PhotosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "photos"
    verbose_name = "사진 라이브러리"

    def ready(self):
        from . import signals  # noqa: F401 - stored files go when their rows go
