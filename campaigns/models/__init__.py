"""The action-day programme. One module per concern; import models from `campaigns.models`."""

from .programme import ActionDay, Programme
from .reports import (
    DayReport,
    DayReportVersion,
    Proposal,
    ReportPhoto,
    Task,
    TaskResult,
    TaskType,
    VillageResult,
    WeeklyPlan,
)
from .rosters import Attendance, Roster, RosterEntry, RosterReminder, RosterStatus

__all__ = ["ActionDay", "Programme", "Attendance", "Roster", "RosterEntry", "RosterReminder", "RosterStatus"]
__all__ += [
    "DayReport", "DayReportVersion", "Proposal", "ReportPhoto", "Task", "TaskResult", "TaskType", "VillageResult",
    "WeeklyPlan",
]
