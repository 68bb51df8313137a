from django.contrib import admin

from ntm_portal.admin import AuditedAdmin

from .models import ApiToken, Dhis2Mapping, ExchangeImport


@admin.register(Dhis2Mapping)
class Dhis2MappingAdmin(AuditedAdmin):
    """The office edits the mapping of the portal's figures to the partner's DHIS2 identifiers (audited)."""

    list_display = ["figure", "data_element", "category_option_combo", "attribute_option_combo", "is_active", "note"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: users create and revoke their tokens on their account page (the secret is never stored)."""

    list_display = ["name", "user", "kind", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["name", "user__username", "prefix"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExchangeImport)
class ExchangeImportAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "unit", "source_format", "value_count", "imported_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
