"""The steering committee's follow-up: its members and their periodic reports (members.py);
directing documents and their tasks (tasks.py)."""

from .members import (  # noqa: F401
    BcdMembership,
    BcdRole,
    MemberReminder,
    MemberReport,
    MemberReportVersion,
    ReportFrequency,
    SubCommittee,
)
from .tasks import (  # noqa: F401
    CLOSED_STATES,
    DeadlineKind,
    ExpectedResult,
    FollowupReport,
    ProgressFile,
    ProgressReport,
    ReminderKind,
    Task,
    TaskDeadline,
    TaskExtension,
    TaskReminder,
    TaskState,
)
