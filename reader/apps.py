from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site: what readers see, composed from the core and the apps built on it."""

    name = "reader"
    verbose_name = "독자 사이트"
