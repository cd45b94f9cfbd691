"""The task queue in the admin, in Korean: what waits, what runs, what failed, what retried.

Replaces django_tasks_db's English admin with one on a proxy model (newsroom.BackgroundTask)
whose own permission, newsroom.retry_backgroundtask ("실패한 백그라운드 작업을 다시 시도할
수 있음"), guards the retry button and action on the server; superusers have it.
A retry puts the failed row itself back in the queue, as if just enqueued.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from adminkit.records import SystemRecordAdmin

from .models import TASK_LABELS, BackgroundTask

STATUS_LABELS = {
    TaskResultStatus.READY: "대기",
    TaskResultStatus.RUNNING: "실행 중",
    TaskResultStatus.FAILED: "실패",
    TaskResultStatus.SUCCESSFUL: "완료",
}
RETRIED = Q(args_kwargs__kwargs__attempt__gt=1)


class StatusFilter(admin.SimpleListFilter):
    title = "상태"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*STATUS_LABELS.items(), ("retried", "재시도한 작업")]

    def queryset(self, request, queryset):
        if self.value() == "retried":
            return queryset.filter(RETRIED)
        if self.value() in STATUS_LABELS:
            return queryset.filter(status=self.value())
        return queryset


def moment(value) -> str:
    """A time as the rest of the admin prints it, in the site's time zone; "-" when unset."""
    return formats.localize(timezone.localtime(value)) if value else "-"


def reset_for_retry(queryset) -> int:
    """Put failed tasks back in the queue, ready now; how many."""
    return queryset.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=get_date_max(),
        started_at=None,
        finished_at=None,
        return_value=None,
        exception_class_path="",
        traceback="",
    )


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(SystemRecordAdmin):
    change_form_template = "admin/newsroom/backgroundtask/change_form.html"
    list_display = (
        "task_label",
        "status_label",
        "attempt_label",
        "enqueued_label",
        "run_after_label",
        "finished_label",
    )
    list_filter = (StatusFilter, "queue_name")
    ordering = ("-enqueued_at",)
    actions = ("retry_failed",)
    fields = readonly_fields = (
        "task_label",
        "path_label",
        "status_label",
        "attempt_label",
        "arguments",
        "enqueued_label",
        "run_after_label",
        "started_label",
        "finished_label",
        "workers_label",
        "queue_label",
        "error",
    )

    def has_retry_permission(self, request, obj=None):
        return request.user.is_active and (
            request.user.is_superuser or request.user.has_perm("newsroom.retry_backgroundtask")
        )

    @admin.display(description="작업", ordering="task_path")
    def task_label(self, obj):
        return TASK_LABELS.get(obj.task_path, obj.task_path)

    @admin.display(description="작업 경로")
    def path_label(self, obj):
        return obj.task_path

    @admin.display(description="넣은 시각", ordering="enqueued_at")
    def enqueued_label(self, obj):
        return moment(obj.enqueued_at)

    @admin.display(description="시작 시각", ordering="started_at")
    def started_label(self, obj):
        return moment(obj.started_at)

    @admin.display(description="끝난 시각", ordering="finished_at")
    def finished_label(self, obj):
        return moment(obj.finished_at)

    @admin.display(description="실행한 작업자")
    def workers_label(self, obj):
        return ", ".join(obj.worker_ids) or "-"

    @admin.display(description="대기열")
    def queue_label(self, obj):
        return obj.queue_name

    @admin.display(description="상태", ordering="status")
    def status_label(self, obj):
        return STATUS_LABELS.get(obj.status, obj.status)

    @admin.display(description="시도")
    def attempt_label(self, obj):
        return f"{obj.attempt}회째" + (" (재시도)" if obj.attempt > 1 else "")

    @admin.display(description="실행 예정", ordering="run_after")
    def run_after_label(self, obj):
        return "바로" if obj.run_after == get_date_max() else moment(obj.run_after)

    @admin.display(description="인자")
    def arguments(self, obj):
        return format_html("<code>{}</code>", obj.args_kwargs)

    @admin.display(description="오류")
    def error(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "-"

    @admin.action(description="선택한 실패 작업 다시 시도", permissions=("retry",))
    def retry_failed(self, request, queryset):
        count = reset_for_retry(queryset)
        self.message_user(request, f"실패한 작업 {count}건을 다시 대기열에 넣었습니다.")

    def get_urls(self):
        retry = self.admin_site.admin_view(self.retry_view)
        return [
            path("<path:object_id>/retry/", retry, name="newsroom_backgroundtask_retry"),
            *super().get_urls(),
        ]

    def retry_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_retry_permission(request):
            raise PermissionDenied("실패한 작업을 다시 시도할 권한이 없습니다.")
        task = get_object_or_404(DBTaskResult, pk=object_id)
        if reset_for_retry(DBTaskResult.objects.filter(pk=task.pk)):
            self.message_user(request, "작업을 다시 대기열에 넣었습니다.", messages.SUCCESS)
        else:
            self.message_user(request, "실패한 작업만 다시 시도할 수 있습니다.", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:newsroom_backgroundtask_change", args=[task.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        task = DBTaskResult.objects.filter(pk=object_id).only("status").first()
        extra_context = {
            **(extra_context or {}),
            "can_retry": bool(
                task
                and task.status == TaskResultStatus.FAILED
                and self.has_retry_permission(request)
            ),
            "retry_url": reverse("admin:newsroom_backgroundtask_retry", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)
