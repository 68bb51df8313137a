"""The filing workflow shared by every report a unit or a person files (issue 18, item 4).

draft → submitted → accepted / returned → submitted again. A commune's day report and a BCĐ
member's periodic report both use it; one place holds:

- the states and the transitions allowed between them (`TRANSITIONS`);
- the fields every filed report carries (`FiledReport`, an abstract model);
- the conditional UPDATE of each transition (`transition`), so a double tap, a retry after a
  timeout or two people at once make one change;
- the submit token: a second submission carrying the token of the first is recognised as the
  same one (`token_seen`), any other second submission raises `AlreadySubmitted`;
- late marking against a deadline, set once on the first submission and kept afterwards;
- the audit row of each transition, written in the same transaction (`audit`).

What a report contains, who may file it and what must be filled in before it goes stay with
the report's own service.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm_portal import limits
from ntm_portal.audit import audit_record


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã duyệt")


SUBMIT, ACCEPT, RETURN, CHANGE = "submit", "accept", "return", "change"

# transition → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    SUBMIT: (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    ACCEPT: (frozenset({Status.SUBMITTED}), Status.ACCEPTED),
    RETURN: (frozenset({Status.SUBMITTED}), Status.RETURNED),
    # a filed report changed with a reason goes back for review
    CHANGE: (frozenset({Status.SUBMITTED, Status.ACCEPTED}), Status.SUBMITTED),
}

# "Filed": submitted or accepted (a returned report is waiting for its author again).
FILED = frozenset({Status.SUBMITTED, Status.ACCEPTED})
EDITABLE_FREELY = frozenset({Status.DRAFT, Status.RETURNED})


class AlreadySubmitted(Exception):
    """The report left the draft / returned state before this submission (double tap, retry)."""


class ChangedMeanwhile(Exception):
    """Someone else changed the report's state between reading and writing it."""


class FiledReport(models.Model):
    """The workflow's fields; a concrete report adds what it is about and its own constraints
    (`workflow_constraints`)."""

    Status = Status

    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submission_count = models.PositiveSmallIntegerField(_("số lần nộp"), default=0)
    last_submit_token = models.CharField(max_length=64, blank=True, editable=False)
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    reviewed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    return_comment = models.TextField(_("lý do trả lại"), blank=True, max_length=limits.NOTE)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        abstract = True

    @property
    def is_editable_freely(self) -> bool:
        """Drafts and returned reports change without a reason; filed ones need one."""
        return self.status in EDITABLE_FREELY


class FiledReportVersion(models.Model):
    """A filed report's content as it was before a change after submission (or a return). The
    concrete version adds `report = ForeignKey(<its report>, related_name="versions")` and its
    Meta (`version_constraints`)."""

    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(_("trạng thái lúc đó"), max_length=10, choices=Status.choices)
    snapshot = models.JSONField(_("nội dung"))
    reason = models.TextField(_("lý do thay đổi"), max_length=limits.NOTE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["report", "-number"]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


def version_constraints(prefix: str) -> list[models.BaseConstraint]:
    """One version number per report, and the reason's length, named after the concrete version."""
    return [
        models.UniqueConstraint(fields=["report", "number"], name=f"{prefix}_unique_number"),
        limits.max_length_constraint("reason", limits.NOTE, name=f"{prefix}_reason_max_length"),
    ]


def workflow_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The database side of the workflow's invariants, named after the concrete report."""
    return [
        limits.max_length_constraint("return_comment", limits.NOTE, name=f"{prefix}_return_comment_max_length"),
        models.CheckConstraint(condition=models.Q(status="draft") | models.Q(first_submitted_at__isnull=False),
                               name=f"{prefix}_filed_has_submission_time"),
        models.CheckConstraint(condition=~models.Q(status="returned") | ~models.Q(return_comment=""),
                               name=f"{prefix}_returned_has_comment"),
    ]


def is_late(moment: datetime.datetime, deadline: datetime.datetime | None) -> bool:
    """Late means after the deadline (aware datetimes); no deadline, never late."""
    return deadline is not None and moment > deadline


def token_seen(report: FiledReport, token: str) -> bool:
    """True when this submit token already went through (the same submission, retried)."""
    token = (token or "")[:64]
    return bool(token) and type(report).objects.filter(pk=report.pk, last_submit_token=token).exists()


def transition(report: FiledReport, name: str, *, expect_version: int | None = None,
               expect_status: str | None = None, **fields) -> None:
    """Move `report` by transition `name` with one conditional UPDATE; raises when it was not in
    a state the transition starts from (AlreadySubmitted for a submission, else ChangedMeanwhile).
    `expect_version` / `expect_status`, when given, must still be the report's (nobody changed it meanwhile)."""
    sources, target = TRANSITIONS[name]
    if expect_status is not None:
        sources = sources & {expect_status}
    rows = type(report).objects.filter(pk=report.pk, status__in=sources)
    if expect_version is not None:
        rows = rows.filter(version=expect_version)
    if rows.update(status=target, **fields) != 1:
        raise AlreadySubmitted(report) if name == SUBMIT else ChangedMeanwhile(report)
    report.refresh_from_db()


def submit(report: FiledReport, *, actor, token: str = "", deadline: datetime.datetime | None,
           **fields) -> FiledReport:
    """Submit: submission time and author, one more submission, the token kept; late is decided
    against `deadline` on the first submission only (a resubmission after a return keeps it)."""
    now = timezone.now()
    transition(
        report, SUBMIT,
        submitted_at=now, submitted_by=actor,
        first_submitted_at=Coalesce(F("first_submitted_at"), Value(now)),
        is_late=Case(When(first_submitted_at__isnull=True, then=Value(is_late(now, deadline))),
                     default=F("is_late")),
        submission_count=F("submission_count") + 1, last_submit_token=(token or "")[:64], **fields,
    )
    return report


def accept(report: FiledReport, *, actor, **fields) -> FiledReport:
    transition(report, ACCEPT, reviewed_at=timezone.now(), reviewed_by=actor, **fields)
    return report


def send_back(report: FiledReport, *, actor, comment: str, **fields) -> FiledReport:
    """Return a submitted report to its author with what to fix; its version moves on (the caller
    keeps the submitted content as a version first)."""
    transition(report, RETURN, expect_version=report.version, return_comment=comment, reviewed_at=timezone.now(),
               reviewed_by=actor, version=F("version") + 1, **fields)
    return report


def reopen_changed(report: FiledReport, **fields) -> FiledReport:
    """A filed report changed with a reason: back to submitted for review, next version."""
    transition(report, CHANGE, expect_version=report.version, expect_status=report.status,
               version=F("version") + 1, reviewed_at=None, reviewed_by=None, **fields)
    return report


def audit(*, actor, prefix: str, name: str, report: FiledReport, unit=None, after: dict | None = None,
          note: str = ""):
    """The audit row of a transition (`<prefix>.<name>`), in the caller's transaction."""
    return audit_record(actor=actor, action=f"{prefix}.{name}", target=report, after=after, unit=unit, note=note)
