from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import audit_record, snapshot
from .models import AuditEntry, BackupRun, Heartbeat

admin.site.site_header = _("Quản trị Cổng thông tin Nông thôn mới")
admin.site.site_title = _("Quản trị NTM")
admin.site.index_title = _("Danh mục và dữ liệu tham chiếu")


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits leave the same audit rows as the portal's services."""

    def audit_unit(self, obj):
        return None

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action=f"admin.{obj._meta.model_name}.{'update' if change else 'create'}",
                     target=obj, before=before, after=snapshot(obj), unit=self.audit_unit(obj))

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=f"admin.{obj._meta.model_name}.delete", target=obj,
                     before=snapshot(obj), unit=self.audit_unit(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_repr", "unit"]
    list_filter = ["action", "at"]
    search_fields = ["target_repr", "action", "actor__username", "note"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "runs"]
    readonly_fields = ["name", "last_run_at", "runs"]


@admin.register(BackupRun)
class BackupRunAdmin(admin.ModelAdmin):
    """Read-only: backups are made by the nightly job and `manage.py backup`, never edited by hand."""

    list_display = ["started_at", "name", "status", "trigger", "database_bytes", "media_bytes", "media_files",
                    "destination", "pruned_at"]
    list_filter = ["status", "trigger"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
