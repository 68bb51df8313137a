from django.contrib import admin

from ntm_portal.admin import AuditedAdmin
from ntm_portal.text import fold

from .models import AdministrativeUnit, Agency, Assignment, Commune, HouseholdCount, Membership, Person, Village
from .services import district_of


class HouseholdCountInline(admin.TabularInline):
    model = HouseholdCount
    extra = 0


class UnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "code", "parent", "valid_from", "valid_to", "ntm_status"]
    list_filter = ["level", "kind", "ntm_status"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "successor"]

    def audit_unit(self, obj):
        return district_of(obj)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(UnitAdmin):
    pass


@admin.register(Commune)
class CommuneAdmin(UnitAdmin):
    list_display = ["name", "kind", "code", "parent", "ntm_status", "valid_to"]


@admin.register(Village)
class VillageAdmin(UnitAdmin):
    list_display = ["name", "kind", "parent", "is_demo", "valid_to"]
    list_filter = ["kind", "is_demo", "parent"]
    inlines = [HouseholdCountInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["commune"]


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "kind", "owner", "email", "is_active"]
    list_filter = ["kind", "is_active", "owner"]
    search_fields = ["name", "short_name"]
    inlines = [AssignmentInline]

    def audit_unit(self, obj):
        return obj.owner


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ["agency", "commune", "valid_from", "valid_to"]
    list_filter = ["commune"]
    search_fields = ["agency__name"]
    autocomplete_fields = ["agency", "commune"]

    def audit_unit(self, obj):
        return obj.agency.owner


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name", "position", "agency", "is_party_member", "is_active"]
    list_filter = ["is_party_member", "is_active", "agency__kind"]
    search_fields = ["full_name", "name_folded", "phone"]
    autocomplete_fields = ["agency"]

    def save_model(self, request, obj, form, change):
        obj.name_folded = fold(obj.full_name)
        super().save_model(request, obj, form, change)

    def audit_unit(self, obj):
        return obj.agency.owner


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit", "agency"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user", "unit", "agency"]

    def audit_unit(self, obj):
        return district_of(obj.unit) if obj.unit else obj.agency.owner
