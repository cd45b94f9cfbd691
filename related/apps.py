from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "related"
    verbose_name = "관련 기사"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import revisions  # noqa: F401  (a restore leaves the moderated list alone)
