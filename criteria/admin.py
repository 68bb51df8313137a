from django.contrib import admin

from ntm_portal.admin import AuditedAdmin

from .models import (
    Assessment,
    CommuneGroup,
    CriteriaSet,
    Criterion,
    Evidence,
    Indicator,
    IndicatorResult,
    Recognition,
    RoadmapTarget,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "name", "group", "certainty", "responsible_agency"]
    autocomplete_fields = ["responsible_agency"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(AuditedAdmin):
    list_display = ["code", "version", "name", "level", "tier", "owner", "valid_from", "valid_to"]
    list_filter = ["level", "tier"]
    autocomplete_fields = ["owner"]
    inlines = [CriterionInline]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "criteria_set", "kind", "comparator", "unit_label", "certainty"]
    list_filter = ["criteria_set", "kind", "certainty"]
    search_fields = ["code", "name"]
    readonly_fields = ["sort_key"]


class ResultInline(admin.TabularInline):
    model = IndicatorResult
    extra = 0
    readonly_fields = ["indicator", "value", "status", "target_value", "note"]
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only here: assessments change only through the portal's workflow (audited)."""

    list_display = ["unit", "criteria_set", "as_of", "status"]
    list_filter = ["criteria_set", "status"]
    inlines = [ResultInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "assessment", "indicator", "size", "uploaded_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Recognition)
class RecognitionAdmin(AuditedAdmin):
    list_display = ["unit", "level", "authority", "decision_number", "decision_date"]
    list_filter = ["level", "authority"]


@admin.register(RoadmapTarget)
class RoadmapTargetAdmin(AuditedAdmin):
    list_display = ["unit", "level", "year", "stage"]
    list_filter = ["level", "year", "stage"]


@admin.register(CommuneGroup)
class CommuneGroupAdmin(AuditedAdmin):
    """Commune groups of QĐ 51/2025 (also entered in the portal and by file, through the same audit trail)."""

    list_display = ["commune", "group", "valid_from", "valid_to", "decision"]
    list_filter = ["group"]
    search_fields = ["commune__name", "commune__code"]
    autocomplete_fields = ["commune"]
