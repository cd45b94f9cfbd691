"""The queue's rows as the desk's admin shows them: django_tasks_db's table, in Korean."""

from django_tasks_db.models import DBTaskResult


class BackgroundTask(DBTaskResult):
    """One enqueued run of a task (renditions, a purge, pings, suggestions, an announcement)."""

    class Meta:
        proxy = True
        verbose_name = "백그라운드 작업"
        verbose_name_plural = "백그라운드 작업"
        permissions = [("retry_backgroundtask", "실패한 백그라운드 작업을 다시 시도할 수 있음")]

    @property
    def attempt(self) -> int:
        """Which run of the task this is (background.background_task passes it along)."""
        kwargs = (self.args_kwargs or {}).get("kwargs") or {}
        attempt = kwargs.get("attempt", 1)
        return attempt if isinstance(attempt, int) else 1
