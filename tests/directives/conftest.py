"""Fixtures of the follow-up: a steering committee on the Di Linh district, time frozen (members' reports);
a conclusion with four tasks (directing documents)."""

import datetime
import types
import zoneinfo

import pytest
import time_machine

from directives.models import BcdMembership, BcdRole, ReportFrequency, Task
from directory.models import Commune
from tests.directives.factories import dated, make_directive
from tests.factories import UserFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Saturday 20/09/2025, 10:00 in Vietnam. The last period due ended on Sunday 14/09/2025
# (30/08 → 14/09); the current one ends on Sunday 28/09.
SATURDAY = datetime.datetime(2025, 9, 20, 10, 0, tzinfo=VN)
LAST_END = datetime.date(2025, 9, 14)
SINCE = datetime.date(2024, 1, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(SATURDAY, tick=False) as traveller:
        yield traveller


def seat(unit, name, role=BcdRole.MEMBER, user=None, communes=(), order=100, **kwargs):
    membership = BcdMembership.objects.create(unit=unit, full_name=name, role=role, user=user, valid_from=SINCE,
                                              order=order, **kwargs)
    membership.communes.set(communes)
    return membership


@pytest.fixture
def bcd(district, hoa_ninh, gia_bac, focal_point, agency):
    """Head (a user with no other role), two deputies splitting communes, a member from an agency
    (the focal point's user), an organisation reporting quarterly."""
    hoa_trung = Commune.objects.get(code="25039")
    head_user = UserFactory(username="truongban")
    return types.SimpleNamespace(
        head_user=head_user,
        head=seat(district, "Nguyễn Văn Trưởng", BcdRole.HEAD, head_user, order=1),
        deputy_a=seat(district, "Trần Phó Một", BcdRole.DEPUTY, UserFactory(username="phoban1"), [hoa_ninh], 2),
        deputy_b=seat(district, "Lê Phó Hai", BcdRole.DEPUTY, UserFactory(username="phoban2"), [gia_bac], 3),
        member=seat(district, "Phạm Thành Viên", BcdRole.MEMBER, focal_point, [hoa_trung], 10, agency=agency),
        organisation=seat(district, "Hội Liên hiệp Phụ nữ huyện", BcdRole.MEMBER, None, (), 20,
                          frequency=ReportFrequency.QUARTERLY),
    )


# --- directing documents and their tasks ------------------------------------------------------

@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def directive(district, agency, other_agency, hoa_ninh, gia_bac, coordinator):
    """A conclusion with four dated tasks: one per lead agency, one per lead commune."""
    return make_directive(owner=district, actor=coordinator, tasks=[
        dated("Xây dựng cơ chế hỗ trợ cụ thể cho các xã", datetime.date(2026, 11, 30), lead_agency=agency, point="7"),
        dated("Tổ chức tuyên truyền khẩu hiệu", datetime.date(2026, 12, 10), lead_agency=other_agency, point="1"),
        dated("Xã Hòa Ninh báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 25), lead_commune=hoa_ninh, point="2a"),
        dated("Xã Gia Bắc báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 25), lead_commune=gia_bac, point="2b"),
    ])


@pytest.fixture
def tasks(directive):
    return {t.point: t for t in Task.objects.filter(document=directive)}
