"""Admin of the BCĐ's membership (the coordinating office keeps it); every edit is audited."""

from django.contrib import admin

from ntm_portal.admin import AuditedAdmin

from .models import BcdMembership, MemberReport, SubCommittee


@admin.register(SubCommittee)
class SubCommitteeAdmin(AuditedAdmin):
    list_display = ["name", "unit"]
    list_filter = ["unit"]

    def audit_unit(self, obj):
        return obj.unit


@admin.register(BcdMembership)
class BcdMembershipAdmin(AuditedAdmin):
    list_display = ["full_name", "role", "sub_committee", "unit", "frequency", "valid_from", "valid_to"]
    list_filter = ["unit", "role", "frequency"]
    search_fields = ["full_name", "position"]
    raw_id_fields = ["user", "person", "agency"]
    filter_horizontal = ["communes"]

    def audit_unit(self, obj):
        return obj.unit


@admin.register(MemberReport)
class MemberReportAdmin(admin.ModelAdmin):
    """Read-only here: reports are written through the portal's pages (the workflow)."""

    list_display = ["membership", "period_end", "status", "is_late"]
    list_filter = ["status", "is_late"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
