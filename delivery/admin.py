from django.contrib import admin

from adminkit.records import SystemRecordAdmin

from .models import PurgeLog


@admin.register(PurgeLog)
class PurgeLogAdmin(SystemRecordAdmin):
    """Read-only: the log is written by the purge code, never by hand."""

    list_display = ("at", "story_label", "url_count", "backend", "result", "duration_ms")
    list_filter = ("result", "backend")
    search_fields = ("story_label", "error")
    date_hierarchy = "at"
    readonly_fields = [field.name for field in PurgeLog._meta.fields]

    @admin.display(description="주소 수")
    def url_count(self, obj):
        return len(obj.urls)
