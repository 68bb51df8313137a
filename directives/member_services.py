"""Writes of BCĐ members' periodic reports, through the shared filing workflow (ntm_portal.workflow).

A member opens the report of one period of their schedule, saves a draft, submits it (once,
whatever the retries: the submit token); late after the due day is accepted and marked late. The
head of the BCĐ or the coordinating office accepts it or returns it with what to add; a change
after submission needs a reason and keeps the earlier content as a version.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal import limits, workflow
from ntm_portal.audit import audit_record, snapshot
from ntm_portal.limits import check_length

from .models import BcdMembership, MemberReport, MemberReportVersion
from .schedule import Period, deadline_of

PREFIX = "member_report"


def _snapshot(report: MemberReport) -> dict:
    return {"content": report.content, "issues": report.issues}


def _version_keep(*, report: MemberReport, actor, reason: str) -> MemberReportVersion:
    return MemberReportVersion.objects.create(
        report=report, number=report.version, status=report.status, snapshot=_snapshot(report), reason=reason,
        created_by=actor if actor.is_authenticated else None,
    )


@transaction.atomic
def member_report_open(*, membership: BcdMembership, period: Period, actor) -> MemberReport:
    """The member's report for the period, created as a draft the first time."""
    if period.end < membership.valid_from or (membership.valid_to and period.start > membership.valid_to):
        raise ValidationError(_("Kỳ báo cáo nằm ngoài thời gian là thành viên Ban Chỉ đạo."), code="period")
    report, created = MemberReport.objects.get_or_create(
        membership=membership, period_end=period.end,
        defaults={"period_start": period.start, "due_date": period.due,
                  "created_by": actor if actor.is_authenticated else None},
    )
    if created:
        audit_record(actor=actor, action=f"{PREFIX}.create", target=report, unit=membership.unit)
    return report


@transaction.atomic
def member_report_save(*, report: MemberReport, actor, content: str, issues: str = "",
                       change_reason: str = "") -> MemberReport:
    """Store what the member wrote. A filed report needs a reason, keeps its earlier content as a
    version and goes back for review."""
    report = MemberReport.objects.select_related("membership__unit").get(pk=report.pk)
    content, issues, change_reason = (content or "").strip(), (issues or "").strip(), (change_reason or "").strip()
    check_length(content, limits.LONG_NOTE, _("Kết quả chỉ đạo"))
    check_length(issues, limits.NOTE, _("Khó khăn, vướng mắc, kiến nghị"))
    check_length(change_reason, limits.SHORT_NOTE, _("Lý do thay đổi"))
    filed = report.status in workflow.FILED
    if filed and not change_reason:
        raise ValidationError(_("Báo cáo đã nộp: cần ghi lý do thay đổi."), code="reason_required")
    before = _snapshot(report)
    if filed:
        _version_keep(report=report, actor=actor, reason=change_reason)
        workflow.reopen_changed(report)
    MemberReport.objects.filter(pk=report.pk).update(content=content, issues=issues, updated_at=timezone.now())
    report.refresh_from_db()
    audit_record(actor=actor, action=f"{PREFIX}.change" if filed else f"{PREFIX}.save", target=report,
                 before=limits.shorten(before), after=limits.shorten(_snapshot(report)), unit=report.membership.unit,
                 note=change_reason)
    return report


@transaction.atomic
def member_report_submit(*, report: MemberReport, actor, token: str = "") -> MemberReport:
    """Send the report to the head of the BCĐ; one submission whatever the retries."""
    if workflow.token_seen(report, token):
        report.refresh_from_db()
        return report
    report = MemberReport.objects.select_related("membership__unit").get(pk=report.pk)
    if not report.content.strip():
        raise ValidationError(_("Chưa nhập kết quả chỉ đạo trong kỳ."), code="incomplete")
    workflow.submit(report, actor=actor, token=token, deadline=deadline_of(report.due_date),
                    updated_at=timezone.now())
    workflow.audit(actor=actor, prefix=PREFIX, name=workflow.SUBMIT, report=report, unit=report.membership.unit,
                   after={"submission": report.submission_count, "is_late": report.is_late})
    return report


@transaction.atomic
def member_report_accept(*, report: MemberReport, actor) -> MemberReport:
    workflow.accept(report, actor=actor)
    workflow.audit(actor=actor, prefix=PREFIX, name=workflow.ACCEPT, report=report, unit=report.membership.unit)
    return report


@transaction.atomic
def member_report_return(*, report: MemberReport, actor, comment: str) -> MemberReport:
    """Send a submitted report back to the member with what to add; the submitted content is kept."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Cần ghi rõ lý do trả lại để thành viên biết cần bổ sung gì."),
                              code="comment_required")
    check_length(comment, limits.NOTE, _("Lý do trả lại"))
    report = MemberReport.objects.select_related("membership__unit").get(pk=report.pk)
    if report.status != MemberReport.Status.SUBMITTED:
        raise workflow.ChangedMeanwhile(report)
    _version_keep(report=report, actor=actor,
                  reason=limits.shorten(_("Trả lại: %(comment)s") % {"comment": comment}, limits.NOTE))
    workflow.send_back(report, actor=actor, comment=comment)
    workflow.audit(actor=actor, prefix=PREFIX, name=workflow.RETURN, report=report, unit=report.membership.unit,
                   note=comment)
    return report


# --- The seats of the BCĐ (kept by the coordinating office) ----------------------------------------

SEAT_FIELDS = ["full_name", "position", "user", "person", "agency", "role", "sub_committee", "frequency",
               "valid_from", "valid_to", "order"]


def _seat_snapshot(seat: BcdMembership) -> dict:
    data = snapshot(seat, SEAT_FIELDS)
    data["communes"] = sorted(seat.communes.values_list("pk", flat=True)) if seat.pk else []
    return data


def _seat_check(*, unit, data: dict) -> None:
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    sub = data.get("sub_committee")
    if sub is not None and sub.unit_id != unit.pk:
        raise ValidationError({"sub_committee": _("Tiểu ban không thuộc Ban Chỉ đạo của đơn vị này.")})
    agency = data.get("agency")
    if agency is not None and agency.owner_id != unit.pk:
        raise ValidationError({"agency": _("Cơ quan, đơn vị không thuộc đơn vị điều phối này.")})
    person = data.get("person")
    if person is not None and person.agency.owner_id != unit.pk:
        raise ValidationError({"person": _("Cán bộ không thuộc cơ quan của đơn vị điều phối này.")})


@transaction.atomic
def bcd_seat_save(*, unit, actor, data: dict, communes, seat: BcdMembership | None = None,
                  token: str = "") -> tuple[BcdMembership, bool]:
    """Create a seat of the unit's BCĐ (or change `seat`); a seat ends by its `valid_to`, it is
    never deleted. A second submit of the same creation form (same `token`) returns the seat
    created the first time. Returns (seat, changed)."""
    token = (token or "")[:64]
    if seat is None and token:
        existing = BcdMembership.objects.filter(unit=unit, created_token=token).first()
        if existing is not None:
            return existing, False
    _seat_check(unit=unit, data=data)
    communes = list(communes)
    if seat is None:
        before = None
        seat = BcdMembership(unit=unit, created_token=token)
    else:
        seat = BcdMembership.objects.select_for_update().get(pk=seat.pk, unit=unit)
        before = _seat_snapshot(seat)
    for field in SEAT_FIELDS:
        if field in data:
            setattr(seat, field, data[field])
    seat.full_name = (seat.full_name or "").strip()
    if not seat.full_name:
        raise ValidationError({"full_name": _("Cần nhập họ và tên (hoặc tên tổ chức).")})
    if before is None and token:
        try:
            with transaction.atomic():
                seat.save()
        except IntegrityError:  # the same form submitted twice at once: the other request created it
            return BcdMembership.objects.get(unit=unit, created_token=token), False
    else:
        seat.save()
    seat.communes.set(communes)
    after = _seat_snapshot(seat)
    if before is not None and before == after:
        return seat, False
    audit_record(actor=actor, action="directives.seat_create" if before is None else "directives.seat_change",
                 target=seat, before=before, after=after, unit=unit)
    return seat, True
