"""The office edits the lead organisation of each standard here (audited); cases and ledgers are read-only
in the admin: their writes go through recognition.services (pages "Khu dân cư kiểu mẫu", "Quỹ thôn")."""

from django.contrib import admin

from ntm_portal.admin import AuditedAdmin

from .models import FundEntry, ModelAreaCase, StandardLead


@admin.register(StandardLead)
class StandardLeadAdmin(AuditedAdmin):
    list_display = ["criterion", "organisation"]
    list_filter = ["organisation", "criterion__criteria_set"]
    list_select_related = ["criterion"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModelAreaCase)
class ModelAreaCaseAdmin(ReadOnlyAdmin):
    list_display = ["village", "commune", "state", "registered_on", "decision_number", "decision_date", "lost_on"]
    list_filter = ["state"]
    list_select_related = ["village", "commune"]


@admin.register(FundEntry)
class FundEntryAdmin(ReadOnlyAdmin):
    list_display = ["village", "on", "direction", "kind", "source", "amount", "working_days"]
    list_filter = ["direction", "kind", "source"]
    list_select_related = ["village"]
