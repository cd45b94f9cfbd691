"""Third-party apps as the desk reads them: in Korean in the admin's lists and headings."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django_tasks_db.apps import TasksAppConfig
from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    verbose_name = "태그"

    def ready(self):
        super().ready()
        # taggit ships no Korean; its model names show in the admin's index and breadcrumbs.
        tag = self.get_model("Tag")
        tag._meta.verbose_name = "태그"
        tag._meta.verbose_name_plural = "태그"
        tagged = self.get_model("TaggedItem")
        tagged._meta.verbose_name = "태그 붙은 항목"
        tagged._meta.verbose_name_plural = "태그 붙은 항목"


class TasksDatabaseConfig(TasksAppConfig):
    """django_tasks_db's queue table; its admin is replaced by newsroom.task_admin (Korean)."""

    verbose_name = "백그라운드 작업"


class NewsroomConfig(AppConfig):
    """The project on top of every app: role groups, the publish path's receivers, the task
    admin, demo data, URL wiring."""

    name = "newsroom"
    verbose_name = "뉴스룸"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (lists left and related entries; see there)
        from .roles import ROLE_PERMISSIONS, sync_role_groups

        # An app's permissions exist only after its own post_migrate: sync the roles after
        # each app they name, as the last of them may be the one just migrated.
        for label in {label for granted in ROLE_PERMISSIONS.values() for label in granted}:
            post_migrate.connect(
                sync_role_groups, sender=apps.get_app_config(label), dispatch_uid=f"roles-{label}"
            )
