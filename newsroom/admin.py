"""The project package's admin: the task queue (newsroom.task_admin), in place of
django_tasks_db's English one."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from . import task_admin  # noqa: F401  (registers BackgroundTaskAdmin)

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
