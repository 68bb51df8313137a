"""Fixtures of the campaigns tests: the programme, action days at a fixed time, rosters."""

import datetime
import zoneinfo

import pytest
import time_machine

from campaigns.models import ActionDay, Programme

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 10/03/2025, 09:00 in Vietnam: the coming Saturday is 15/03, its rosters are due Wed 12/03 23:59.
MONDAY = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=VN)
SATURDAY = datetime.date(2025, 3, 15)


@pytest.fixture
def frozen_monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def programme(district):
    return Programme.objects.create(owner=district)


@pytest.fixture
def action_day(programme):
    return ActionDay.objects.create(programme=programme, date=SATURDAY)


@pytest.fixture
def last_week(programme):
    return ActionDay.objects.create(programme=programme, date=SATURDAY - datetime.timedelta(weeks=1))


# Fixtures of the plan / day-report / proposal tests (issue 5).
from tests.campaigns.day_report_fixtures import *  # noqa: E402, F403
