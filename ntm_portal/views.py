from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from campaigns.selectors.rosters import home_roster_rows
from directory import selectors
from directory.models import Agency, Role

from .access import require_coordinator, scope_of
from .backup.selectors import backup_overview
from .forms import AuditFilterForm
from .models import AuditEntry
from .notices import notices_unread, unread_count_remember


@login_required
@require_GET
def home(request):
    """Each role's home shows its real scope: communes, villages, agencies, staff."""
    scope = scope_of(request.user)
    context = {"scope": scope}
    if scope.officer_commune_ids:
        rows = [r for r in selectors.commune_rows(scope) if r.commune.pk in scope.officer_commune_ids]
        context["officer_communes"] = [
            (row, list(selectors.assignments_of_commune(row.commune).filter(valid_to__isnull=True)))
            for row in rows
        ]
    if scope.agency_ids:
        context["agencies"] = [
            (agency, list(selectors.staff_of(agency).filter(is_active=True)))
            for agency in selectors.agencies_for(scope).filter(pk__in=scope.agency_ids)
        ]
    if scope.district_ids or scope.monitored_commune_ids:
        rows = selectors.commune_rows(scope)
        if not scope.district_ids:
            rows = [r for r in rows if r.commune.pk in scope.monitored_commune_ids]
        context["commune_rows"] = rows
        context["totals"] = {
            "communes": len(rows),
            "villages": sum(len(r.villages) for r in rows),
            "households": sum(r.households for r in rows),
        }
        if scope.district_ids:
            context["agency_count"] = Agency.objects.filter(owner_id__in=scope.district_ids, is_active=True).count()
    context["is_readonly_leader"] = bool(scope.roles & {Role.LEADER, Role.AREA_MONITOR, Role.INSPECTOR}) and not (
        scope.roles & {Role.COORDINATOR, Role.COMMUNE_OFFICER, Role.AGENCY_FOCAL_POINT}
    )
    if scope.coordinated_district_ids:
        context["backup"] = backup_overview()
    context["roster_rows"] = home_roster_rows(scope)
    unread = notices_unread(request.user)
    context["notices"] = list(unread[:5])
    unread_count_remember(request, len(context["notices"]) if len(context["notices"]) < 5 else unread.count())
    return TemplateResponse(request, "home.html", context)


@login_required
@require_GET
def audit_list(request):
    require_coordinator(request.user)
    scope = scope_of(request.user)
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.filter(unit_id__in=scope.coordinated_district_ids).select_related("actor")
    if request.user.is_superuser:
        entries = AuditEntry.objects.select_related("actor")
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("trang"))
    return TemplateResponse(request, "ntm_portal/audit_list.html", {"form": form, "page": page})
