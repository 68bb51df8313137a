from django.contrib import admin

from .models import RollUp, RollupRecipient


@admin.register(RollUp)
class RollUpAdmin(admin.ModelAdmin):
    list_display = ["action_day", "district", "version", "status", "trigger", "built_at", "emailed_at"]
    list_filter = ["status", "trigger", "district"]
    readonly_fields = [f.name for f in RollUp._meta.fields]

    def has_add_permission(self, request):
        return False  # roll-ups are built by the service, never typed in


@admin.register(RollupRecipient)
class RollupRecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "district", "is_active"]
    list_filter = ["district", "is_active"]
