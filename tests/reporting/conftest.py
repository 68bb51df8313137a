"""Fixtures of the roll-up tests: one action day (Saturday 15/03/2025) with filed, late, draft and
returned reports, rosters of three agencies, and the previous action day."""

import datetime
import random
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.models import (
    ActionDay,
    Attendance,
    DayReport,
    Programme,
    Proposal,
    Roster,
    RosterEntry,
    TaskResult,
    TaskType,
    VillageResult,
)
from directory.models import Commune, Village
from tests.factories import AgencyFactory, AssignmentFactory, PersonFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SATURDAY = datetime.date(2025, 3, 15)
PREVIOUS = datetime.date(2025, 3, 8)
# Monday after the action day, 08:00 in Vietnam: past the default roll-up time (Monday 07:30).
MONDAY_0800 = datetime.datetime(2025, 3, 17, 8, 0, tzinfo=VN)


def file_report(commune, action_day, *, status=DayReport.Status.SUBMITTED, late=False, seed=1, low_village=True,
                proposal=""):
    """A report with one result per current village, deterministic figures, two task results each."""
    rnd = random.Random(seed)
    now = timezone.now()
    filed_like = status != DayReport.Status.DRAFT
    report = DayReport.objects.create(
        commune=commune, action_day=action_day, status=status, is_late=late,
        first_submitted_at=now if filed_like else None, submitted_at=now if filed_like else None,
        return_comment="Thiếu ảnh" if status == DayReport.Status.RETURNED else "")
    road = TaskType.objects.get(code="ve-sinh-duong")
    trees = TaskType.objects.get(code="trong-cay")
    villages = list(Village.objects.current(action_day.date).filter(parent=commune).order_by("name"))
    for i, village in enumerate(villages):
        total = rnd.randint(80, 250)
        households = rnd.randint(5, 20) if (low_village and i == 0) else rnd.randint(total // 2, total)
        vr = VillageResult.objects.create(
            report=report, village=village, households_total=total, households=households,
            residents=households + rnd.randint(0, 60), commune_staff=rnd.randint(0, 6),
            teachers=rnd.randint(0, 4), students=rnd.randint(0, 30),
            waste_kg=Decimal(rnd.randint(0, 900)) / 2, waste_m3=Decimal(rnd.randint(0, 40)) / 4,
            proposal_text=proposal if i == 0 else "")
        TaskResult.objects.create(village_result=vr, task_type=road, quantity=Decimal(rnd.randint(100, 2000)))
        if i % 2 == 0:
            TaskResult.objects.create(village_result=vr, task_type=trees, quantity=Decimal(rnd.randint(1, 40)))
    return report


def roster(agency, commune, action_day, *, people=0, present=0, absent=0, late=False):
    now = timezone.now()
    r = Roster.objects.create(agency=agency, commune=commune, action_day=action_day, submitted_at=now,
                              updated_at=now, is_late=late, entry_count=people)
    staff = list(agency.staff.order_by("pk"))
    village = Village.objects.filter(parent=commune).order_by("name").first()
    for i, person in enumerate(staff[:people]):
        mark = Attendance.PRESENT if i < present else (Attendance.ABSENT if i < present + absent else
                                                       Attendance.UNKNOWN)
        RosterEntry.objects.create(roster=r, action_day=action_day, person=person, full_name=person.full_name,
                                   village=village, attendance=mark,
                                   absence_reason="Ốm" if mark == Attendance.ABSENT else "")
    return r


@pytest.fixture
def programme(district):
    return Programme.objects.create(owner=district)


@pytest.fixture
def previous_day(programme):
    return ActionDay.objects.create(programme=programme, date=PREVIOUS)


@pytest.fixture
def action_day(programme, previous_day):
    return ActionDay.objects.create(programme=programme, date=SATURDAY)


@pytest.fixture
def week(district, hoa_ninh, gia_bac, agency, other_agency, action_day, previous_day):
    """The data of one week; returns a dict of what it made."""
    hoa_trung = Commune.objects.get(code="25039")
    tan_chau = Commune.objects.exclude(pk__in=[hoa_ninh.pk, gia_bac.pk, hoa_trung.pk]).filter(
        parent=district).order_by("code").first()
    reports = {
        "on_time": file_report(hoa_ninh, action_day, status=DayReport.Status.ACCEPTED, seed=1,
                               proposal="=HYPERLINK(\"http://x\") sửa cầu"),
        "late": file_report(gia_bac, action_day, late=True, seed=2, low_village=False),
        "draft": file_report(hoa_trung, action_day, status=DayReport.Status.DRAFT, seed=3),
        "returned": file_report(tan_chau, action_day, status=DayReport.Status.RETURNED, seed=4),
        "previous": file_report(hoa_ninh, previous_day, seed=5),
    }
    lazy = AgencyFactory(owner=district, name="Chi nhánh Ngân hàng Chính sách")
    AssignmentFactory(agency=lazy, commune=hoa_ninh, valid_from=datetime.date(2023, 2, 1))
    PersonFactory.create_batch(2, agency=lazy)
    roster(agency, hoa_ninh, action_day, people=3, present=2, absent=1)
    roster(other_agency, gia_bac, action_day, people=0)
    roster(agency, hoa_ninh, previous_day, people=2, present=2)
    roster(other_agency, gia_bac, previous_day, people=1)
    # `lazy` sent nothing either week: two weeks in a row without taking part.
    Proposal.objects.create(commune=hoa_ninh, action_day=previous_day, text="Xin hỗ trợ xi măng làm đường")
    Proposal.objects.create(commune=hoa_ninh, action_day=action_day, text='=HYPERLINK("http://x") sửa cầu',
                            village=Village.objects.filter(parent=hoa_ninh).order_by("name").first())
    return {"reports": reports, "lazy": lazy, "draft_commune": hoa_trung, "returned_commune": tan_chau}
