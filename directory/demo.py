"""Demo data for the directory: ~100 agencies of the seed kinds, assignments, staff, users.

Deterministic (seeded random) and idempotent: a second run finds everything and adds nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from ntm_portal.audit import audit_record
from ntm_portal.text import fold

from .models import Agency, AgencyKind, Assignment, Commune, District, Membership, Person, Role, in_sentence

DEMO_PASSWORD = "ntm@2026"
DEMO_START = datetime.date(2023, 2, 1)  # assignments in force since the launch month of Đề án 04

OFFICES = [
    "Văn phòng HĐND và UBND huyện", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch",
    "Phòng Kinh tế và Hạ tầng", "Phòng Nông nghiệp và PTNT", "Phòng Tài nguyên và Môi trường",
    "Phòng Tư pháp", "Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo", "Phòng Y tế",
    "Phòng Lao động - Thương binh và Xã hội", "Phòng Dân tộc", "Thanh tra huyện",
    "Trung tâm Văn hóa - Thể thao và Truyền thông", "Trung tâm Dịch vụ nông nghiệp",
    "Ban Quản lý dự án đầu tư xây dựng huyện", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên",
]
PARTY = [
    "Văn phòng Huyện ủy", "Ban Tổ chức Huyện ủy", "Ban Tuyên giáo Huyện ủy", "Ban Dân vận Huyện ủy",
    "Ủy ban Kiểm tra Huyện ủy", "Trung tâm Chính trị huyện", "Đảng ủy Khối Dân - Chính - Đảng",
]
MASS = [
    "Ủy ban MTTQ Việt Nam huyện", "Hội Liên hiệp Phụ nữ huyện", "Huyện đoàn Di Linh",
    "Hội Nông dân huyện", "Hội Cựu chiến binh huyện", "Liên đoàn Lao động huyện", "Hội Chữ thập đỏ huyện",
]
STATE = [
    "Chi cục Thuế khu vực Di Linh - Bảo Lâm", "Điện lực Di Linh", "Kho bạc Nhà nước Di Linh",
    "Chi cục Thống kê huyện", "Bảo hiểm xã hội huyện", "Công an huyện", "Ban Chỉ huy Quân sự huyện",
    "Viện Kiểm sát nhân dân huyện", "Tòa án nhân dân huyện", "Chi cục Thi hành án dân sự huyện",
    "Phòng giao dịch Ngân hàng Chính sách xã hội huyện", "Agribank chi nhánh huyện Di Linh",
    "Trung tâm Y tế huyện", "Hạt Kiểm lâm huyện", "Bưu điện huyện Di Linh", "Viettel Di Linh",
]
COMPANIES = [
    "Công ty TNHH MTV Lâm nghiệp Bảo Thuận", "Công ty TNHH MTV Lâm nghiệp Di Linh",
    "Công ty Cổ phần Cấp thoát nước Lâm Đồng - Chi nhánh Di Linh",
    "Công ty TNHH Chè Tâm Châu Di Linh", "Công ty Cổ phần Công trình đô thị Di Linh",
    "Công ty TNHH Cà phê Hòa Ninh",
]
HIGH_SCHOOLS = [
    "Trường THPT Di Linh", "Trường THPT Nguyễn Viết Xuân", "Trường THPT Phan Bội Châu",
    "Trường THPT Nguyễn Huệ", "Trường THPT Lê Hồng Phong",
]
STAFF_RANGE = {
    AgencyKind.DISTRICT_OFFICE: (10, 26), AgencyKind.PARTY_BODY: (5, 12),
    AgencyKind.MASS_ORGANISATION: (4, 10), AgencyKind.STATE_AGENCY: (15, 60),
    AgencyKind.SCHOOL: (15, 45), AgencyKind.COMPANY: (20, 60),
}
POSITIONS = {
    AgencyKind.SCHOOL: ["Hiệu trưởng", "Phó Hiệu trưởng", "Giáo viên", "Giáo viên", "Giáo viên", "Nhân viên"],
    AgencyKind.COMPANY: ["Giám đốc", "Phó Giám đốc", "Kỹ sư", "Công nhân", "Công nhân", "Nhân viên"],
}
DEFAULT_POSITIONS = ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Chuyên viên", "Chuyên viên", "Nhân viên"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "K'", "Ka", "Kơ Să"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thị Thu", "Xuân", "Công", "Anh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
         "Khánh", "Lan", "Long", "Mai", "Minh", "Nam", "Nga", "Nhung", "Phúc", "Phương", "Quân", "Sơn",
         "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Uyên", "Việt", "Yến", "Brèo", "Điểu"]


@dataclasses.dataclass
class SeedResult:
    agencies: int = 0
    assignments: int = 0
    people: int = 0
    created: int = 0
    logins: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.agencies} cơ quan, {self.assignments} phân công, {self.people} cán bộ "
                f"(thêm mới lần này: {self.created})")


def _agency_specs(communes: list[Commune]) -> list[tuple[str, str, Commune | None]]:
    specs = [(n, AgencyKind.DISTRICT_OFFICE, None) for n in OFFICES]
    specs += [(n, AgencyKind.PARTY_BODY, None) for n in PARTY]
    specs += [(n, AgencyKind.MASS_ORGANISATION, None) for n in MASS]
    specs += [(n, AgencyKind.STATE_AGENCY, None) for n in STATE]
    specs += [(n, AgencyKind.COMPANY, None) for n in COMPANIES]
    specs += [(n, AgencyKind.SCHOOL, communes[i % len(communes)]) for i, n in enumerate(HIGH_SCHOOLS)]
    for commune in communes:
        specs.append((f"Trường THCS {commune.name}", AgencyKind.SCHOOL, commune))
        specs.append((f"Trường Tiểu học {commune.name}", AgencyKind.SCHOOL, commune))
    return specs


def _person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if surname.endswith("'"):
        return f"{surname}{rng.choice(GIVEN)}"
    return f"{surname} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


@transaction.atomic
def seed_directory(*, district_code: str = "679") -> SeedResult:
    district = District.objects.get(code=district_code)
    communes = list(Commune.objects.filter(parent=district).order_by("code"))
    rng = random.Random(20230225)
    result = SeedResult()
    hoa_ninh = next(c for c in communes if c.name == "Hòa Ninh")

    agencies = []
    for index, (name, kind, home) in enumerate(_agency_specs(communes)):
        agency, created = Agency.objects.get_or_create(
            owner=district, name=name,
            defaults={"kind": kind, "is_demo": True, "email": f"donvi{index + 1:03d}@dilinh.example.vn"},
        )
        result.created += created
        agencies.append((agency, home))

    # Schools support their own commune; the others are spread so that each commune gets ~3.
    others = [a for a, home in agencies if home is None]
    for agency, home in agencies:
        if Assignment.objects.filter(agency=agency).exists():
            continue
        targets = [home] if home is not None else []
        if home is None:
            position = others.index(agency)
            targets = [communes[position % len(communes)]]
            if agency.kind in (AgencyKind.STATE_AGENCY, AgencyKind.COMPANY) and position % 3 == 0:
                targets.append(communes[(position + 7) % len(communes)])
        if agency.name == "Phòng Tài chính - Kế hoạch":
            targets = [hoa_ninh]
        for commune in targets:
            Assignment.objects.create(agency=agency, commune=commune, valid_from=DEMO_START)
            result.created += 1

    new_people = []
    for agency, _home in agencies:
        if agency.staff.exists():
            continue
        low, high = STAFF_RANGE[agency.kind]
        positions = POSITIONS.get(agency.kind, DEFAULT_POSITIONS)
        for i in range(rng.randint(low, high)):
            name = _person_name(rng)
            new_people.append(Person(
                agency=agency, full_name=name, name_folded=fold(name),
                position=positions[min(i, len(positions) - 1)] if i < 2 else rng.choice(positions[2:]),
                phone="0" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(8)),
                is_party_member=rng.random() < 0.45,
            ))
    Person.objects.bulk_create(new_people, batch_size=500)
    result.created += len(new_people)

    result.created += seed_issuers(district=district, communes=communes)
    result.logins = _seed_users(district, hoa_ninh, communes)
    result.agencies = Agency.objects.filter(owner=district).count()
    result.assignments = Assignment.objects.filter(agency__owner=district).count()
    result.people = Person.objects.filter(agency__owner=district).count()
    if result.created:
        audit_record(actor=None, action="demo.seed", target=district, unit=district,
                     note=f"{result.created} bản ghi minh họa")
    return result


def _seed_users(district, hoa_ninh, communes) -> list[tuple[str, str]]:
    User = get_user_model()
    tckh = Agency.objects.get(owner=district, name="Phòng Tài chính - Kế hoạch")
    hoa_communes = [c for c in communes if c.name.startswith("Hòa")]
    accounts = [
        ("dieuphoi", "Trần Văn Điều", [(Role.COORDINATOR, district, None)], "Phòng NN&PTNT (điều phối) – cả huyện"),
        ("xa.hoaninh", "K'Brèo Hòa", [(Role.COMMUNE_OFFICER, hoa_ninh, None)], "Cán bộ xã Hòa Ninh"),
        ("coquan.tckh", "Lê Thị Kế", [(Role.AGENCY_FOCAL_POINT, None, tckh)], "Đầu mối Phòng Tài chính - Kế hoạch"),
        ("lanhdao", "Nguyễn Minh Lãnh", [(Role.LEADER, district, None)], "Lãnh đạo huyện (chỉ xem)"),
        ("phutrach", "Phạm Quang Trách", [(Role.AREA_MONITOR, c, None) for c in hoa_communes],
         "Ủy viên phụ trách 4 xã Hòa Ninh, Hòa Trung, Hòa Nam, Hòa Bắc"),
        ("kiemtra", "Vũ Thị Kiểm", [(Role.INSPECTOR, district, None)], "Ủy ban Kiểm tra Huyện ủy"),
    ]
    for commune in communes:
        if commune != hoa_ninh:
            username = "xa." + fold(commune.name).replace(" ", "").replace("'", "")
            accounts.append((username, f"Cán bộ {commune.name}", [(Role.COMMUNE_OFFICER, commune, None)], ""))
    logins = []
    for username, full_name, memberships, label in accounts:
        last, _sep, first = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last,
                                         "email": f"{username}@dilinh.example.vn"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for role, unit, agency in memberships:
            Membership.objects.get_or_create(user=user, role=role, unit=unit, agency=agency)
        if label:
            logins.append((username, label))
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@dilinh.example.vn"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    logins.append(("admin", "Quản trị hệ thống (Django admin)"))
    return logins


def seed_issuers(*, district: District, communes: list[Commune]) -> int:
    """The issuing data of the demo: the district's agriculture office coordinates and signs the
    weekly report; each commune's People's Committee issues its plan and its staff list. Data, not
    code: the coordinator changes it on the "Ban hành văn bản" page."""
    from .models import DocumentIssuer, SignerAuthority
    from .selectors import issuer_of_default

    created = 0
    if not DocumentIssuer.objects.filter(unit=district).exists():
        DocumentIssuer.objects.create(
            unit=district, parent_body=f"UBND {district.full_name.upper()}", body="PHÒNG NÔNG NGHIỆP VÀ PTNT",
            name_in_text="Phòng Nông nghiệp và PTNT",
            place=district.name, report_symbol="BC-NN", plan_symbol="KH-NN", list_symbol="DS-NN",
            signer_authority=SignerAuthority.DEPUTY, signer_authority_of="TRƯỞNG PHÒNG",
            signer_title="PHÓ TRƯỞNG PHÒNG", signer_name="Nguyễn Văn Bình",
            recipients="\n".join([
                f"Thường trực HĐND, UBND {in_sentence(district.full_name)}",
                f"Ban Chỉ đạo các Chương trình MTQG {in_sentence(district.full_name)}",
                "Các cơ quan, đơn vị được phân công",
                "UBND các xã, thị trấn",
                "Lưu: VT, NN",
            ]))
        created += 1
    existing = set(DocumentIssuer.objects.filter(unit__in=communes).values_list("unit_id", flat=True))
    for commune in communes:
        if commune.pk in existing:
            continue
        issuer = issuer_of_default(commune)
        issuer.signer_authority_of = "ỦY BAN NHÂN DÂN"
        issuer.signer_authority, issuer.signer_title = SignerAuthority.ON_BEHALF, "CHỦ TỊCH"
        issuer.recipients = "\n".join([f"UBND {in_sentence(district.full_name)}",
                                       f"Phòng Nông nghiệp và PTNT {in_sentence(district.full_name)}",
                                       "Các thôn, tổ dân phố", "Lưu: VT"])
        issuer.save()
        created += 1
    return created
