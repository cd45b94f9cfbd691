from django.contrib import admin

from adminkit.records import SystemRecordAdmin
from articles.dates import korean_datetime

from .models import Ping


@admin.register(Ping)
class PingAdmin(SystemRecordAdmin):
    """What was sent where and what came back; the outbox is written by code, never by hand."""

    list_display = (
        "kind",
        "endpoint",
        "article_id",
        "status",
        "attempts",
        "last_status",
        "answer",
        "created_kst",
        "next_attempt_kst",
    )
    list_filter = ("status", "kind")
    search_fields = ("endpoint", "urls", "last_answer")
    readonly_fields = [field.name for field in Ping._meta.fields]

    @admin.display(description="응답")
    def answer(self, ping):
        return ping.last_answer[:80]

    @admin.display(description="만든 시각 (KST)", ordering="created_at")
    def created_kst(self, ping):
        return korean_datetime(ping.created_at)

    @admin.display(description="다음 시도 (KST)", ordering="next_attempt_at")
    def next_attempt_kst(self, ping):
        return korean_datetime(ping.next_attempt_at) if ping.status == "pending" else "-"
