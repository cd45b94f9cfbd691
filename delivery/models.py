from django.db import models
from django.utils import timezone


class PurgeLog(models.Model):
    """One CDN purge: which story triggered it, the URLs sent, and what the CDN answered."""

    class Result(models.TextChoices):
        OK = "ok", "성공"
        FAILED = "failed", "실패"

    at = models.DateTimeField("시각", default=timezone.now, db_index=True)
    # The story may be deleted later (or the purge was for its deletion): the label stays.
    article = models.ForeignKey(
        "articles.Article",
        models.SET_NULL,
        verbose_name="기사",
        related_name="+",
        null=True,
        blank=True,
    )
    story_label = models.CharField("계기", max_length=300, blank=True)
    urls = models.JSONField("주소", default=list)
    backend = models.CharField("방식", max_length=100)
    result = models.CharField("결과", max_length=10, choices=Result.choices)
    detail = models.TextField("응답", blank=True)
    error = models.TextField("오류", blank=True)
    duration_ms = models.PositiveIntegerField("걸린 시간(ms)", default=0)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = "CDN 캐시 삭제 기록"
        verbose_name_plural = "CDN 캐시 삭제 기록"

    def __str__(self):
        return f"{self.story_label or '사이트'} · {self.get_result_display()}"
