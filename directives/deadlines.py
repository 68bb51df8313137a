"""Deadlines as the documents write them, turned into dates (Asia/Ho_Chi_Minh days).

- "trước ngày 25/11/2020": that date;
- "tại phiên họp thường kỳ tháng 12/2020": the meeting day of that month (DIRECTIVES_MEETING_DAY,
  the month's last day when the month is shorter);
- "năm 2021 tổ chức 03 đợt": N occurrences, the year cut in N equal parts, each due on the last day
  of its part (3 times: 30/04, 31/08, 31/12);
- standing work ("thường xuyên"): one occurrence without a date.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings

from .models import DeadlineKind


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def meeting_day(month: datetime.date) -> datetime.date:
    last = calendar.monthrange(month.year, month.month)[1]
    return datetime.date(month.year, month.month, min(settings.DIRECTIVES_MEETING_DAY, last))


def recurring_due_dates(count: int, year: int) -> list[datetime.date]:
    if not 1 <= count <= 12:
        raise ValueError(count)
    return [month_end(year, (12 * i) // count) for i in range(1, count + 1)]


def due_dates(*, kind: str, deadline_date=None, meeting_month=None, recurring_count=None,
              recurring_year=None) -> list[datetime.date | None]:
    """The due dates of a task's occurrences, in order."""
    if kind == DeadlineKind.DATE:
        return [deadline_date]
    if kind == DeadlineKind.MEETING:
        return [meeting_day(meeting_month)]
    if kind == DeadlineKind.RECURRING:
        return recurring_due_dates(recurring_count, recurring_year)
    return [None]


def followup_period(day: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The half-month the office reports on `day`, or None if `day` is not a report day.

    On the 16th: the 1st to the 15th. On the 30th (the last day of a shorter month): the 16th to
    that day.
    """
    first, second = settings.DIRECTIVES_FOLLOWUP_DAYS
    last = calendar.monthrange(day.year, day.month)[1]
    if day.day == first:
        return day.replace(day=1), day.replace(day=first - 1)
    if day.day == min(second, last):
        return day.replace(day=first), day
    return None


def current_period(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-month `day` falls in (for a report printed on demand)."""
    first = settings.DIRECTIVES_FOLLOWUP_DAYS[0]
    if day.day < first:
        return day.replace(day=1), day.replace(day=first - 1)
    return day.replace(day=first), month_end(day.year, day.month)
