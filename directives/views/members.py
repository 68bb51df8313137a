"""Pages of the BCĐ members' periodic reports: a member files theirs; the head of the BCĐ and the
office see who filed and who did not ("không có báo cáo thì coi như không đi chỉ đạo")."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ntm_portal import workflow
from ntm_portal.access import (
    bcd_may_review,
    bcd_membership_for,
    bcd_seat_for,
    bcd_seats_unit_for,
    bcd_unit_for,
    member_report_for,
    scope_of,
)

from .. import member_services as services
from ..member_forms import MemberReportForm, MemberReturnForm, SeatForm
from ..models import BcdMembership, MemberReport, ReportFrequency
from ..schedule import Period, period_ending, recent_periods, today_vn
from ..selectors import members as selectors


def _period_of(membership, value: str) -> Period:
    """The period of the member's schedule ending on `value` (yyyy-mm-dd), within their seat and not
    in the future; 404 otherwise."""
    try:
        end = datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    period = period_ending(membership.frequency, end)
    if (period is None or period.start > today_vn() or period.end < membership.valid_from
            or (membership.valid_to and period.start > membership.valid_to)):
        raise Http404
    return period


def _edit_url(membership, period: Period) -> str:
    return reverse("directives:member_report_edit", args=[membership.pk, period.key])


@login_required
@require_GET
def my_member_reports(request):
    rows = [(m, selectors.member_history(m, count=6)) for m in selectors.memberships_of_user(request.user)]
    return TemplateResponse(request, "directives/members/my_reports.html", {"rows": rows, "today": today_vn()})


@login_required
@require_http_methods(["GET", "POST"])
def member_report_edit(request, membership_id, period):
    membership = bcd_membership_for(request.user, membership_id, write=True)
    period = _period_of(membership, period)
    report = MemberReport.objects.filter(membership=membership, period_end=period.end).first()
    filed = report is not None and report.status in workflow.FILED
    action = request.POST.get("action", MemberReportForm.ACTION_SAVE)
    token = request.POST.get("submit_token", "")
    if request.method == "POST" and action == MemberReportForm.ACTION_SUBMIT and filed:
        # A retry (same token) or a second tap after the report was sent: one submission only.
        if token and token == report.last_submit_token:
            messages.success(request, _("Đã nhận báo cáo."))
        else:
            messages.info(request, _("Báo cáo đã được nộp trước đó; không ghi nhận thêm lần nộp nào."))
        return redirect(report)
    initial = {"content": report.content, "issues": report.issues} if report else {}
    form = MemberReportForm(request.POST or None, filed=filed, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, membership, period, action, token)
        if done is not None:
            return done
    return TemplateResponse(request, "directives/members/report_edit.html", {
        "membership": membership, "period": period, "report": report, "form": form, "filed": filed,
    })


def _save(request, form, membership, period, action, token):
    try:
        report = services.member_report_open(membership=membership, period=period, actor=request.user)
        report = services.member_report_save(report=report, actor=request.user, content=form.cleaned_data["content"],
                                             issues=form.cleaned_data["issues"],
                                             change_reason=form.cleaned_data.get("change_reason") or "")
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    except workflow.ChangedMeanwhile:
        form.add_error(None, _("Báo cáo vừa được người khác thay đổi; vui lòng tải lại trang."))
        return None
    if action != MemberReportForm.ACTION_SUBMIT:
        messages.success(request, _("Đã lưu bản nháp.") if report.status == MemberReport.Status.DRAFT
                         else _("Đã lưu thay đổi; phiên bản trước vẫn được giữ."))
        return redirect(_edit_url(membership, period))
    try:
        report = services.member_report_submit(report=report, actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, _("Đã lưu bản nháp nhưng chưa nộp được: %(why)s") % {"why": " ".join(exc.messages)})
        return redirect(_edit_url(membership, period))
    except workflow.AlreadySubmitted:
        messages.info(request, _("Báo cáo đã được nộp trước đó; không ghi nhận thêm lần nộp nào."))
        return redirect(report)
    if report.is_late:
        messages.warning(request, _("Đã nộp báo cáo (sau hạn %(due)s, được ghi nhận là nộp muộn).") % {
            "due": report.due_date.strftime("%d/%m/%Y")})
    else:
        messages.success(request, _("Đã nộp báo cáo cho Trưởng Ban Chỉ đạo."))
    return redirect(report)


@login_required
@require_GET
def member_report_detail(request, member_report_id):
    report = member_report_for(request.user, member_report_id)
    membership = report.membership
    return TemplateResponse(request, "directives/members/report_detail.html", {
        "report": report, "membership": membership,
        "versions": list(report.versions.select_related("created_by")),
        "can_write": membership.user_id == request.user.pk,
        "can_review": bcd_may_review(request.user, membership.unit_id),
        "edit_url": reverse("directives:member_report_edit", args=[membership.pk, report.period_end.isoformat()]),
        "return_form": MemberReturnForm(),
    })


@login_required
@require_POST
def member_report_accept(request, member_report_id):
    report = member_report_for(request.user, member_report_id, review=True)
    try:
        services.member_report_accept(report=report, actor=request.user)
    except workflow.ChangedMeanwhile:
        messages.error(request, _("Chỉ ghi nhận được báo cáo đang ở trạng thái đã nộp."))
    else:
        messages.success(request, _("Đã duyệt báo cáo của %(member)s.") % {"member": report.membership.full_name})
    return redirect(report)


@login_required
@require_POST
def member_report_return(request, member_report_id):
    report = member_report_for(request.user, member_report_id, review=True)
    form = MemberReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi rõ lý do trả lại để thành viên biết cần bổ sung gì."))
        return redirect(report)
    try:
        services.member_report_return(report=report, actor=request.user, comment=form.cleaned_data["comment"])
    except workflow.ChangedMeanwhile:
        messages.error(request, _("Chỉ trả lại được báo cáo đang ở trạng thái đã nộp."))
    else:
        messages.success(request, _("Đã trả lại báo cáo cho %(member)s.") % {"member": report.membership.full_name})
    return redirect(report)


@login_required
@require_GET
def member_history(request, membership_id):
    membership = bcd_membership_for(request.user, membership_id)
    return TemplateResponse(request, "directives/members/member_history.html", {
        "membership": membership, "rows": selectors.member_history(membership, count=12),
        "is_own": membership.user_id == request.user.pk, "communes": list(membership.communes.all()),
        "today": today_vn(),
    })


@login_required
@require_GET
def members_status(request):
    unit, commune_ids = bcd_unit_for(request.user)
    choices = [p for p in recent_periods(ReportFrequency.TWICE_MONTHLY, count=12) if p.due <= today_vn()]
    period = next((p for p in choices if p.key == request.GET.get("ky")), None) or selectors.dashboard_period()
    rows = selectors.period_report_status(unit, period.start, period.end, commune_ids=commune_ids)
    only_missing = request.GET.get("chua-bao-cao") == "1"
    missing = [r for r in rows if r.is_missing]
    return TemplateResponse(request, "directives/members/status.html", {
        "unit": unit, "period": period, "choices": choices, "rows": missing if only_missing else rows,
        "missing": missing, "only_missing": only_missing, "missing_words": selectors.MISSING_WORDS,
        "is_monitor_view": commune_ids is not None, "can_manage_seats": unit is not None and scope_of(request.user).can_coordinate(unit.pk),
    })


# --- The seats of the BCĐ, kept by the coordinating office ------------------------------------------

@login_required
@require_GET
def seats(request):
    unit = bcd_seats_unit_for(request.user)
    today = today_vn()
    rows = list(BcdMembership.objects.filter(unit=unit).select_related("user", "agency", "sub_committee", "person")
                .prefetch_related("communes").order_by("order", "full_name"))
    current = [s for s in rows if s.valid_to is None or s.valid_to >= today]
    past = sorted((s for s in rows if s.valid_to is not None and s.valid_to < today),
                  key=lambda s: s.valid_to, reverse=True)
    return TemplateResponse(request, "directives/members/seats.html", {
        "unit": unit, "current": current, "past": past, "today": today,
        "without_account": [s for s in current if s.user_id is None],
        "remind_days": settings.DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE,
    })


@login_required
@require_http_methods(["GET", "POST"])
def seat_add(request):
    unit = bcd_seats_unit_for(request.user)
    return _seat_page(request, unit, None)


@login_required
@require_http_methods(["GET", "POST"])
def seat_edit(request, membership_id):
    seat = bcd_seat_for(request.user, membership_id)
    return _seat_page(request, seat.unit, seat)


def _seat_page(request, unit, seat):
    token = request.POST.get("submit_token") or secrets.token_hex(16)
    initial = {"valid_from": today_vn(), "order": 100, "frequency": ReportFrequency.TWICE_MONTHLY}
    if seat is not None:
        initial = {f: getattr(seat, f) for f in services.SEAT_FIELDS if f != "user"}
        initial["username"] = seat.user.username if seat.user_id else ""
        initial["communes"] = list(seat.communes.all())
    form = SeatForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved, changed = services.bcd_seat_save(unit=unit, actor=request.user, data=form.seat_data(),
                                                    communes=form.cleaned_data["communes"], seat=seat,
                                                    token="" if seat is not None else token)
        except ValidationError as exc:
            for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            if seat is None and not changed:
                messages.info(request, _("Thành viên này đã được thêm trước đó; không tạo thêm bản ghi nào."))
            elif seat is None:
                messages.success(request, _("Đã thêm thành viên Ban Chỉ đạo %(name)s.") % {"name": saved.full_name})
            elif changed:
                messages.success(request, _("Đã lưu thông tin thành viên %(name)s.") % {"name": saved.full_name})
            else:
                messages.info(request, _("Không có thay đổi nào."))
            return redirect("directives:seats")
    return TemplateResponse(request, "directives/members/seat_edit.html", {
        "unit": unit, "seat": seat, "form": form, "token": token,
    })
