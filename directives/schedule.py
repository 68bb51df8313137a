"""When BCĐ members report: the periods of each schedule and their due dates.

Periods and "today" are in Asia/Ho_Chi_Minh, whatever the server's clock. The twice-monthly
schedule of seed 002 ends its periods on the 14th and the 28th (29th of the month before → 14th,
15th → 28th); quarterly, six-monthly and yearly periods are calendar ones. A due date falling on a
Saturday, a Sunday or a Vietnamese public holiday stays the same day (the 14th is the 14th) unless
settings.DIRECTIVES_MOVE_DUE_DATE_OFF_WEEKEND moves it to the next working day.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import zoneinfo

import holidays
from django.conf import settings
from django.utils import timezone

from .models.members import ReportFrequency

VN_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TWICE_MONTHLY_DAYS = (14, 28)


@dataclasses.dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # the nominal day (the 14th, the 28th, the end of a quarter…)
    due: datetime.date  # the day it is expected (the same, or the next working day if moved)

    @property
    def key(self) -> str:
        return self.end.isoformat()


def today_vn(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), VN_TZ).date()


def _ends_of_year(frequency: str, year: int) -> list[datetime.date]:
    if frequency == ReportFrequency.TWICE_MONTHLY:
        return [datetime.date(year, m, d) for m in range(1, 13) for d in TWICE_MONTHLY_DAYS]
    months = {ReportFrequency.QUARTERLY: (3, 6, 9, 12), ReportFrequency.HALF_YEARLY: (6, 12),
              ReportFrequency.YEARLY: (12,)}[frequency]
    return [_month_end(year, m) for m in months]


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


@functools.lru_cache(maxsize=16)
def _vn_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.VN(years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _vn_holidays(day.year)


def due_date_for(nominal: datetime.date) -> datetime.date:
    """The day a report ending on `nominal` is expected."""
    if not settings.DIRECTIVES_MOVE_DUE_DATE_OFF_WEEKEND:
        return nominal
    day = nominal
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def deadline_of(due: datetime.date) -> datetime.datetime:
    """The last moment of the due day in Vietnam: filed after it, a report is late."""
    return datetime.datetime.combine(due, datetime.time.max, tzinfo=VN_TZ)


def periods_ending_between(frequency: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """The periods whose nominal end falls in [first, last], oldest first."""
    ends = [e for y in range(first.year - 1, last.year + 1) for e in _ends_of_year(frequency, y)]
    periods = []
    for previous, end in itertools.pairwise(ends):
        if first <= end <= last:
            periods.append(Period(start=previous + datetime.timedelta(days=1), end=end, due=due_date_for(end)))
    return periods


def period_ending(frequency: str, end: datetime.date) -> Period | None:
    """The period of this schedule ending on `end`, or None if no period ends that day."""
    found = periods_ending_between(frequency, end, end)
    return found[0] if found else None


def last_due_period(frequency: str, today: datetime.date | None = None) -> Period:
    """The latest period already due (its due day has come), in Vietnam's calendar."""
    today = today or today_vn()
    candidates = periods_ending_between(frequency, today - datetime.timedelta(days=400), today)
    due = [p for p in candidates if p.due <= today]
    return due[-1]


def recent_periods(frequency: str, *, today: datetime.date | None = None, count: int = 6) -> list[Period]:
    """The current period (not yet due) and the `count` before it, newest first."""
    today = today or today_vn()
    periods = periods_ending_between(frequency, today - datetime.timedelta(days=800),
                                     today + datetime.timedelta(days=370))
    upcoming = [p for p in periods if p.end >= today][:1]
    past = [p for p in periods if p.end < today][-count:]
    return list(reversed(past + upcoming))
