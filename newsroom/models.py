"""The queue's rows as the desk's admin shows them: django_tasks_db's table, in Korean."""

from django_tasks_db.models import DBTaskResult

# What each task does, as the desk would say it; unknown paths show as they are.
TASK_LABELS = {
    "delivery.tasks.purge_urls": "CDN 캐시 비우기",
    "distribution.tasks.send_due_pings": "배포 알림 보내기",
    "related.tasks.suggest_related": "관련 기사 추천 계산",
    "newsroom.publishing.announce_scheduled_story": "예약 기사 게시 알림",
    "photos.tasks.make_photo_renditions": "사진 크기별 사본 만들기",
}


class BackgroundTask(DBTaskResult):
    """One enqueued run of a task (renditions, a purge, pings, suggestions, an announcement)."""

    class Meta:
        proxy = True
        verbose_name = "백그라운드 작업"
        verbose_name_plural = "백그라운드 작업"
        permissions = [("retry_backgroundtask", "실패한 백그라운드 작업을 다시 시도할 수 있음")]

    def __str__(self):
        return (
            f"{TASK_LABELS.get(self.task_path, self.task_path)} ({self.enqueued_at:%Y-%m-%d %H:%M})"
        )

    @property
    def attempt(self) -> int:
        """Which run of the task this is (background.background_task passes it along)."""
        kwargs = (self.args_kwargs or {}).get("kwargs") or {}
        attempt = kwargs.get("attempt", 1)
        return attempt if isinstance(attempt, int) else 1
