"""Models of the steering committee's follow-up: the tasks a directing document assigns (tasks.py)."""

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
