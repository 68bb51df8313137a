"""Reads of tasks and deadlines: the office's board, a lead unit's list, the follow-up report's data."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q

from ntm_portal.access import Scope, directive_tasks_q
from ntm_portal.collation import vi_key

from ..models import CLOSED_STATES, ProgressReport, Task, TaskDeadline, TaskState


@dataclasses.dataclass
class DeadlineRow:
    deadline: TaskDeadline
    task: Task
    overdue: bool
    last_report: ProgressReport | None = None

    @property
    def state_label(self) -> str:
        from django.utils.translation import gettext as _

        return str(_("Quá hạn")) if self.overdue else self.deadline.get_state_display()


@dataclasses.dataclass
class UnitRow:
    name: str
    rows: list[DeadlineRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.deadline.state == TaskState.DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    @property
    def in_progress(self) -> int:
        return sum(1 for r in self.rows if r.deadline.state == TaskState.IN_PROGRESS and not r.overdue)

    @property
    def cannot(self) -> int:
        return sum(1 for r in self.rows if r.deadline.state == TaskState.CANNOT)


def _deadlines(task_q: Q) -> list[TaskDeadline]:
    """Deadlines of the tasks `task_q` selects, with task, lead, document and the last report (4 queries)."""
    return list(
        TaskDeadline.objects.filter(task__in=Task.objects.filter(task_q))
        .select_related("task__document", "task__lead_agency", "task__lead_commune__parent")
        .prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.order_by("-reported_at", "-id")))
        .order_by("due_on", "task__position", "occurrence")
    )


def _rows(deadlines: list[TaskDeadline], today: datetime.date) -> list[DeadlineRow]:
    rows = []
    for d in deadlines:
        reports = list(d.reports.all())
        rows.append(DeadlineRow(deadline=d, task=d.task, overdue=d.is_overdue(today),
                                last_report=reports[0] if reports else None))
    # undated (standing) work after the dated
    rows.sort(key=lambda r: (r.deadline.due_on is None, r.deadline.due_on or datetime.date.max,
                             r.task.document_id, r.task.position, r.deadline.occurrence))
    return rows


def board(*, unit, today: datetime.date, state: str = "") -> tuple[list[DeadlineRow], list[UnitRow]]:
    """The office's board: every deadline of the unit's tasks by date, and the same grouped by lead unit."""
    rows = _rows(_deadlines(Q(owner=unit)), today)
    if state == "overdue":
        rows = [r for r in rows if r.overdue]
    elif state:
        rows = [r for r in rows if r.deadline.state == state and not r.overdue]
    by_unit: dict[str, list[DeadlineRow]] = defaultdict(list)
    for row in rows:
        by_unit[row.task.lead_name].append(row)
    units = [UnitRow(name=name, rows=by_unit[name]) for name in sorted(by_unit, key=vi_key)]
    return rows, units


def my_deadlines(*, scope: Scope, today: datetime.date) -> list[DeadlineRow]:
    """The deadlines of the tasks this user reads (a lead or co-operating unit's own list)."""
    return _rows(_deadlines(directive_tasks_q(scope)), today)


def directive_documents(*, unit) -> list:
    """The unit's directing documents (library documents with tasks), newest first."""
    from library.models import Document

    return list(Document.objects.filter(owner=unit, directive_tasks__isnull=False).distinct()
                .order_by("-issued_on", "-id"))


def task_history(task: Task):
    """(deadlines with their reports, files and extensions) of one task, in order (3 queries)."""
    return list(task.deadlines.order_by("occurrence")
                .prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.select_related("reported_by")
                                           .prefetch_related("files").order_by("-reported_at", "-id")),
                                  "extensions__extended_by"))


@dataclasses.dataclass
class Followup:
    unit: object
    period_start: datetime.date
    period_end: datetime.date
    rows: list[DeadlineRow]
    units: list[UnitRow]
    done_in_period: list[DeadlineRow]
    overdue: list[DeadlineRow]
    due_next: list[DeadlineRow]
    reports_in_period: int
    members: object = None  # the members' reports of the period (directives.selectors.members), if any

    @property
    def members_missing(self) -> int:
        return sum(1 for m in self.members or () if m.is_missing)

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.rows if r.deadline.state not in CLOSED_STATES)


def followup_data(*, unit, period_start: datetime.date, period_end: datetime.date) -> Followup:
    """What the office reports on the 16th and the 30th: the state of every task at the period's end."""
    rows, units = board(unit=unit, today=period_end + datetime.timedelta(days=1))
    next_end = period_end + datetime.timedelta(days=16)
    reports = ProgressReport.objects.filter(
        deadline__task__owner=unit, reported_at__date__gte=period_start, reported_at__date__lte=period_end).count()
    return Followup(
        unit=unit, period_start=period_start, period_end=period_end, rows=rows, units=units,
        done_in_period=[r for r in rows if r.deadline.done_on and period_start <= r.deadline.done_on <= period_end],
        overdue=[r for r in rows if r.overdue],
        due_next=[r for r in rows if r.deadline.due_on and period_end < r.deadline.due_on <= next_end
                  and r.deadline.state not in CLOSED_STATES],
        reports_in_period=reports, members=members_section(unit, period_start, period_end))


def members_section(unit, period_start, period_end):
    """The members' periodic reports of the period (h18b's directives.selectors.members), or None
    while that part is not installed: the seam where the follow-up report takes them in."""
    try:
        from . import members
    except ImportError:
        return None
    status = getattr(members, "period_report_status", None)
    return status(unit, period_start, period_end) if status else None


def overdue_deadlines(*, scope: Scope, unit, today: datetime.date) -> list[TaskDeadline]:
    """The unit's deadlines past due and neither done nor declared impossible (TaskDeadline.is_overdue,
    in the database), of the tasks this scope reads — an area monitor's: those of their communes.
    Oldest first; one query (h18b: the dashboard's "tasks overdue")."""
    tasks = Task.objects.filter(directive_tasks_q(scope), owner=unit)
    return list(TaskDeadline.objects.filter(task__in=tasks, due_on__lt=today).exclude(state__in=CLOSED_STATES)
                .select_related("task__lead_agency", "task__lead_commune__parent").order_by("due_on", "task__position"))
