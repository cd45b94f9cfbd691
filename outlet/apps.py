from django.apps import AppConfig


class OutletConfig(AppConfig):
    name = "outlet"
    verbose_name = "매체 설정"
    default_auto_field = "django.db.models.BigAutoField"
