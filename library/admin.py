from django.contrib import admin

from .models import Document, DocumentVersion


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "file", "filename", "text_source", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "issued_on", "issuing_body", "subject", "owner"]
    list_filter = ["kind", "visibility"]
    search_fields = ["number", "subject", "issuing_body"]
    inlines = [VersionInline]
