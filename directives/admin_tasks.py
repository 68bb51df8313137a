"""Admin of the tasks: read-only (tasks are entered, reported on and extended through the portal's
pages, which audit every change)."""

from django.contrib import admin

from .models import ProgressReport, Task, TaskDeadline


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["document", "point", "lead_agency", "lead_commune", "lead_person", "deadline_kind"]
    list_filter = ["owner", "deadline_kind", "expected"]
    search_fields = ["text", "lead_person"]
    list_select_related = ["document", "lead_agency", "lead_commune"]


@admin.register(TaskDeadline)
class TaskDeadlineAdmin(ReadOnlyAdmin):
    list_display = ["task", "occurrence", "due_on", "original_due_on", "state"]
    list_filter = ["state"]
    list_select_related = ["task"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["deadline", "state", "reported_by", "reported_at"]
    list_filter = ["state"]
    list_select_related = ["deadline__task", "reported_by"]
