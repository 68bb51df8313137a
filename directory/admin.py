import tempfile
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from ntm_portal.admin import AuditedAdmin
from ntm_portal.tabular import TableError
from ntm_portal.text import fold

from .forms import MergerForm
from .models import (
    AdministrativeUnit,
    Agency,
    Assignment,
    Commune,
    HouseholdCount,
    Membership,
    Person,
    UnitMove,
    Village,
)
from .reorganisation import merger_apply, read_merger_file
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
    change_list_template = "admin/directory/administrativeunit/change_list.html"

    def get_urls(self):
        return [path("sap-nhap/", self.admin_site.admin_view(self.merge_view), name="directory_merge"),
                *super().get_urls()]

    def merge_view(self, request):
        """Apply a merger file (the same service as `manage.py merge_communes`)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = MergerForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / Path(upload.name).name
                with target.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    plans, file_date = read_merger_file(target)
                    on = form.cleaned_data["on"] or file_date
                    if on is None:
                        raise TableError([_("Tệp không ghi ngày sáp nhập (cột valid_from): hãy nhập ngày.")])
                    report = merger_apply(plans=plans, parent=form.cleaned_data["parent"], on=on, actor=request.user,
                                          note=form.cleaned_data["note"])
                except TableError as exc:
                    errors = exc.errors
                else:
                    messages.success(request, str(report))
                    return redirect("admin:directory_administrativeunit_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "errors": errors,
                   "title": _("Sáp nhập đơn vị hành chính"), "opts": self.model._meta}
        return TemplateResponse(request, "admin/directory/merge.html", context)


@admin.register(UnitMove)
class UnitMoveAdmin(admin.ModelAdmin):
    """Read only: moves are written by a merger, with its audit row."""

    list_display = ["unit", "old_name", "from_parent", "to_parent", "on"]
    list_filter = ["on"]
    search_fields = ["unit__name", "old_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
