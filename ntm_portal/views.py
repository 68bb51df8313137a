import sys

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from campaigns.models import DayReport
from campaigns.selectors import reports as report_selectors
from campaigns.selectors.rosters import home_roster_rows
from directory import selectors
from directory.models import Agency, Role
from reporting.models import RollUp

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
    if scope.officer_commune_ids:
        # What the officer must do now: each report due, oldest (most overdue) first.
        context["filings_due"] = [due for row, _a in context["officer_communes"]
                                  for due in report_selectors.filings_due(commune=row.commune)]
    if scope.agency_ids:
        # The agency's home says what is due (rosters, below); its staff list lives on the agency page.
        context["agencies"] = [
            (agency, selectors.staff_of(agency).filter(is_active=True).count())
            for agency in selectors.agencies_for(scope).filter(pk__in=scope.agency_ids)
        ]
    if scope.coordinated_district_ids:
        day, filings = report_selectors.filings_to_review(scope=scope)
        if day is not None:
            context["review"] = {
                "day": day,
                "to_accept": [f for f in filings if f.report and f.report.status == DayReport.Status.SUBMITTED],
                "not_filed": [f for f in filings if not (f.report and f.report.first_submitted_at)],
                "total": len(filings),
                "rollup": RollUp.objects.filter(district_id__in=scope.coordinated_district_ids, action_day=day)
                .order_by("-version").first(),
            }
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
    # A member of the steering committee reports on the 14th and 28th (issue 18).
    from directives.selectors.members import memberships_of_user

    context["bcd_seats"] = list(memberships_of_user(request.user))
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


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the fingerprinted file."""
    return redirect(static("favicon.ico"), permanent=True)


# --- error pages: Vietnamese, in the portal's layout, with the way back ---------------------------

# An outage of the database or of the broker answers 503 ("try again in a moment"), not 500.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (DatabaseError, KombuOperationalError, RedisConnectionError)


def _back_url(request) -> str | None:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return None


def _error_page(request, template: str, status: int, **context) -> HttpResponse:
    try:
        body = render_to_string(template, {"back_url": _back_url(request), **context}, request=request)
    except OUTAGE_ERRORS:  # the page's navigation needs the database: draw it without
        body = render_to_string(template, {"back_url": _back_url(request), "outage": True, **context})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


def csrf_failure(request, reason=""):
    return _error_page(request, "403_csrf.html", 403)


def server_error(request):
    """500, or 503 when the database or the broker is down (the draft script keeps what was typed)."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OUTAGE_ERRORS):
        # Without a request context: the navigation would query the database that is down.
        response = HttpResponse(render_to_string("503.html", {"outage": True, "back_url": _back_url(request)}),
                                status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html", {"outage": True, "back_url": _back_url(request)}), status=500)
