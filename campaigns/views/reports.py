"""Day-report pages: the commune files the day from a phone; the coordinator accepts or returns it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ntm_portal.access import commune_for, scope_of

from ..forms.reports import DayReportForm, ReturnForm, VillageResultForm
from ..models import ActionDay, DayReport, ReportPhoto
from ..selectors import reports as selectors
from ..selectors.filing import filing_counts
from ..services import reports as services


def commune_day_for(user, commune_id, action_day_id, *, write: bool = False):
    """(commune, action day): 404 outside the user's scope, 403 if they may only read."""
    commune = commune_for(user, commune_id, write=write)
    return commune, selectors.action_day_for(commune=commune, action_day_id=action_day_id)


def _edit_url(commune, day) -> str:
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


def _detail_url(commune, day) -> str:
    return reverse("campaigns:day_report_detail", args=[commune.pk, day.pk])


@login_required
@require_GET
def commune_weeks(request, commune_id):
    commune = commune_for(request.user, commune_id)
    scope = scope_of(request.user)
    return TemplateResponse(request, "campaigns/day_report_weeks.html", {
        "commune": commune, "weeks": selectors.commune_weeks(commune=commune),
        "can_write": scope.can_write_commune(commune),
    })


@login_required
@require_http_methods(["GET", "POST"])
def day_report_edit(request, commune_id, action_day_id):
    commune, day = commune_day_for(request.user, commune_id, action_day_id, write=True)
    report = selectors.day_report_of(commune=commune, action_day=day)
    action = request.POST.get("action", DayReportForm.ACTION_SAVE)
    token = request.POST.get("submit_token", "")
    if request.method == "POST" and action == DayReportForm.ACTION_SUBMIT and report is not None and report.is_filed:
        # A retry (same token) or a second tap after the report was sent: one submission only.
        if not (token and token == report.last_submit_token):
            messages.info(request, _("Báo cáo đã được nộp trước đó; không ghi nhận thêm lần nộp nào."))
        else:
            messages.success(request, _("Đã nhận báo cáo."))
        return redirect(_detail_url(commune, day))
    page = selectors.day_report_page(commune=commune, action_day=day, report=report)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = DayReportForm(data, report=report, unassigned=page.unassigned_entries)
    village_forms = [VillageResultForm(data, files, section=s, task_types=page.task_types) for s in page.sections]
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid() & all([f.is_valid() for f in village_forms]):
        outcome = _save_and_maybe_submit(request, commune, day, form, village_forms, action, token)
        if isinstance(outcome, list):
            warnings = outcome
        elif outcome is not None:
            return outcome
    return TemplateResponse(request, "campaigns/day_report_edit.html", {
        "commune": commune, "day": day, "report": report, "form": form, "village_forms": village_forms,
        "page": page, "warnings": warnings,
    })


def _save_and_maybe_submit(request, commune, day, form, village_forms, action, token):
    """Save what was typed (always), then submit if asked. Returns a redirect, warnings, or None."""
    attendance = form.attendance()
    for vf in village_forms:
        attendance.update(vf.attendance())
    try:
        report = services.day_report_open(commune=commune, action_day=day, actor=request.user)
        report = services.day_report_save(
            report=report, actor=request.user, remarks=form.cleaned_data["remarks"],
            villages={vf.section.village.pk: vf.figures() for vf in village_forms}, attendance=attendance,
            change_reason=form.cleaned_data.get("change_reason") or "",
            confirmed=form.cleaned_data["confirm_large"],
        )
    except services.NeedsConfirmation as exc:
        return exc.warnings
    except (ValidationError, services.ReportChangedMeanwhile) as exc:
        form.add_error(None, exc if isinstance(exc, ValidationError) else
                       _("Báo cáo vừa được người khác thay đổi; vui lòng tải lại trang."))
        return None
    if action != DayReportForm.ACTION_SUBMIT:
        messages.success(request, _("Đã lưu bản nháp trên máy chủ.") if not report.is_filed
                         else _("Đã lưu thay đổi; phiên bản trước vẫn được giữ."))
        return redirect(_edit_url(commune, day))
    try:
        report = services.day_report_submit(report=report, actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, _("Đã lưu bản nháp nhưng chưa nộp được: %(why)s") % {"why": " ".join(exc.messages)})
        return redirect(_edit_url(commune, day))
    except services.ReportAlreadySubmitted:
        messages.info(request, _("Báo cáo đã được nộp trước đó; không ghi nhận thêm lần nộp nào."))
        return redirect(_detail_url(commune, day))
    if report.is_late:
        messages.warning(request, _("Đã nộp báo cáo (sau hạn %(deadline)s, được ghi nhận là nộp muộn).") % {
            "deadline": day.filing_deadline.strftime("%H:%M %d/%m/%Y")})
    else:
        messages.success(request, _("Đã nộp báo cáo. Đơn vị điều phối sẽ xem xét."))
    return redirect(_detail_url(commune, day))


@login_required
@require_GET
def day_report_detail(request, commune_id, action_day_id):
    commune, day = commune_day_for(request.user, commune_id, action_day_id)
    report = selectors.day_report_of(commune=commune, action_day=day)
    scope = scope_of(request.user)
    page = selectors.day_report_page(commune=commune, action_day=day, report=report)
    return TemplateResponse(request, "campaigns/day_report_detail.html", {
        "commune": commune, "day": day, "report": report, "page": page,
        "versions": list(report.versions.select_related("created_by")) if report else [],
        "can_write": scope.can_write_commune(commune),
        "can_review": scope.can_coordinate_commune(commune),
        "return_form": ReturnForm(),
    })


def _report_for_review(request, report_id) -> DayReport:
    report = DayReport.objects.select_related("commune", "action_day").filter(pk=report_id).first()
    if report is None:
        raise Http404
    commune_for(request.user, report.commune_id)  # 404 outside the scope
    if not scope_of(request.user).can_coordinate_commune(report.commune):  # 403 for readers
        raise PermissionDenied
    return report


@login_required
@require_POST
def day_report_accept(request, report_id):
    report = _report_for_review(request, report_id)
    try:
        services.day_report_accept(report=report, actor=request.user)
    except services.ReportChangedMeanwhile:
        messages.error(request, _("Chỉ duyệt được báo cáo đang ở trạng thái đã nộp."))
    else:
        messages.success(request, _("Đã duyệt báo cáo của %(commune)s.") % {"commune": report.commune})
    return redirect(report)


@login_required
@require_POST
def day_report_return(request, report_id):
    report = _report_for_review(request, report_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi rõ lý do trả lại để xã biết cần sửa gì."))
        return redirect(report)
    try:
        services.day_report_return(report=report, actor=request.user, comment=form.cleaned_data["comment"])
    except services.ReportChangedMeanwhile:
        messages.error(request, _("Chỉ trả lại được báo cáo đang ở trạng thái đã nộp."))
    else:
        messages.success(request, _("Đã trả lại báo cáo cho %(commune)s.") % {"commune": report.commune})
    return redirect(report)


@login_required
@require_GET
def day_report_version(request, commune_id, action_day_id, number):
    commune, day = commune_day_for(request.user, commune_id, action_day_id)
    report = selectors.day_report_of(commune=commune, action_day=day)
    version = report.versions.filter(number=number).first() if report else None
    if version is None:
        raise Http404
    return TemplateResponse(request, "campaigns/day_report_version.html", {
        "commune": commune, "day": day, "report": report, "version": version,
    })


@login_required
@require_GET
def day_filings_latest(request):
    """The filings of the latest action day that has taken place (district readers)."""
    scope = scope_of(request.user)
    if not scope.district_ids:
        raise PermissionDenied
    day = (ActionDay.objects.filter(programme__owner_id__in=scope.district_ids, date__lte=timezone.localdate())
           .order_by("-date").first())
    if day is None:
        messages.info(request, _("Chưa có ngày ra quân nào."))
        return redirect("home")
    return redirect("campaigns:day_filings", day.pk)


@login_required
@require_GET
def day_filings(request, action_day_id):
    """Coordinator and district readers: every commune's report for one action day."""
    scope = scope_of(request.user)
    day = ActionDay.objects.select_related("programme").filter(
        pk=action_day_id, programme__owner_id__in=scope.district_ids).first()
    if day is None:
        if not scope.district_ids:
            raise PermissionDenied
        raise Http404
    filings = selectors.filings_for_day(scope=scope, action_day=day)
    recent = (ActionDay.objects.filter(programme=day.programme, date__lte=timezone.localdate())
              .order_by("-date")[:12])
    return TemplateResponse(request, "campaigns/day_report_list.html", {
        "day": day, "filings": filings, "recent": recent,
        "counts": filing_counts(f.report for f in filings),
    })


@login_required
@require_GET
def report_photo(request, photo_id, size="full"):
    """A report photo, only for those who may read the commune's report (never a public media URL)."""
    photo = ReportPhoto.objects.filter(pk=photo_id).select_related("village_result__report").first()
    if photo is None:
        raise Http404
    commune_for(request.user, photo.village_result.report.commune_id)
    field = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
