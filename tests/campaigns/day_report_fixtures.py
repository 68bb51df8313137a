"""Fixtures of the plan / day-report / proposal tests (imported by those test modules)."""

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from campaigns.models import Roster, RosterEntry, Task, TaskType, WeeklyPlan
from directory.models import Village

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Sunday after the action day, 10:00: before the filing deadline (Sunday 20:00).
SUNDAY_MORNING = datetime.datetime(2025, 3, 16, 10, 0, tzinfo=VN)
# Monday 08:00: after the filing deadline.
MONDAY_AFTER = datetime.datetime(2025, 3, 17, 8, 0, tzinfo=VN)


@pytest.fixture
def sunday():
    with time_machine.travel(SUNDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def villages(hoa_ninh):
    return list(Village.objects.filter(parent=hoa_ninh).order_by("name"))


@pytest.fixture
def road_cleaning(db):
    return TaskType.objects.get(code="ve-sinh-duong")


@pytest.fixture
def planned(hoa_ninh, action_day, villages, road_cleaning):
    """A plan with one road-cleaning task (500 m) in each of the first two villages."""
    plan = WeeklyPlan.objects.create(commune=hoa_ninh, action_day=action_day)
    return [Task.objects.create(plan=plan, village=v, task_type=road_cleaning, quantity=Decimal(500))
            for v in villages[:2]]


@pytest.fixture
def roster_entries(agency, hoa_ninh, action_day, villages):
    """The agency's three staff on its roster; two placed in the first village, one in the second."""
    now = timezone.now()
    roster = Roster.objects.create(agency=agency, commune=hoa_ninh, action_day=action_day, submitted_at=now,
                                   updated_at=now, entry_count=3)
    people = list(agency.staff.order_by("pk"))
    return [RosterEntry.objects.create(roster=roster, action_day=action_day, person=p, full_name=p.full_name,
                                       village=villages[0] if i < 2 else villages[1])
            for i, p in enumerate(people)]


def jpeg_upload(name="anh.jpg", size=(2400, 1800), color=(30, 120, 60), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def report_post(page_villages, *, action="save", token="tok-1", figures=None, **extra):
    """POST data for the day-report form: every village empty unless `figures` gives some.

    figures: {village: {"residents": 10, ...}}
    """
    data = {"action": action, "submit_token": token, "remarks": ""}
    for village in page_villages:
        for key, value in (figures or {}).get(village, {}).items():
            data[f"v{village.pk}-{key}"] = value
    data.update(extra)
    return data
