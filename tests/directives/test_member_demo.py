"""The demo BCĐ (make run): head, two deputies splitting the communes half/half, members from the
agencies, three months of reports with some missing; idempotent; the leader's dashboard shows them."""

import datetime

import time_machine

from directives.demo_members import seed_members
from directives.models import BcdMembership, BcdRole, MemberReport
from directives.schedule import period_ending
from directives.selectors.members import missing_reports
from directory.demo import seed_directory
from directory.models import Commune, District
from tests.directives.conftest import VN

TODAY = datetime.date(2025, 9, 20)


def test_demo_members_and_reports(db):
    seed_directory()
    first = seed_members(today=TODAY)
    district = District.objects.get(code="679")
    seats = {s.full_name: s for s in BcdMembership.objects.filter(unit=district).prefetch_related("communes")}
    assert first.memberships == len(seats) == 12
    # the seats page shows one seat without an account (not reminded) and one that has ended
    assert {s.full_name for s in seats.values() if s.user_id is None} == {"Ủy ban MTTQ Việt Nam huyện", "Ngô Văn Cũ"}
    assert seats["Ngô Văn Cũ"].valid_to < TODAY and not seats["Ngô Văn Cũ"].reports.exists()
    assert seats["Nguyễn Minh Lãnh"].role == BcdRole.HEAD and seats["Nguyễn Minh Lãnh"].user.username == "lanhdao"
    deputies = [s for s in seats.values() if s.role == BcdRole.DEPUTY]
    halves = [{c.pk for c in d.communes.all()} for d in deputies]
    communes = set(Commune.objects.filter(parent=district).current().values_list("pk", flat=True))
    assert len(deputies) == 2 and not (halves[0] & halves[1]) and halves[0] | halves[1] == communes
    assert abs(len(halves[0]) - len(halves[1])) <= 1
    assert first.reports == MemberReport.objects.count() > 30
    assert MemberReport.objects.filter(is_late=True).exists() and MemberReport.objects.filter(status="accepted").exists()
    last = period_ending("twice_monthly", datetime.date(2025, 9, 14))
    with time_machine.travel(datetime.datetime(2025, 9, 20, 10, tzinfo=VN), tick=False):
        missing = {r.member for r in missing_reports(district, last)}
        assert {"Lê Thị Hương", "Hoàng Văn Hạ", "Bùi Đức Môi"} <= missing
        assert "Trần Quốc Phó" not in missing
    second = seed_members(today=TODAY)
    assert (second.memberships, second.reports) == (0, 0)
