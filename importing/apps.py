from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """The old site's posts brought in as stories, with their photos and related lists."""

    name = "importing"
    verbose_name = "가져오기"
