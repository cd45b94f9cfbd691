"""The outbox of pings: one row per story event and endpoint, sent once, retried on failure."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class PingQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=Ping.Status.PENDING, next_attempt_at__lte=now or timezone.now())

    def claim(self, ping: "Ping", now=None) -> bool:
        """Take a due ping for one sender; False when another process took it first.

        A conditional UPDATE, not a held row lock: the HTTP request runs outside any
        transaction. The lease moves next_attempt_at past the request's timeout, so a sender
        that dies mid-request leaves the ping due again afterwards, never lost.
        """
        now = now or timezone.now()
        lease = timedelta(seconds=settings.NEWSROOM_PING_TIMEOUT * 3 + 30)
        taken = self.filter(pk=ping.pk, status=Ping.Status.PENDING, attempts=ping.attempts).update(
            attempts=ping.attempts + 1, next_attempt_at=now + lease
        )
        if taken:
            ping.attempts += 1
        return bool(taken)


class Ping(models.Model):
    """One notification to one endpoint about one change of a story."""

    class Kind(models.TextChoices):
        INDEXNOW = "indexnow", "IndexNow"
        WEBSUB = "websub", "WebSub"

    class Status(models.TextChoices):
        PENDING = "pending", "대기"
        SENT = "sent", "보냄"
        GAVE_UP = "gave_up", "포기"

    event = models.UUIDField("사건", default=uuid.uuid4, editable=False)
    kind = models.CharField("종류", max_length=10, choices=Kind.choices)
    endpoint = models.URLField("받는 곳", max_length=500)
    urls = models.JSONField("알린 주소", default=list)
    article_id = models.BigIntegerField("기사 번호", null=True, blank=True, db_index=True)
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("시도 횟수", default=0)
    next_attempt_at = models.DateTimeField("다음 시도", default=timezone.now)
    last_status = models.PositiveSmallIntegerField("마지막 응답 코드", null=True, blank=True)
    last_answer = models.TextField("마지막 응답", blank=True)
    created_at = models.DateTimeField("만든 시각", default=timezone.now, editable=False)
    sent_at = models.DateTimeField("보낸 시각", null=True, blank=True)

    objects = PingQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = "배포 알림"
        verbose_name_plural = "배포 알림 (IndexNow, WebSub)"
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="ping_once_per_endpoint"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="ping_due",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.endpoint}"

    def record_success(self, status: int, answer: str):
        self.status, self.sent_at = self.Status.SENT, timezone.now()
        self._record(status, answer)

    def record_failure(self, status: int | None, answer: str, *, permanent: bool):
        """Schedule the next attempt, doubling the wait each time, or give up."""
        if permanent or self.attempts >= settings.NEWSROOM_PING_MAX_ATTEMPTS:
            self.status = self.Status.GAVE_UP
        else:
            delay = settings.NEWSROOM_PING_RETRY_SECONDS * 2 ** (self.attempts - 1)
            self.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        self._record(status, answer)

    def _record(self, status, answer):
        self.last_status, self.last_answer = status, answer[:2000]
        self.save(
            update_fields=["status", "sent_at", "next_attempt_at", "last_status", "last_answer"]
        )
