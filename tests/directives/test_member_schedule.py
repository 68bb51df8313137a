"""The members' report schedule: the 14th and 28th, quarterly…; a Sunday 14th stays the 14th unless
the setting moves it (to the next working day, Vietnamese holidays included); late in Vietnam's time."""

import datetime

import pytest
import time_machine

from directives import member_services as services
from directives.models import ReportFrequency
from directives.schedule import Period, last_due_period, period_ending, periods_ending_between, today_vn
from tests.directives.conftest import VN

D = datetime.date
TWICE = ReportFrequency.TWICE_MONTHLY


def test_twice_monthly_periods_end_on_the_14th_and_28th():
    periods = periods_ending_between(TWICE, D(2025, 9, 1), D(2025, 10, 31))
    assert [(p.start, p.end) for p in periods] == [
        (D(2025, 8, 29), D(2025, 9, 14)), (D(2025, 9, 15), D(2025, 9, 28)),
        (D(2025, 9, 29), D(2025, 10, 14)), (D(2025, 10, 15), D(2025, 10, 28)),
    ]
    # across a year: the 14th of January starts on the 29th of December
    assert period_ending(TWICE, D(2026, 1, 14)).start == D(2025, 12, 29)
    assert period_ending(TWICE, D(2025, 9, 15)) is None


def test_organisations_report_by_quarter_half_year_and_year():
    assert [(p.start, p.end) for p in periods_ending_between(ReportFrequency.QUARTERLY, D(2025, 1, 1),
                                                             D(2025, 12, 31))] == [
        (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 7, 1), D(2025, 9, 30)), (D(2025, 10, 1), D(2025, 12, 31))]
    assert [p.end for p in periods_ending_between(ReportFrequency.HALF_YEARLY, D(2025, 1, 1), D(2025, 12, 31))] == [
        D(2025, 6, 30), D(2025, 12, 31)]
    assert period_ending(ReportFrequency.YEARLY, D(2025, 12, 31)).start == D(2025, 1, 1)


def test_the_14th_on_a_sunday_still_counts_as_the_14th(settings):
    settings.DIRECTIVES_MOVE_DUE_DATE_OFF_WEEKEND = False
    assert D(2025, 9, 14).weekday() == 6  # a Sunday
    assert period_ending(TWICE, D(2025, 9, 14)).due == D(2025, 9, 14)
    assert last_due_period(TWICE, D(2025, 9, 14)).end == D(2025, 9, 14)  # due that very Sunday


def test_with_the_setting_it_moves_to_the_next_working_day(settings):
    settings.DIRECTIVES_MOVE_DUE_DATE_OFF_WEEKEND = True
    assert period_ending(TWICE, D(2025, 9, 14)).due == D(2025, 9, 15)  # Monday
    assert period_ending(TWICE, D(2025, 9, 28)).due == D(2025, 9, 29)  # Sunday 28 → Monday 29
    # Tết 2025: 27/01–01/02 are public holidays, 02/02 a Sunday: the 28/01 report is due Monday 03/02.
    assert period_ending(TWICE, D(2025, 1, 28)).due == D(2025, 2, 3)
    assert period_ending(TWICE, D(2025, 10, 14)).due == D(2025, 10, 14)  # a Tuesday stays
    # Before the moved day has come, the period is not due yet.
    assert last_due_period(TWICE, D(2025, 9, 14)).end == D(2025, 8, 28)


def test_today_is_vietnams_day_not_the_servers():
    # 17:30 UTC on the 13th is already 00:30 on the 14th in Vietnam
    with time_machine.travel(datetime.datetime(2025, 9, 13, 17, 30, tzinfo=datetime.UTC), tick=False):
        assert today_vn() == D(2025, 9, 14)
        assert last_due_period(TWICE).end == D(2025, 9, 14)


@pytest.mark.django_db
@pytest.mark.parametrize(("moment", "late"), [
    (datetime.datetime(2025, 9, 14, 23, 50, tzinfo=VN), False),  # Sunday evening in Vietnam: on time
    (datetime.datetime(2025, 9, 15, 0, 10, tzinfo=VN), True),  # ten past midnight: late (still 17:10 UTC the 14th)
])
def test_late_is_decided_in_vietnams_time(bcd, moment, late):
    period = Period(start=D(2025, 8, 29), end=D(2025, 9, 14), due=D(2025, 9, 14))
    user = bcd.deputy_a.user
    with time_machine.travel(moment, tick=False):
        report = services.member_report_open(membership=bcd.deputy_a, period=period, actor=user)
        services.member_report_save(report=report, actor=user, content="Đã đến xã Hòa Ninh.")
        report = services.member_report_submit(report=report, actor=user, token="t")
    assert report.is_late is late and report.status == "submitted"
