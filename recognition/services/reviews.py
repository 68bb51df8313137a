"""Writes of the reviews: the office opens a review (one task per unit), units save and file their report,
the office accepts or returns it. Each write is atomic and leaves an audit row in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal import limits, workflow
from ntm_portal.audit import audit_record, snapshot

from ..models import Review, ReviewReport
from ..selectors.reviews import review_agencies, review_communes, unit_figures

EDITABLE = workflow.EDITABLE_FREELY
PREFIX = "review_report"


@transaction.atomic
def review_create(*, district, actor, title: str, period_start: datetime.date, period_end: datetime.date,
                  baseline_date: datetime.date, unit_deadline: datetime.date, draft_deadline: datetime.date,
                  conference_date: datetime.date, kind: str = Review.Kind.INTERIM) -> Review:
    """Open a review and give every commune and agency of the unit its report to file."""
    if period_start > period_end:
        raise ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc kỳ sơ kết."), code="period")
    if baseline_date > period_end:
        raise ValidationError(_("Mốc so sánh tiêu chí phải trước ngày kết thúc kỳ sơ kết."), code="baseline")
    if not (unit_deadline <= draft_deadline <= conference_date):
        raise ValidationError(_("Hạn báo cáo của đơn vị, hạn dự thảo của huyện và ngày hội nghị phải theo thứ tự "
                                "thời gian."), code="deadlines")
    if Review.objects.filter(district=district, title=title).exists():
        raise ValidationError(_("Đã có đợt sơ kết, tổng kết cùng tên."), code="duplicate")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                district=district, kind=kind, title=title, period_start=period_start, period_end=period_end,
                baseline_date=baseline_date, unit_deadline=unit_deadline, draft_deadline=draft_deadline,
                conference_date=conference_date, created_by=actor)
    except IntegrityError as exc:  # two officers at once
        raise ValidationError(_("Đã có đợt sơ kết, tổng kết cùng tên."), code="duplicate") from exc
    ReviewReport.objects.bulk_create(
        [ReviewReport(review=review, commune=c) for c in review_communes(review)]
        + [ReviewReport(review=review, agency=a) for a in review_agencies(review)])
    audit_record(actor=actor, action="review.create", target=review, after=snapshot(review), unit=district,
                 note=_("%(n)d đơn vị được giao báo cáo") % {"n": review.reports.count()})
    _tell_units(review)
    return review


def _tell_units(review: Review) -> None:
    """An in-portal notice to each commune officer and agency focal point: their report and its deadline."""
    from directory.models import Membership, Role
    from ntm_portal.notices import notice_send

    reports = {(r.commune_id, r.agency_id): r for r in review.reports.all()}
    members = Membership.objects.filter(
        Q(role=Role.COMMUNE_OFFICER, unit_id__in=[c for c, _a in reports if c])
        | Q(role=Role.AGENCY_FOCAL_POINT, agency_id__in=[a for _c, a in reports if a])).select_related("user")
    by_url: dict[str, list] = {}
    for m in members:
        report = reports.get((m.unit_id, None)) if m.role == Role.COMMUNE_OFFICER else reports.get((None, m.agency_id))
        if report is not None:
            by_url.setdefault(report.get_absolute_url(), []).append(m.user)
    title = _("%(t)s: gửi báo cáo trước ngày %(d)s") % {"t": review.title, "d": review.unit_deadline.strftime("%d/%m/%Y")}
    for url, users in by_url.items():
        notice_send(users=users, title=title, url=url, dedupe_key=f"review-{review.pk}")


@transaction.atomic
def review_report_save(*, report: ReviewReport, actor, data: dict) -> ReviewReport:
    """Save the unit's text while the report is not filed."""
    report = ReviewReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in EDITABLE:
        raise ValidationError(_("Báo cáo đã nộp, không sửa được."), code="filed")
    fields = [name for name in ReviewReport.TEXT_FIELDS if name in data]
    before = snapshot(report, fields)
    for name in fields:
        setattr(report, name, (data[name] or "").strip())
    report.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="review_report.save", target=report, before=before,
                 after=snapshot(report, fields), unit=report.review.district)
    return report


def unit_deadline_end(review: Review) -> datetime.datetime:
    """The last moment of the units' deadline day, local time: filed after it, a report is late."""
    return datetime.datetime.combine(review.unit_deadline, datetime.time.max, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def review_report_submit(*, report: ReviewReport, actor, token: str = "") -> ReviewReport:
    """File the report through the shared workflow: its figures are frozen as they stand; after the units'
    deadline it is kept and marked late. A retry with the same token is the same submission."""
    if workflow.token_seen(report, token):
        report.refresh_from_db()
        return report
    report = ReviewReport.objects.select_related("review__district", "commune", "agency").get(pk=report.pk)
    if not any(getattr(report, name).strip() for name in ReviewReport.TEXT_FIELDS):
        raise ValidationError(_("Báo cáo chưa có nội dung: hãy ghi ít nhất một mục trước khi nộp."), code="empty")
    figures = unit_figures(report).as_json()
    try:
        workflow.submit(report, actor=actor, token=token, deadline=unit_deadline_end(report.review), figures=figures)
    except workflow.AlreadySubmitted as exc:
        raise ValidationError(_("Báo cáo đã được nộp."), code="already") from exc
    workflow.audit(actor=actor, prefix=PREFIX, name=workflow.SUBMIT, report=report, unit=report.review.district,
                   after={"submission": report.submission_count, "is_late": report.is_late})
    return report


@transaction.atomic
def review_report_accept(*, report: ReviewReport, actor) -> ReviewReport:
    try:
        workflow.accept(report, actor=actor)
    except workflow.ChangedMeanwhile as exc:
        raise ValidationError(_("Chỉ tiếp nhận được báo cáo đã nộp."), code="state") from exc
    workflow.audit(actor=actor, prefix=PREFIX, name=workflow.ACCEPT, report=report, unit=report.review.district)
    return report


@transaction.atomic
def review_report_return(*, report: ReviewReport, actor, comment: str) -> ReviewReport:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Hãy ghi lý do trả lại."), code="comment")
    if len(comment) > limits.NOTE:
        raise ValidationError(_("Lý do trả lại dài quá %(n)d ký tự.") % {"n": limits.NOTE}, code="comment")
    try:
        workflow.send_back(report, actor=actor, comment=comment)
    except workflow.ChangedMeanwhile as exc:
        raise ValidationError(_("Chỉ trả lại được báo cáo đã nộp."), code="state") from exc
    workflow.audit(actor=actor, prefix=PREFIX, name=workflow.RETURN, report=report, unit=report.review.district,
                   after={"return_comment": comment})
    return report
