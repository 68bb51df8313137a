"""Day-report pages: the commune files the day from a phone; the coordinator accepts or returns it."""

from __future__ import annotations

import dataclasses
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ntm_portal.access import commune_day_for, commune_work_for, report_photo_for, scope_of
from ntm_portal.fragments import render_cached

from ..forms.reports import DayReportForm, ReturnForm, VillageResultForm
from ..models import ActionDay, DayReport
from ..selectors import reports as selectors
from ..selectors.filing import filing_counts
from ..services import reports as services

PHOTO_FIELD = re.compile(r"^v(\d+)-photos$")


def _edit_url(commune, day) -> str:
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


def _detail_url(commune, day) -> str:
    return reverse("campaigns:day_report_detail", args=[commune.pk, day.pk])


@login_required
@require_GET
def commune_weeks(request, commune_id):
    commune = commune_work_for(request.user, commune_id)
    scope = scope_of(request.user)
    weeks = selectors.commune_weeks(commune=commune)
    due = {d.action_day.pk: d.overdue for d in selectors.filings_due(commune=commune, weeks=weeks)}
    # The reports due come first (oldest, most overdue, on top); then the other weeks, newest first.
    weeks = sorted(weeks, key=lambda w: (w[0].pk not in due, w[0].date.toordinal() * (1 if w[0].pk in due else -1)))
    return TemplateResponse(request, "campaigns/day_report_weeks.html", {
        "commune": commune, "weeks": weeks, "due": due, "can_write": scope.can_write_commune(commune),
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
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    photo_errors: dict[int, list[str]] = {}
    if files and not (report is not None and report.is_filed):
        # Photos are stored first and on their own: an error elsewhere on the page never loses them.
        report, photo_errors = _photos_store(request, commune, day, report)
        files = None
    page = selectors.day_report_page(commune=commune, action_day=day, report=report)
    section = _section_asked(request, page)  # ?thon=<id>: one village at a time
    sections = [section] if section else page.sections
    form = DayReportForm(data, report=report, unassigned=() if section else page.unassigned_entries,
                         one_village=section is not None)
    if request.method == "GET":  # the page as it is opened: the village sections come from the cache
        return _filing_page(request, commune, day, report, form, page, section,
                            _sections_drawn(sections, page, _photo_upload_url(commune, day, report)))
    village_forms = [VillageResultForm(data, files, section=s, task_types=page.task_types) for s in sections]
    for vf in village_forms:
        for message in photo_errors.get(vf.section.village.pk, []):
            vf.is_valid()
            vf.add_error("photos", message)
    warnings: list[str] = []
    if form.is_valid() & all([f.is_valid() for f in village_forms]):
        outcome = _save_and_maybe_submit(request, commune, day, form, village_forms, action, token,
                                         next_url=_next_village_url(commune, day, page, section) if section else None,
                                         opened=_opened(page, day))
        if isinstance(outcome, list):
            warnings = outcome
        elif outcome is not None:
            return outcome
    missing = [(vf, vf[name]) for vf in village_forms for name in VillageResultForm.REQUIRED_FOR_SUBMIT
               if vf.has_error(name, code="required_for_submit")]
    first_error = next((vf[name] for vf in village_forms for name in vf.fields if name in vf.errors), None)
    if first_error is not None:
        first_error.field.widget.attrs["autofocus"] = True  # the officer lands on the first field to fix
    return _filing_page(request, commune, day, report, form, page, section, village_forms,
                        warnings=warnings, missing=missing)


def _photo_upload_url(commune, day, report) -> str | None:
    if report is not None and report.is_filed:
        return None
    return reverse("campaigns:day_report_photo_add", args=[commune.pk, day.pk])


def _filing_page(request, commune, day, report, form, page, section, village_forms, *, warnings=(), missing=()):
    return TemplateResponse(request, "campaigns/day_report_edit.html", {
        "commune": commune, "day": day, "report": report, "form": form, "village_forms": village_forms,
        "page": page, "warnings": warnings, "section": section, "missing": missing,
        "states": [(s, selectors.village_state(s)) for s in page.sections],
        "position": page.sections.index(section) + 1 if section else None,
        "photo_upload_url": _photo_upload_url(commune, day, report),
    })


@dataclasses.dataclass
class DrawnSection:
    """A village section of the page as opened: its HTML, drawn from an unbound form (no errors)."""

    section: selectors.VillageSection
    html: str
    errors: tuple = ()


def _sections_drawn(sections, page, photo_upload_url) -> list[DrawnSection]:
    """The village sections of the page as it is opened, from the cache, keyed by the data each is
    drawn from (ntm_portal.fragments): drawing them (crispy field templates) was ≈ 90 % of the page's
    server time, and a section changes only when its village's figures, plan, photos or roster do.
    The village's form is built only for a section not in the cache."""
    html = render_cached(
        sections, template="campaigns/_village_section.html",
        depends_on=("campaigns/_photo_list.html", "campaigns/_attendance_row.html"),
        data_of=lambda s: (selectors.section_data(s, page.task_types), photo_upload_url),
        context_of=lambda s: {"vf": VillageResultForm(section=s, task_types=page.task_types),
                              "photo_upload_url": photo_upload_url},
    )
    return [DrawnSection(section=s, html=h) for s, h in zip(sections, html, strict=True)]


@login_required
@require_POST
def day_report_photo_add(request, commune_id, action_day_id):
    """One photo of one village, sent on its own (already shrunk by the browser) with a progress bar.

    Answers the village's photo list (HTML fragment) for the script, or goes back to the page without it.
    """
    commune, day = commune_day_for(request.user, commune_id, action_day_id, write=True)
    report = selectors.day_report_of(commune=commune, action_day=day)
    raw = request.GET.get("thon", "")
    uploads = [f for f in request.FILES.getlist("photo") if f]
    back = f"{_edit_url(commune, day)}?thon={raw}" if raw.isdigit() else _edit_url(commune, day)
    error = None
    if not raw.isdigit() or not uploads:
        error = _("Chưa chọn ảnh.")
    else:
        try:
            report = services.day_report_open(commune=commune, action_day=day, actor=request.user)
            services.report_photos_add(report=report, village_id=int(raw), uploads=uploads, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx and "fragment" not in request.GET:
        (messages.error if error else messages.success)(request, error or _("Đã lưu ảnh."))
        return redirect(back)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    page = selectors.day_report_page(commune=commune, action_day=day, report=report)
    section = next((s for s in page.sections if s.village.pk == int(raw)), None)
    if section is None:
        raise Http404
    vf = VillageResultForm(section=section, task_types=page.task_types)
    return TemplateResponse(request, "campaigns/_photo_list.html", {"vf": vf})


def _section_asked(request, page):
    raw = request.GET.get("thon")
    if raw is None:
        return None
    for s in page.sections:
        if raw.isdigit() and s.village.pk == int(raw):
            return s
    raise Http404


def _next_village_url(commune, day, page, section) -> str:
    """After saving one village: the next one not yet filled in, else the whole report to submit."""
    index = page.sections.index(section)
    for s in page.sections[index + 1:] + page.sections[:index]:
        if selectors.village_state(s) != selectors.VILLAGE_DONE:
            return f"{_edit_url(commune, day)}?thon={s.village.pk}"
    return f"{_edit_url(commune, day)}#nop-bao-cao"


def _photos_store(request, commune, day, report):
    """Store the photos of a post of a draft report, village by village. Returns (report, errors by village)."""
    uploads: dict[int, list] = {}
    for key in request.FILES:
        match = PHOTO_FIELD.match(key)
        if match:
            uploads[int(match[1])] = [f for f in request.FILES.getlist(key) if f]
    errors: dict[int, list[str]] = {}
    if not any(uploads.values()):
        return report, errors
    try:
        report = services.day_report_open(commune=commune, action_day=day, actor=request.user)
    except ValidationError as exc:
        return report, {village_id: exc.messages for village_id in uploads}
    for village_id, files in uploads.items():
        if not files:
            continue
        try:
            services.report_photos_add(report=report, village_id=village_id, uploads=files, actor=request.user)
        except ValidationError as exc:
            errors[village_id] = exc.messages
    return report, errors


def _opened(page, day) -> DayReport | None:
    """The page's report when day_report_open would leave it as it is: it exists, the day is not
    cancelled, and it has a result for each village the page shows (the villages of the day)."""
    if page.report is None or day.status == ActionDay.Status.CANCELLED:
        return None
    return page.report if all(s.result is not None for s in page.sections) else None


def _save_and_maybe_submit(request, commune, day, form, village_forms, action, token, next_url=None, opened=None):
    """Save what was typed (always), then submit if asked. Returns a redirect, warnings, or None
    (the page is drawn again, with each field still missing for the submission marked).
    `opened`: the report, already open with every village (_opened); else it is opened here."""
    attendance = form.attendance()
    for vf in village_forms:
        attendance.update(vf.attendance())
    try:
        report = opened or services.day_report_open(commune=commune, action_day=day, actor=request.user)
        report = services.day_report_save(
            report=report, actor=request.user,
            remarks=None if form.one_village else form.cleaned_data["remarks"],
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
    if action != DayReportForm.ACTION_SUBMIT or form.one_village:
        if form.one_village:
            village = village_forms[0].section.village
            messages.success(request, _("Đã lưu %(village)s.") % {"village": village.name})
            return redirect(next_url or _edit_url(commune, day))
        messages.success(request, _("Đã lưu bản nháp trên máy chủ.") if not report.is_filed
                         else _("Đã lưu thay đổi; phiên bản trước vẫn được giữ."))
        return redirect(_edit_url(commune, day))
    if sum(vf.require_for_submit() for vf in village_forms):
        # Saved as a draft; each missing field is marked on the page and the first one gets the focus.
        messages.error(request, _("Đã lưu bản nháp nhưng chưa nộp được: còn ô bắt buộc chưa nhập, "
                                  "được đánh dấu đỏ bên dưới."))
        return None
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
    commune_work_for(request.user, report.commune_id)  # 404 outside the scope
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
    photo = report_photo_for(request.user, photo_id)
    field = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
