from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "기사"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import tag_slugs  # noqa: F401  (a slug for tags of punctuation only)
