"""Admin pages for records the system writes (purge logs, ping outbox): looked at, never edited."""

from django.contrib import admin


class SystemRecordAdmin(admin.ModelAdmin):
    """Listed and opened read-only; nobody adds, changes or deletes what was actually sent."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
