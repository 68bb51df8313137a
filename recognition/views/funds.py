"""Village funds: totals per commune, a commune's villages and balances, a village's ledger, its statement."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import Commune
from directory.selectors import villages_of
from ntm_portal.access import commune_work_for, fund_entry_for, reads_commune_work, scope_of, village_fund_for
from ntm_portal.collation import vi
from ntm_portal.workbooks import download_response, no_store, xlsx_response

from .. import exports
from ..forms import FundEntryForm, PeriodForm
from ..selectors.funds import fund_totals, village_balances, village_ledger
from ..services.funds import EntryInput, fund_entry_add, fund_entry_delete


def _month_year(on: datetime.date):
    return on.replace(day=1), on.replace(month=1, day=1)


@login_required
@require_GET
def fund_overview(request):
    scope = reads_commune_work(request.user)
    on = timezone.localdate()
    month_start, year_start = _month_year(on)
    communes = list(Commune.objects.current(on).filter(scope.work_commune_filter()).order_by(vi("name")))
    ids = [c.pk for c in communes]
    month, year = fund_totals(ids, month_start, on), fund_totals(ids, year_start, on)
    rows = [(c, month[c.pk], year[c.pk]) for c in communes]
    return TemplateResponse(request, "recognition/fund_overview.html", {
        "rows": rows, "on": on, "month_start": month_start, "year_start": year_start,
        "month_total": sum((r[1]["contributions"] for r in rows), 0),
        "year_total": sum((r[2]["contributions"] for r in rows), 0),
        "year_spending": sum((r[2]["spending"] for r in rows), 0)})


@login_required
@require_GET
def fund_commune(request, commune_id):
    commune = commune_work_for(request.user, commune_id)
    on = timezone.localdate()
    month_start, year_start = _month_year(on)
    villages = list(villages_of([commune.pk]).order_by(vi("name")))
    return TemplateResponse(request, "recognition/fund_commune.html", {
        "commune": commune, "balances": village_balances(villages), "on": on,
        "month": fund_totals([commune.pk], month_start, on)[commune.pk],
        "year": fund_totals([commune.pk], year_start, on)[commune.pk],
        "can_write": scope_of(request.user).can_write_commune(commune)})


def _period(request) -> tuple[datetime.date, datetime.date, PeriodForm]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = today.replace(month=1, day=1), today
    if form.is_valid():
        start = form.cleaned_data["tu"] or start
        end = form.cleaned_data["den"] or end
    if start > end:
        start, end = end.replace(month=1, day=1), end
    return start, end, form


@login_required
@require_http_methods(["GET", "POST"])
def fund_village(request, village_id):
    village, commune = village_fund_for(request.user, village_id, write=request.method == "POST")
    can_write = scope_of(request.user).can_write_commune(commune)
    form = FundEntryForm(request.POST if request.method == "POST" else None, request.FILES or None) if can_write else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fund_entry_add(village=village, actor=request.user, receipt=data["receipt"], token=data["token"],
                           data=EntryInput(direction=data["direction"], kind=data["kind"], source=data["source"],
                                           on=data["on"], amount=data["amount"], working_days=data["working_days"],
                                           description=data["description"], contributor=data["contributor"]))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi vào sổ quỹ %(v)s.") % {"v": village.full_name})
            return redirect(reverse("recognition:fund_village", args=[village.pk]))
    start, end, period = _period(request)
    return TemplateResponse(request, "recognition/fund_village.html", {
        "village": village, "commune": commune, "form": form, "period": period,
        "ledger": village_ledger(village, start, end), "can_write": can_write,
    }, status=400 if form is not None and form.errors else 200)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("receipt" if getattr(exc, "code", "") and str(exc.code).startswith("photo") else None, exc)


@login_required
@require_GET
def fund_statement(request, village_id, kind):
    village, commune = village_fund_for(request.user, village_id)
    if kind not in ("pdf", "xlsx"):
        raise Http404
    start, end, _form = _period(request)
    ledger = village_ledger(village, start, end)
    name = exports.statement_filename(ledger)
    if kind == "xlsx":
        return xlsx_response(exports.statement_workbook(ledger), filename=name)
    return download_response(exports.statement_pdf(ledger, commune=commune), filename=f"{name}.pdf",
                             content_type="application/pdf")


@login_required
@require_GET
def fund_receipt(request, entry_id):
    entry = fund_entry_for(request.user, entry_id)
    if not entry.receipt:
        raise Http404
    image = entry.receipt_thumbnail if request.GET.get("nho") and entry.receipt_thumbnail else entry.receipt
    return no_store(FileResponse(image.open("rb"), content_type="image/jpeg"))


@login_required
@require_POST
def fund_entry_remove(request, entry_id):
    entry = fund_entry_for(request.user, entry_id, write=True)
    village_id = entry.village_id
    fund_entry_delete(entry=entry, actor=request.user)
    messages.success(request, _("Đã xóa khoản ghi."))
    return redirect(reverse("recognition:fund_village", args=[village_id]))
