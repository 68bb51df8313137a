"""Writes of day reports: save as draft, submit, accept, return, change after submission.

Every state change is a conditional UPDATE (`filter(status=…).update(…) == 1`), so a double
tap, a retry after a timeout or two officers at once make one submission. Photos are checked
and resized before anything is written, so a report is confirmed only when all of it is stored.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import AdministrativeUnit
from directory.services import district_of
from ntm_portal import limits, workflow
from ntm_portal.audit import audit_record
from ntm_portal.limits import check_length
from reporting.formatting import vn_number

from ..models import (
    ActionDay,
    Attendance,
    DayReport,
    DayReportVersion,
    Proposal,
    ReportPhoto,
    RosterEntry,
    Task,
    TaskResult,
    TaskType,
    VillageResult,
)
from ..selectors.reports import day_report_snapshot, households_on, last_week_figures
from .photos import PreparedPhoto, photo_prepare

OUTLIER_FACTOR = 10

FIGURES = ["residents", "households", "commune_staff", "teachers", "students", "waste_kg", "waste_m3"]
FIGURE_FIELDS = [*FIGURES, "remarks", "proposal_text"]  # what a save writes on a village result
FIGURE_LABELS = {
    "residents": gettext_lazy("số người dân tham gia"),
    "households": gettext_lazy("số hộ tham gia"),
    "waste_kg": gettext_lazy("rác thải thu gom (kg)"),
    "waste_m3": gettext_lazy("rác thải thu gom (m³)"),
}


# The shared workflow's refusals, under the names the day report's callers know.
ReportAlreadySubmitted = workflow.AlreadySubmitted
ReportChangedMeanwhile = workflow.ChangedMeanwhile


class NeedsConfirmation(Exception):
    """Figures far above last week's: the officer must confirm them (they are not refused)."""

    def __init__(self, warnings: list[str]):
        super().__init__("; ".join(warnings))
        self.warnings = warnings


@dataclasses.dataclass
class VillageFigures:
    residents: int | None = None
    households: int | None = None
    commune_staff: int | None = None
    teachers: int | None = None
    students: int | None = None
    waste_kg: Decimal | None = None
    waste_m3: Decimal | None = None
    remarks: str = ""
    proposal_text: str = ""
    planned: dict[int, Decimal | None] = dataclasses.field(default_factory=dict)  # task id → quantity done
    extras: dict[int, Decimal | None] = dataclasses.field(default_factory=dict)  # unplanned result id → quantity
    new_extra: tuple[int, Decimal] | None = None  # (task type id, quantity)
    new_extras: list[tuple[int, Decimal]] = dataclasses.field(default_factory=list)  # several (the API)
    new_photos: list = dataclasses.field(default_factory=list)
    delete_photos: list[int] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class AttendanceMark:
    attendance: str
    reason: str = ""


# --- rules -------------------------------------------------------------------------------------

def village_figure_errors(figures: VillageFigures, households_total: int | None) -> dict[str, str]:
    """The rules of a village's figures, field → message in Vietnamese. Used by form and service."""
    errors: dict[str, str] = {}
    for name in FIGURES:
        value = getattr(figures, name)
        if value is not None and value < 0:
            errors[name] = _("Không được nhập số âm.")
    for _key, value in [*figures.planned.items(), *figures.extras.items()]:
        if value is not None and value < 0:
            errors.setdefault("tasks", _("Khối lượng phần việc không được âm."))
    for _type_id, value in [*([figures.new_extra] if figures.new_extra is not None else []), *figures.new_extras]:
        if value is None or value < 0:
            errors.setdefault("tasks", _("Khối lượng phần việc không được âm."))
    h, r = figures.households, figures.residents
    if h is not None and households_total is not None and h > households_total and "households" not in errors:
        errors["households"] = _("Số hộ tham gia (%(h)s) không được lớn hơn tổng số hộ của thôn (%(total)s).") % {
            "h": h, "total": households_total}
    if h is not None and r is not None and r < h and "residents" not in errors:
        errors["residents"] = _("Số người tham gia (%(r)s) không được ít hơn số hộ tham gia (%(h)s).") % {
            "r": r, "h": h}
    for name, label in (("remarks", _("Nhận xét")), ("proposal_text", _("Kiến nghị, đề xuất"))):
        try:
            check_length(getattr(figures, name), limits.NOTE, label)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    return errors


def outlier_warnings(*, villages: dict[int, VillageFigures], names: dict[int, str], last: dict[int, dict],
                     planned_types: dict[int, int]) -> list[str]:
    """Figures more than ten times last week's, in words; they need a confirmation, not a refusal."""
    warnings = []
    for village_id, fig in villages.items():
        before = last.get(village_id)
        if not before:
            continue
        checks = [(FIGURE_LABELS[f], getattr(fig, f), before.get(f)) for f in ("residents", "households",
                                                                               "waste_kg", "waste_m3")]
        by_type: dict[int, Decimal] = {}
        for task_id, qty in fig.planned.items():
            if qty is not None and task_id in planned_types:
                by_type[planned_types[task_id]] = by_type.get(planned_types[task_id], Decimal(0)) + qty
        for type_id, qty in by_type.items():
            checks.append((_("khối lượng phần việc"), qty, before["tasks"].get(type_id)))
        for label, now, then in checks:
            if now is not None and then and now > OUTLIER_FACTOR * then:
                warnings.append(_("%(village)s: %(label)s là %(now)s, gấp hơn 10 lần tuần trước (%(then)s).") % {
                    "village": names[village_id], "label": label, "now": vn_number(now), "then": vn_number(then)})
    return warnings


def missing_required(report: DayReport) -> list[str]:
    """Villages whose required figures (people and households taking part) are still empty."""
    return list(
        VillageResult.objects.filter(report=report)
        .filter(Q(residents__isnull=True) | Q(households__isnull=True)).values_list("village__name", flat=True)
    )


# --- photos apart from the figures ----------------------------------------------------------------

@transaction.atomic
def report_photos_add(*, report: DayReport, village_id: int, uploads: list, actor) -> list[ReportPhoto]:
    """Store photos of one village of a draft (or returned) report at once, apart from the figures, so a
    chosen photo is never lost to an error elsewhere on the page. Each photo is checked and resized
    one after the other (one decoded photo in memory at a time); all or none are stored."""
    report = DayReport.objects.select_for_update().get(pk=report.pk)
    if report.is_filed:
        raise ValidationError(_("Báo cáo đã nộp: thêm ảnh cùng lúc với lý do thay đổi."), code="filed")
    vr = VillageResult.objects.select_related("village").filter(report=report, village_id=village_id).first()
    if vr is None:
        raise ValidationError(_("Thôn không thuộc báo cáo này."), code="village")
    if vr.photos.count() + len(uploads) > ReportPhoto.MAX_PER_VILLAGE:
        raise ValidationError(_("%(village)s: tối đa %(n)s ảnh mỗi thôn.") % {
            "village": vr.village.name, "n": ReportPhoto.MAX_PER_VILLAGE}, code="photo_count")
    prepared = [photo_prepare(upload) for upload in uploads]
    stored = []
    for item in prepared:
        photo = ReportPhoto(village_result=vr, original_name=item.original_name, size_bytes=item.image.size,
                            uploaded_by=actor if actor.is_authenticated else None)
        photo.image.save(item.image.name, item.image, save=False)
        photo.thumbnail.save(item.thumbnail.name, item.thumbnail, save=False)
        photo.save()
        stored.append(photo)
    if stored:
        audit_record(actor=actor, action="day_report.photo_add", target=report,
                     after={"village": vr.village.name, "photos": len(stored)}, unit=district_of(report.commune))
    return stored


# --- draft, save -------------------------------------------------------------------------------

@transaction.atomic
def day_report_open(*, commune: AdministrativeUnit, action_day: ActionDay, actor) -> DayReport:
    """The commune's report for the day, created as a draft with one section per current village."""
    if action_day.status == ActionDay.Status.CANCELLED:
        raise ValidationError(_("Ngày ra quân %(date)s đã tạm hoãn (%(reason)s): không cần báo cáo kết quả.") % {
            "date": action_day.date.strftime("%d/%m/%Y"), "reason": action_day.cancel_reason}, code="cancelled")
    report, created = DayReport.objects.get_or_create(
        commune=commune, action_day=action_day, defaults={"created_by": actor if actor.is_authenticated else None}
    )
    from directory.selectors import villages_on_q

    # The commune's villages on the day: a former commune filing late for a day before a merger
    # still has the villages it had then.
    village_ids = list(villages_on_q([commune.pk], action_day.date).values_list("pk", flat=True))
    have = set(VillageResult.objects.filter(report=report).values_list("village_id", flat=True))
    missing = [v for v in village_ids if v not in have]
    if missing:
        totals = households_on(missing, action_day.date)
        VillageResult.objects.bulk_create(
            [VillageResult(report=report, village_id=v, households_total=totals.get(v)) for v in missing]
        )
    if created:
        audit_record(actor=actor, action="day_report.create", target=report, unit=district_of(commune))
    return report


def _version_keep(*, report: DayReport, actor, reason: str) -> DayReportVersion:
    return DayReportVersion.objects.create(
        report=report, number=report.version, status=report.status, snapshot=day_report_snapshot(report),
        reason=reason, created_by=actor if actor.is_authenticated else None,
    )


@transaction.atomic
def day_report_save(
    *, report: DayReport, actor, villages: dict[int, VillageFigures], attendance: dict[int, AttendanceMark],
    remarks: str | None = "", change_reason: str = "", confirmed: bool = False,
) -> DayReport:
    """Store what the officer typed. Drafts and returned reports change freely; a filed report
    needs a reason, keeps its earlier content as a version and goes back for review."""
    report = DayReport.objects.select_related("action_day", "commune").get(pk=report.pk)
    filed = report.is_filed
    if filed and not change_reason.strip():
        raise ValidationError(_("Báo cáo đã nộp: cần ghi lý do thay đổi."), code="reason_required")
    check_length(remarks, limits.LONG_NOTE, _("Nhận xét, đánh giá chung của xã"))
    check_length(change_reason.strip(), limits.SHORT_NOTE, _("Lý do thay đổi"))
    results = {vr.village_id: vr for vr in VillageResult.objects.filter(report=report).select_related("village")}
    unknown = set(villages) - set(results)
    if unknown:
        raise ValidationError(_("Thôn không thuộc báo cáo này."), code="village")
    errors = []
    for village_id, fig in villages.items():
        for message in village_figure_errors(fig, results[village_id].households_total).values():
            errors.append(f"{results[village_id].village.name}: {message}")
    if errors:
        raise ValidationError(errors, code="figures")
    new_types = {type_id for fig in villages.values()
                 for type_id, _qty in [*([fig.new_extra] if fig.new_extra else []), *fig.new_extras]}
    if new_types - set(TaskType.objects.filter(pk__in=new_types, is_active=True).values_list("pk", flat=True)):
        raise ValidationError(_("Loại phần việc không có hoặc không còn dùng."), code="task_type")
    planned_tasks = {t.pk: t for t in Task.objects.filter(plan__commune=report.commune_id,
                                                          plan__action_day=report.action_day_id)}
    if not confirmed:
        warnings = outlier_warnings(
            villages=villages, names={v: r.village.name for v, r in results.items()},
            last=last_week_figures(commune=report.commune, action_day=report.action_day),
            planned_types={pk: t.task_type_id for pk, t in planned_tasks.items()},
        )
        if warnings:
            raise NeedsConfirmation(warnings)

    # Photos: check and resize every new one before writing anything.
    photo_counts = dict.fromkeys(results, 0)
    village_of_result = {r.pk: v for v, r in results.items()}
    for result_id in ReportPhoto.objects.filter(village_result__report=report).values_list("village_result_id",
                                                                                          flat=True):
        photo_counts[village_of_result[result_id]] += 1
    prepared: dict[int, list[PreparedPhoto]] = {}
    for village_id, fig in villages.items():
        kept = photo_counts[village_id] - len(set(fig.delete_photos))
        if kept + len(fig.new_photos) > ReportPhoto.MAX_PER_VILLAGE:
            raise ValidationError(_("%(village)s: tối đa %(n)s ảnh mỗi thôn.") % {
                "village": results[village_id].village.name, "n": ReportPhoto.MAX_PER_VILLAGE}, code="photo_count")
        prepared[village_id] = [photo_prepare(upload) for upload in fig.new_photos]

    if filed:
        _version_keep(report=report, actor=actor, reason=change_reason.strip())
        workflow.reopen_changed(report, updated_at=timezone.now())

    saved_villages = []
    task_results: dict[int, list[TaskResult]] = {vr.pk: [] for vr in results.values()}
    for tr in TaskResult.objects.filter(village_result__report=report):  # the report's, in one query
        task_results[tr.village_result_id].append(tr)
    written = []  # the village results whose figures change: a save of the page as it was writes none
    for village_id, fig in villages.items():
        vr = results[village_id]
        if any(getattr(vr, name) != getattr(fig, name) for name in FIGURE_FIELDS):
            for name in FIGURE_FIELDS:
                setattr(vr, name, getattr(fig, name))
            written.append(vr)
        saved_villages.append(vr)
        _task_results_apply(vr=vr, fig=fig, planned_tasks=planned_tasks, stored=task_results[vr.pk])
        if fig.delete_photos:
            for photo in ReportPhoto.objects.filter(village_result=vr, pk__in=fig.delete_photos):
                photo.image.delete(save=False)
                photo.thumbnail.delete(save=False)
                photo.delete()
        for item in prepared[village_id]:
            photo = ReportPhoto(village_result=vr, original_name=item.original_name, size_bytes=item.image.size,
                                uploaded_by=actor if actor.is_authenticated else None)
            photo.image.save(item.image.name, item.image, save=False)
            photo.thumbnail.save(item.thumbnail.name, item.thumbnail, save=False)
            photo.save()
    # bulk_update draws a CASE per field and row, costly to build for a whole commune: only the rows
    # whose figures change (a value equal to the stored one is no change to write).
    VillageResult.objects.bulk_update(written, FIGURE_FIELDS)
    attendance_changes = _attendance_apply(report=report, marks=attendance, actor=actor)
    # remarks=None: a page of one village, which does not show the report's general remarks.
    DayReport.objects.filter(pk=report.pk).update(
        **({} if remarks is None else {"remarks": remarks}), updated_at=timezone.now())
    commune, action_day = report.commune, report.action_day
    report.refresh_from_db()
    report.commune, report.action_day = commune, action_day  # the same rows; refresh_from_db forgets them
    audit_record(
        actor=actor, action="day_report.change" if filed else "day_report.save", target=report,
        before={"attendance": None} if attendance_changes else None,
        after={"villages": len(saved_villages), "attendance": attendance_changes} if attendance_changes else
        {"villages": len(saved_villages)},
        unit=district_of(report.commune), note=change_reason.strip(),
    )
    return report


def _task_results_apply(*, vr: VillageResult, fig: VillageFigures, planned_tasks: dict[int, Task],
                        stored: list[TaskResult]) -> None:
    """Write the village's task results from what was typed; `stored` are its results as they are."""
    existing = {tr.task_id: tr for tr in stored if tr.task_id is not None}
    for task_id, qty in fig.planned.items():
        task = planned_tasks.get(task_id)
        if task is None or task.village_id != vr.village_id:
            continue
        current = existing.get(task_id)
        if qty is None:
            if current is not None:
                current.delete()
        elif current is None:
            TaskResult.objects.create(village_result=vr, task=task, task_type_id=task.task_type_id, quantity=qty)
        elif current.quantity != qty:
            current.quantity = qty
            current.save(update_fields=["quantity"])
    extras = {tr.pk: tr for tr in stored if tr.task_id is None}
    for result_id, qty in fig.extras.items():
        current = extras.get(result_id)
        if current is None:
            continue
        if qty is None:
            current.delete()
        elif current.quantity != qty:
            current.quantity = qty
            current.save(update_fields=["quantity"])
    for type_id, qty in [*([fig.new_extra] if fig.new_extra is not None else []), *fig.new_extras]:
        TaskResult.objects.create(village_result=vr, task=None, task_type_id=type_id, quantity=qty)  # checked active


def _attendance_apply(*, report: DayReport, marks: dict[int, AttendanceMark], actor) -> dict[str, list]:
    """Write present / absent of the commune's roster people for the day; returns what changed."""
    if not marks:
        return {}
    entries = RosterEntry.objects.filter(pk__in=marks, action_day_id=report.action_day_id,
                                         roster__commune_id=report.commune_id)
    now, changed, changes = timezone.now(), [], {}
    for entry in entries:
        mark = marks[entry.pk]
        status = mark.attendance if mark.attendance in Attendance.values else Attendance.UNKNOWN
        reason = mark.reason.strip()[:300] if status == Attendance.ABSENT else ""
        if (entry.attendance, entry.absence_reason) == (status, reason):
            continue
        changes[f"{entry.pk} {entry.full_name}"] = [entry.attendance, status]
        entry.attendance, entry.absence_reason = status, reason
        entry.attendance_recorded_at = now
        entry.attendance_recorded_by = actor if actor.is_authenticated else None
        changed.append(entry)
    RosterEntry.objects.bulk_update(changed, ["attendance", "absence_reason", "attendance_recorded_at",
                                              "attendance_recorded_by"])
    return changes


# --- workflow ----------------------------------------------------------------------------------

@transaction.atomic
def day_report_submit(*, report: DayReport, actor, token: str = "") -> DayReport:
    """Send the report to the district. One submission whatever the retries: a second call with
    the same token is recognised, any other second call raises ReportAlreadySubmitted.

    Late (after the programme's filing deadline) is accepted and marked on the first submission.
    """
    if workflow.token_seen(report, token):
        report.refresh_from_db()
        return report
    missing = missing_required(report)
    if missing:
        raise ValidationError(
            _("Chưa nhập số người và số hộ tham gia của: %(villages)s.") % {"villages": ", ".join(sorted(missing))},
            code="incomplete",
        )
    action_day = ActionDay.objects.select_related("programme").get(pk=report.action_day_id)
    workflow.submit(report, actor=actor, token=token, deadline=action_day.filing_deadline,
                    updated_at=timezone.now())
    _proposals_sync(report=report)
    workflow.audit(actor=actor, prefix="day_report", name=workflow.SUBMIT, report=report,
                   after={"submission": report.submission_count, "is_late": report.is_late},
                   unit=district_of(report.commune))
    return report


def _proposals_sync(*, report: DayReport) -> None:
    """Each village's proposal text becomes a tracked proposal; open ones follow edits."""
    results = VillageResult.objects.filter(report=report).exclude(proposal_text="")
    existing = {p.village_result_id: p for p in Proposal.objects.filter(village_result__report=report)}
    for vr in results:
        proposal = existing.get(vr.pk)
        if proposal is None:
            Proposal.objects.create(commune_id=report.commune_id, village_result=vr, village_id=vr.village_id,
                                    action_day_id=report.action_day_id, text=vr.proposal_text)
        elif proposal.status == Proposal.Status.OPEN and proposal.text != vr.proposal_text:
            proposal.text = vr.proposal_text
            proposal.save(update_fields=["text"])


@transaction.atomic
def day_report_accept(*, report: DayReport, actor) -> DayReport:
    workflow.accept(report, actor=actor)
    workflow.audit(actor=actor, prefix="day_report", name=workflow.ACCEPT, report=report,
                   unit=district_of(report.commune))
    return report


@transaction.atomic
def day_report_return(*, report: DayReport, actor, comment: str) -> DayReport:
    """Send a submitted report back to the commune with what to fix; the submitted content is kept."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Cần ghi rõ lý do trả lại để xã biết cần sửa gì."), code="comment_required")
    check_length(comment, limits.NOTE, _("Lý do trả lại"))
    report = DayReport.objects.get(pk=report.pk)
    if report.status != DayReport.Status.SUBMITTED:
        raise ReportChangedMeanwhile(report)
    _version_keep(report=report, actor=actor,
                  reason=limits.shorten(_("Trả lại: %(comment)s") % {"comment": comment}, limits.NOTE))
    workflow.send_back(report, actor=actor, comment=comment)
    workflow.audit(actor=actor, prefix="day_report", name=workflow.RETURN, report=report,
                   unit=district_of(report.commune), note=comment)
    return report
