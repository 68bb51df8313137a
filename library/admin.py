from django.contrib import admin

from .models import Document, DocumentVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """Documents are written through library.services (audit rows, the folded search columns) from
    the library's own pages; the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "file", "filename", "text_source", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "issued_on", "issuing_body", "subject", "owner"]
    list_filter = ["kind", "visibility"]
    search_fields = ["number", "subject", "issuing_body"]
    inlines = [VersionInline]
