"""Demo data of the BCĐ members' reports (make run): the district's steering committee — the head,
two deputies splitting the communes half and half (seed 002 splits 34 communes 17/17), members
from the agencies, organisations reporting quarterly — and three months of reports, some missing.
Running it again creates nothing twice.
"""

from __future__ import annotations

import dataclasses
import datetime
import random

from django.contrib.auth import get_user_model

from directory.demo import DEMO_PASSWORD, DEMO_START
from directory.models import Agency, Commune, District
from ntm_portal.audit import audit_record

from .models import BcdMembership, BcdRole, MemberReport, ReportFrequency, SubCommittee
from .schedule import deadline_of, recent_periods, today_vn

CONTENT = [
    "Đã về {commune} dự họp Ban Chỉ đạo xã, kiểm tra tiến độ tiêu chí giao thông, môi trường; đôn đốc "
    "xã hoàn thiện hồ sơ đề nghị xét công nhận.",
    "Trực tiếp đi kiểm tra ngày ra quân tại {commune}; chỉ đạo tổ chức thu gom rác thải, phát quang "
    "đường thôn; nhắc các cơ quan được phân công cử đủ cán bộ.",
    "Làm việc với Đảng ủy, UBND {commune} về kế hoạch duy trì, nâng cao chất lượng tiêu chí; rà soát "
    "hộ nghèo, thu nhập bình quân đầu người.",
]
LOGINS = ["phoban.1", "phoban.2", "bcd.ktht", "bcd.vhtt", "bcd.tnmt", "bcd.hlhpn", "bcd.hnd"]
ISSUES = ["", "", "Đề nghị huyện hỗ trợ xi măng làm đường nội đồng.", "Kinh phí duy trì tiêu chí môi trường còn thiếu."]


@dataclasses.dataclass
class MemberSeedResult:
    memberships: int = 0
    reports: int = 0

    def __str__(self) -> str:
        return (f"{self.memberships} thành viên Ban Chỉ đạo, {self.reports} báo cáo thành viên mới "
                f"(tài khoản thành viên: {', '.join(LOGINS)})")


def _user(username: str, full_name: str):
    User = get_user_model()
    last, _sep, first = full_name.rpartition(" ")
    user, created = User.objects.get_or_create(username=username, defaults={
        "first_name": first, "last_name": last, "email": f"{username}@dilinh.example.vn"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _seats(district: District) -> list[BcdMembership]:
    communes = list(Commune.objects.filter(parent=district).current().order_by("code"))
    half = (len(communes) + 1) // 2
    User = get_user_model()
    leader = User.objects.filter(username="lanhdao").first()
    monitor = User.objects.filter(username="phutrach").first()
    focal = User.objects.filter(username="coquan.tckh").first()
    agencies = {a.name: a for a in Agency.objects.filter(owner=district)}
    economy, _c = SubCommittee.objects.get_or_create(unit=district, name="Tiểu ban Phát triển kinh tế")
    culture, _c = SubCommittee.objects.get_or_create(unit=district, name="Tiểu ban Văn hóa - Xã hội - Môi trường")
    specs = [
        # full name, position, user, role, sub-committee, communes, agency, frequency
        ("Nguyễn Minh Lãnh", "Chủ tịch UBND huyện", leader, BcdRole.HEAD, None, [], None, None),
        ("Trần Quốc Phó", "Phó Chủ tịch UBND huyện", _user("phoban.1", "Trần Quốc Phó"), BcdRole.DEPUTY, economy,
         communes[:half], None, None),
        ("Lê Thị Hương", "Phó Bí thư Thường trực Huyện ủy", _user("phoban.2", "Lê Thị Hương"), BcdRole.DEPUTY,
         culture, communes[half:], None, None),
        ("Phạm Quang Trách", "Trưởng phòng Nông nghiệp và PTNT", monitor, BcdRole.STANDING, economy,
         [c for c in communes if c.name.startswith("Hòa")], agencies.get("Phòng Nông nghiệp và PTNT"), None),
        ("Lê Thị Kế", "Trưởng phòng Tài chính - Kế hoạch", focal, BcdRole.MEMBER, economy,
         [c for c in communes if c.name == "Hòa Ninh"], agencies.get("Phòng Tài chính - Kế hoạch"), None),
        ("Hoàng Văn Hạ", "Trưởng phòng Kinh tế và Hạ tầng", _user("bcd.ktht", "Hoàng Văn Hạ"), BcdRole.MEMBER,
         economy, communes[2:5], agencies.get("Phòng Kinh tế và Hạ tầng"), None),
        ("Đặng Thị Vân", "Trưởng phòng Văn hóa và Thông tin", _user("bcd.vhtt", "Đặng Thị Vân"), BcdRole.MEMBER,
         culture, communes[10:13], agencies.get("Phòng Văn hóa và Thông tin"), None),
        ("Bùi Đức Môi", "Trưởng phòng Tài nguyên và Môi trường", _user("bcd.tnmt", "Bùi Đức Môi"), BcdRole.MEMBER,
         culture, communes[13:16], agencies.get("Phòng Tài nguyên và Môi trường"), None),
        ("Hội Liên hiệp Phụ nữ huyện", "", _user("bcd.hlhpn", "Võ Thị Phụ"), BcdRole.MEMBER, culture, [],
         agencies.get("Hội Liên hiệp Phụ nữ huyện"), ReportFrequency.QUARTERLY),
        ("Hội Nông dân huyện", "", _user("bcd.hnd", "Huỳnh Văn Nông"), BcdRole.MEMBER, economy, [],
         agencies.get("Hội Nông dân huyện"), ReportFrequency.QUARTERLY),
    ]
    seats = []
    for order, (name, position, user, role, sub, in_charge, agency, frequency) in enumerate(specs, start=1):
        seat, created = BcdMembership.objects.get_or_create(unit=district, full_name=name, defaults={
            "position": position, "user": user, "role": role, "sub_committee": sub, "agency": agency,
            "frequency": frequency or ReportFrequency.TWICE_MONTHLY, "valid_from": DEMO_START, "order": order})
        if created:
            seat.communes.set(in_charge)
        seat.created = created
        seats.append(seat)
    # Two seats the office keeps without an account (on the seats page: no report on the portal, no
    # reminder): an organisation that reports on paper, and a former member whose seat has ended.
    for order, (name, position, frequency, valid_to) in enumerate([
        ("Ủy ban MTTQ Việt Nam huyện", "", ReportFrequency.QUARTERLY, None),
        ("Ngô Văn Cũ", "Nguyên Phó Chủ tịch UBND huyện (đã chuyển công tác)", ReportFrequency.TWICE_MONTHLY,
         DEMO_START + datetime.timedelta(days=45)),
    ], start=len(specs) + 1):
        seat, created = BcdMembership.objects.get_or_create(unit=district, full_name=name, defaults={
            "position": position, "role": BcdRole.MEMBER, "frequency": frequency, "valid_from": DEMO_START,
            "valid_to": valid_to, "order": order})
        seat.created = created
        seats.append(seat)
    return seats


def seed_members(*, district_code: str = "679", today: datetime.date | None = None) -> MemberSeedResult:
    today = today or today_vn()
    district = District.objects.get(code=district_code)
    seats = _seats(district)
    result = MemberSeedResult(memberships=sum(s.created for s in seats))
    have = set(MemberReport.objects.filter(membership__in=seats).values_list("membership_id", "period_end"))
    new = []
    for seat in seats:
        periods = [p for p in recent_periods(seat.frequency, today=today, count=6 if seat.frequency ==
                                             ReportFrequency.TWICE_MONTHLY else 2) if p.due <= today]
        for index, period in enumerate(periods):  # newest first
            if (seat.pk, period.end) in have or seat.user is None:
                continue
            rng = random.Random(f"{seat.full_name}/{period.end}")  # the same choices on every run
            # The latest period: the second deputy and two members have not reported (the dashboard shows them).
            missing = (index == 0 and seat.full_name in ("Lê Thị Hương", "Hoàng Văn Hạ", "Bùi Đức Môi")) or (
                index > 0 and rng.random() < 0.15)
            if missing:
                continue
            late = rng.random() < 0.2
            at = deadline_of(period.due) + (datetime.timedelta(days=2) if late else -datetime.timedelta(hours=6))
            communes = list(seat.communes.all()[:1])
            status = MemberReport.Status.ACCEPTED if index > 1 else MemberReport.Status.SUBMITTED
            new.append(MemberReport(
                membership=seat, period_start=period.start, period_end=period.end, due_date=period.due,
                content=rng.choice(CONTENT).format(commune=communes[0].name if communes else "các xã"),
                issues=rng.choice(ISSUES), status=status, first_submitted_at=at, submitted_at=at,
                submitted_by=seat.user, submission_count=1, is_late=late, created_by=seat.user,
                reviewed_at=at + datetime.timedelta(days=1) if status == MemberReport.Status.ACCEPTED else None,
                reviewed_by=seats[0].user if status == MemberReport.Status.ACCEPTED else None,
            ))
    MemberReport.objects.bulk_create(new)
    result.reports = len(new)
    if result.memberships or result.reports:
        audit_record(actor=None, action="demo.seed", target=district, unit=district,
                     note=f"{result.memberships} thành viên Ban Chỉ đạo, {result.reports} báo cáo thành viên")
    return result
