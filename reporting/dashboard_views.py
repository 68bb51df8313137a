"""Dashboards for the Standing Committee, area monitors and the Inspection Committee (read-only)."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from campaigns.models import Proposal, ReportPhoto
from campaigns.selectors.rosters import programme_of_district
from directory.models import AgencyKind, Commune, District, coordinated_communes_q
from ntm_portal.access import commune_work_for, district_of_scope, scope_of, village_work_for
from ntm_portal.collation import vi
from ntm_portal.db_router import replica_reads
from ntm_portal.fragments import digest, render_cached, template_digest
from ntm_portal.workbooks import xlsx_response

from . import dashboard as dash
from . import dashboard_xlsx
from . import figures as f
from .charts import line_chart


def _district_for(user) -> District:
    """The district whose dashboard the user reads: district roles, or an area monitor's communes."""
    scope = scope_of(user)
    if not (scope.district_ids or scope.monitored_commune_ids):
        raise PermissionDenied
    return district_of_scope(scope)


def _period(request, district):
    programme = programme_of_district(district.pk)
    if programme is None:
        raise Http404
    days = dash.past_action_days(programme)
    day = dash.choose_day(days, request.GET.get("ngay"))
    window = int(request.GET.get("so_tuan", 12)) if request.GET.get("so_tuan", "12") in ("12", "52") else 12
    return programme, days, day, window


def _xlsx(name: str, content: bytes) -> HttpResponse:
    return xlsx_response(content, filename=name)


def _trend_charts(trend):
    labels = [p.day.strftime("%d/%m") for p in trend]
    return [
        line_chart(title="Tỷ lệ hộ tham gia (%)", labels=labels, y_max=100,
                   series={"Tỷ lệ hộ tham gia": [p.participation_rate for p in trend]}),
        line_chart(title="Cán bộ cơ quan có mặt / đăng ký (%) và xã báo cáo đúng hạn (%)", labels=labels, y_max=100,
                   series={"Cán bộ có mặt": [p.presence_rate for p in trend],
                           "Xã báo cáo đúng hạn": [p.on_time_rate for p in trend]}),
    ]


def _funds(board, on) -> dict:
    """Village funds raised in the action day's month and year, per commune (recognition: one query)."""
    from recognition.selectors.funds import fund_month_and_year

    funds = fund_month_and_year([row.figures.commune_id for row in board.communes], on)
    rows = [(row.figures, funds[row.figures.commune_id]) for row in board.communes]
    return {"fund_rows": rows, "fund_month": sum((f["month"] for _fig, f in rows), 0),
            "fund_year": sum((f["year"] for _fig, f in rows), 0)}


@login_required
@require_GET
def district_dashboard(request):
    district = _district_for(request.user)
    scope = scope_of(request.user)
    programme, days, day, window = _period(request, district)
    context = {"district": district, "days": days, "day": day, "window": window, "windows": dash.WINDOWS,
               "is_monitor_view": district.pk not in scope.district_ids}
    context["directives"] = _directives_block(district, scope, monitor_view=context["is_monitor_view"])
    if day is not None:
        board = dash.district_dashboard(district=district, programme=programme, days=days, action_day=day,
                                        commune_ids=dash.communes_in_scope(scope, district), window=window)
        rows, sort = dash.sort_rows(board.communes, request.GET.get("sap_xep", "ma"))
        if request.GET.get("xuat") == "xlsx":
            return _xlsx(f"tong-hop-xa-{day.date:%Y-%m-%d}", dashboard_xlsx.commune_table(board, rows))
        context.update(board=board, rows=rows, sort=sort)
        context.update(_funds(board, day.date))
        if not context["is_monitor_view"]:
            # The leader's first screen names the agencies that sent no roster to some commune.
            figures = dash.day_agency_figures(district=district, action_day=day)
            context["missing_agencies"] = sorted((a for a in figures if a.missing), key=lambda a: a.agency_name)
        context["body"] = _body(context, "reporting/dashboard/_district_body.html", extra=(
            sort, [(a.agency_id, a.short_name, a.agency_name) for a in context.get("missing_agencies") or []],
            "missing_agencies" in context))
    return TemplateResponse(request, "reporting/dashboard/district.html", context)


def _directives_block(district, scope, *, monitor_view: bool) -> dict:
    """The BCĐ's follow-up on the dashboard: tasks overdue and members without a report this period
    (the last 14th or 28th that has come); an area monitor sees the tasks and the members of their
    communes."""
    from directives.selectors.members import dashboard_period, missing_reports
    from directives.selectors.tasks import overdue_deadlines

    period = dashboard_period()
    commune_ids = scope.monitored_commune_ids if monitor_view else None
    return {"period": period, "members_missing": missing_reports(district, period, commune_ids=commune_ids),
            "overdue": overdue_deadlines(scope=scope, unit=district, today=timezone.localdate()),
            "board": not monitor_view}
BODY_PARTS = ("reporting/dashboard/_period.html", "reporting/dashboard/_lights.html",
              "reporting/dashboard/_trend_table.html", "reporting/charts/line.html")


def _body(context: dict, template: str, extra: tuple) -> str:
    """The dashboard's figures drawn once per state of the data (ntm_portal.fragments): the key is the
    board's own cache key (scope, day, window, stamp of the filings), the period list and `extra`."""
    board = context["board"]
    data = (board.key, context["window"], context["day"].pk,
            [(d.pk, d.date, d.title) for d in context["days"]], extra)
    # Kept as long as the board itself: names from the directory (communes, agencies) are in the board,
    # not in its key, so the drawing must not outlive it.
    return render_cached([data], template=template, depends_on=BODY_PARTS, data_of=lambda d: d,
                         context_of=lambda d: {**context, "charts": _trend_charts(board.trend)},
                         timeout=dash.CACHE_SECONDS)[0]


@login_required
@require_GET
def commune_dashboard(request, commune_id):
    commune = commune_work_for(request.user, commune_id)  # an agency reads the directory page, not this
    programme, days, day, window = _period(request, commune.parent)
    context = {"commune": commune, "days": days, "day": day, "window": window, "windows": dash.WINDOWS}
    if day is not None:
        board = dash.district_dashboard(district=commune.parent, programme=programme, days=days, action_day=day,
                                        commune_ids=[commune.pk], window=window)
        # The villages' table comes with the board of this one commune (same key: its filings of the day).
        villages = board.villages
        if request.GET.get("xuat") == "xlsx":
            return _xlsx(f"thon-{commune.code}-{day.date:%Y-%m-%d}", dashboard_xlsx.village_table(commune, day, villages))
        context.update(board=board, row=board.communes[0] if board.communes else None, villages=villages)
        context["body"] = _body(context, "reporting/dashboard/_commune_body.html", extra=(commune.pk, villages))
    return TemplateResponse(request, "reporting/dashboard/commune.html", context)


@login_required
@require_GET
def village_history(request, village_id):
    village, commune = village_work_for(request.user, village_id)
    programme, days, _day, window = _period(request, commune.parent)
    shown = days[:window]
    with replica_reads():
        history = f.village_figures(action_day_ids=[d.pk for d in shown], village_ids=[village.pk])
    rows = [(d, history.get((d.pk, village.pk))) for d in shown]
    if request.GET.get("xuat") == "xlsx":
        return _xlsx(f"lich-su-{village.pk}", dashboard_xlsx.village_history(village, rows))
    photos = (ReportPhoto.objects.filter(village_result__village=village, village_result__report__status__in=f.FILED,
                                         village_result__report__action_day__in=shown)
              .select_related("village_result__report__action_day").order_by("-village_result__report__action_day__date"))
    proposals = Proposal.objects.filter(village=village).select_related("agency").order_by("-created_at")
    chart = line_chart(title="Tỷ lệ hộ tham gia (%)", labels=[d.date.strftime("%d/%m") for d, _ in reversed(rows)],
                       y_max=100, series={"Tỷ lệ hộ tham gia": [fig.participation_rate if fig else None
                                                              for _, fig in reversed(rows)]})
    return TemplateResponse(request, "reporting/dashboard/village.html", {
        "village": village, "commune": commune, "rows": rows, "window": window, "windows": dash.WINDOWS,
        "photos": photos, "proposals": proposals, "chart": chart, "days": days,
    })


@login_required
@require_GET
def compliance(request):
    scope = scope_of(request.user)
    if not scope.district_ids:
        raise PermissionDenied
    district = district_of_scope(scope)
    programme, days, day, _window = _period(request, district)
    kind = request.GET.get("loai", "")
    kind = kind if kind in AgencyKind.values else ""
    commune_id = request.GET.get("xa", "")
    commune_id = int(commune_id) if commune_id.isdigit() else None
    table = ""
    if day is not None:
        key = dash.compliance_key(district=district, days=days, action_day=day)
        if request.GET.get("xuat") == "xlsx":
            rows = dash.compliance_rows(district=district, days=days, action_day=day, kind=kind,
                                        commune_id=commune_id, key=key)
            return _xlsx(f"tuan-thu-{day.date:%Y-%m-%d}", dashboard_xlsx.compliance_table(day, rows))
        table = _compliance_table(district, days, day, kind, commune_id, key)
    communes = Commune.objects.current().filter(coordinated_communes_q(district)).order_by(vi("name"))
    return TemplateResponse(request, "reporting/dashboard/compliance.html", {
        "district": district, "days": days, "day": day, "kinds": AgencyKind.choices,
        "kind": kind, "commune_id": commune_id, "communes": communes, "table": table,
        "day_options": _day_options(days, day) if day is not None else "",
    })


COMPLIANCE_TABLE = "reporting/dashboard/_compliance_table.html"


def _compliance_table(district, days, day, kind, commune_id, key) -> str:
    """The compliance table (one row per agency, the bulk of the page), drawn once per state of its rows:
    kept under the rows' own key (district, day, the score's weeks, filings stamp), the filters, the
    template's source and the language — and no longer than the rows themselves, whose agency and
    commune names come from the directory, not from the key. A hit reads neither the rows nor the figures."""
    table_key = (f"frag:compliance:{template_digest((COMPLIANCE_TABLE,))}:{get_language()}:"
                 + digest((key, kind, commune_id)))
    table = cache.get(table_key)
    if table is None:
        rows, until = dash.compliance_rows_until(district=district, days=days, action_day=day, kind=kind,
                                                 commune_id=commune_id, key=key)
        table = render_to_string(COMPLIANCE_TABLE, {"rows": rows})
        cache.set(table_key, table, max(1, int(until - time.time())))
    return mark_safe(table)  # our own template's output, escaped when it was drawn


def _day_options(days, day) -> str:
    """The <option>s of the period selector (two years of action days: 104 dates formatted), drawn once
    per list of days and choice (ntm_portal.fragments)."""
    return render_cached([([(d.pk, d.date) for d in days], day.pk)],
                         template="reporting/dashboard/_day_options.html", data_of=lambda d: d,
                         context_of=lambda d: {"days": days, "selected": day.pk})[0]
