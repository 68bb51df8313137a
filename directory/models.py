"""Who and where: the administrative tree, agencies, their staff and the users' roles.

The tree province → district → commune → village lives in one table (`AdministrativeUnit`)
with validity dates, so that the unit that owns a programme can be a district today and a
province or a merged commune tomorrow (the district level was abolished on 01/07/2025), and
history stays attached to the units as they were. `District`, `Commune` and `Village` are
proxies of that table, which keeps the glossary's names in code.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm_portal.text import fold


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã, thị trấn")
    VILLAGE = "village", _("Thôn, tổ dân phố")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố")
    DISTRICT = "huyen", _("Huyện")
    TOWN = "thi_xa", _("Thị xã")
    COMMUNE = "xa", _("Xã")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    VILLAGE = "thon", _("Thôn")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")


LEVEL_OF_KIND = {
    UnitKind.PROVINCE: UnitLevel.PROVINCE,
    UnitKind.CITY: UnitLevel.PROVINCE,
    UnitKind.DISTRICT: UnitLevel.DISTRICT,
    UnitKind.TOWN: UnitLevel.DISTRICT,
    UnitKind.COMMUNE: UnitLevel.COMMUNE,
    UnitKind.TOWNSHIP: UnitLevel.COMMUNE,
    UnitKind.WARD: UnitLevel.COMMUNE,
    UnitKind.SPECIAL_ZONE: UnitLevel.COMMUNE,
    UnitKind.VILLAGE: UnitLevel.VILLAGE,
    UnitKind.RESIDENTIAL_GROUP: UnitLevel.VILLAGE,
}


class NtmStatus(models.TextChoices):
    NOT_YET = "chua_dat", _("Chưa đạt chuẩn")
    STANDARD = "dat_chuan", _("Đạt chuẩn nông thôn mới")
    ADVANCED = "nang_cao", _("Đạt chuẩn nông thôn mới nâng cao")
    MODEL = "kieu_mau", _("Đạt chuẩn nông thôn mới kiểu mẫu")


class UnitQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Units valid on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


def self_and_ancestor_ids(unit: AdministrativeUnit) -> list[int]:
    """The commune (or village) itself, its parent and grandparent: the units that may coordinate it.
    No query when the parent is already loaded (select_related("parent"))."""
    ids = [unit.pk]
    if unit.parent_id:
        ids.append(unit.parent_id)
        if unit.parent.parent_id:
            ids.append(unit.parent.parent_id)
    return ids


def coordinated_communes_q(unit: AdministrativeUnit, prefix: str = "") -> Q:
    """A Q() over communes (or rows reaching a commune through `prefix`, e.g. "commune__") that a
    coordinating unit runs: itself when it is a (merged) commune; else its communes and the communes
    of its districts (a province's office, including the districts closed on 01/07/2025)."""
    if unit.level == UnitLevel.COMMUNE:
        return Q(**{f"{prefix}pk": unit.pk})
    # "parent is the unit, or the parent's parent is": written as one column against the unit's children
    # (a subquery on the parent index), not as an OR across a join, which PostgreSQL can only answer by
    # hashing the whole directory (73,000 units at national scale: 22–40 ms for every such filter).
    children = AdministrativeUnit.objects.filter(parent_id=unit.pk).values("pk")
    return Q(**{f"{prefix}parent_id": unit.pk}) | Q(**{f"{prefix}parent_id__in": children})


class AdministrativeUnit(models.Model):
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices, db_index=True)
    kind = models.CharField(_("loại"), max_length=12, choices=UnitKind.choices)
    code = models.CharField(
        _("mã"), max_length=20, blank=True, help_text=_("Mã đơn vị hành chính (GSO) nếu có.")
    )
    name = models.CharField(_("tên"), max_length=120)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("sáp nhập vào"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Đơn vị mới sau khi sắp xếp, sáp nhập."),
    )
    ntm_status = models.CharField(
        _("mức đạt chuẩn NTM"), max_length=10, choices=NtmStatus.choices, blank=True
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code", "name"]
        constraints = [
            # A code is reused after a reorganisation (new Đinh Trang Thượng took Tân Lâm's 25007):
            # it is unique among the units in force, and among the closed ones by end date.
            models.UniqueConstraint(
                fields=["level", "code"], condition=~Q(code="") & Q(valid_to__isnull=True),
                name="unit_code_unique_in_force",
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_to"], condition=~Q(code="") & Q(valid_to__isnull=False),
                name="unit_code_unique_per_end_date",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], condition=Q(valid_to__isnull=True),
                name="unit_current_name_unique_in_parent",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(level=UnitLevel.PROVINCE) | Q(parent__isnull=False),
                name="unit_has_parent_below_province",
            ),
        ]
        indexes = [models.Index(fields=["parent", "level"])]

    def __str__(self) -> str:
        return self.full_name

    def in_force_on(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)

    @property
    def full_name(self) -> str:
        """ "Xã Hòa Ninh", "Thị trấn Di Linh"; a village's name already says what it is."""
        kind_label = str(UnitKind(self.kind).label) if self.kind else ""
        if self.level == UnitLevel.VILLAGE or self.name.lower().startswith(kind_label.lower()):
            return self.name
        return f"{kind_label} {self.name}"


class DistrictManager(models.Manager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(level=UnitLevel.DISTRICT)


class CommuneManager(models.Manager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(level=UnitLevel.COMMUNE)


class VillageManager(models.Manager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(level=UnitLevel.VILLAGE)


class Province(AdministrativeUnit):
    class Meta:
        proxy = True
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")


class District(AdministrativeUnit):
    objects = DistrictManager()

    class Meta:
        proxy = True
        verbose_name = _("huyện")  # names the district level
        verbose_name_plural = _("huyện")  # names the district level


class Commune(AdministrativeUnit):
    objects = CommuneManager()

    class Meta:
        proxy = True
        verbose_name = _("xã, thị trấn")
        verbose_name_plural = _("xã, thị trấn")

    def get_absolute_url(self) -> str:
        return reverse("directory:commune_detail", args=[self.pk])


class Village(AdministrativeUnit):
    objects = VillageManager()

    class Meta:
        proxy = True
        verbose_name = _("thôn, tổ dân phố")
        verbose_name_plural = _("thôn, tổ dân phố")


class HouseholdCount(models.Model):
    """Number of households of a village at a date: the denominator of participation."""

    village = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.CASCADE,
        related_name="household_counts",
    )
    as_of = models.DateField(_("tính đến ngày"))
    households = models.PositiveIntegerField(_("số hộ dân"))
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("số hộ dân")
        verbose_name_plural = _("số hộ dân")
        ordering = ["village", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["village", "as_of"], name="household_count_one_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.village}: {self.households} ({self.as_of:%d/%m/%Y})"


class AgencyKind(models.TextChoices):
    DISTRICT_OFFICE = "district_office", _("Phòng, ban chuyên môn")
    PARTY_BODY = "party_body", _("Cơ quan, tổ chức Đảng")
    MASS_ORGANISATION = "mass_organisation", _("Mặt trận Tổ quốc, đoàn thể")
    STATE_AGENCY = "state_agency", _("Cơ quan ngành dọc đóng trên địa bàn")
    SCHOOL = "school", _("Trường học")
    COMPANY = "company", _("Doanh nghiệp")


class Agency(models.Model):
    """A unit that sends staff to the communes it is assigned to."""

    owner = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("thuộc địa bàn"), on_delete=models.PROTECT,
        related_name="agencies", help_text=_("Đơn vị điều phối mà cơ quan thuộc về."),
    )
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=AgencyKind.choices)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="agency_name_unique_in_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:agency_detail", args=[self.pk])


class AssignmentQuerySet(models.QuerySet):
    def open_on(self, on: datetime.date):
        """Assignments in force on a date."""
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class Assignment(models.Model):
    """Agency → commune it supports, from a date; a reassignment closes the old row."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.CASCADE, related_name="assignments"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="assignments"
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công địa bàn")
        verbose_name_plural = _("phân công địa bàn")
        ordering = ["agency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "commune"], condition=Q(valid_to__isnull=True),
                name="assignment_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.commune}"


class PersonQuerySet(models.QuerySet):
    def search(self, text: str):
        """Diacritic-insensitive name search ("nguyen van a" finds "Nguyễn Văn A")."""
        return self.filter(name_folded__contains=fold(text))


class Person(models.Model):
    """A member of an agency's staff."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.CASCADE, related_name="staff"
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["agency", "full_name"]
        indexes = [models.Index(fields=["agency", "name_folded"])]

    def __str__(self) -> str:
        return self.full_name


class UnitMove(models.Model):
    """A unit moved under another parent on a date (a village into the commune its own merged into).

    The row keeps the parent the unit had before, so "the villages of a commune on a date" stays
    answerable for the weeks before a reorganisation.
    """

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                             related_name="moves")
    from_parent = models.ForeignKey(AdministrativeUnit, verbose_name=_("trực thuộc trước"), on_delete=models.PROTECT,
                                    related_name="+")
    to_parent = models.ForeignKey(AdministrativeUnit, verbose_name=_("trực thuộc sau"), on_delete=models.PROTECT,
                                  related_name="+")
    on = models.DateField(_("từ ngày"))
    old_name = models.CharField(_("tên trước"), max_length=120, blank=True)
    note = models.CharField(_("căn cứ"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển đơn vị trực thuộc")
        verbose_name_plural = _("chuyển đơn vị trực thuộc")
        ordering = ["unit", "on"]
        constraints = [models.UniqueConstraint(fields=["unit", "on"], name="unit_move_one_per_date")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.from_parent} → {self.to_parent} ({self.on:%d/%m/%Y})"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Cơ quan điều phối")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")
    AGENCY_FOCAL_POINT = "agency_focal_point", _("Đầu mối cơ quan, đơn vị")
    LEADER = "leader", _("Lãnh đạo")
    AREA_MONITOR = "area_monitor", _("Ủy viên phụ trách địa bàn")
    INSPECTOR = "inspector", _("Ủy ban Kiểm tra")


class Membership(models.Model):
    """A user's role and the unit (or agency) it applies to. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="memberships",
        help_text=_("Đơn vị điều phối (tỉnh, huyện hoặc xã chạy chương trình) cho điều phối, lãnh đạo, kiểm tra; "  # names the district level
                    "xã cho cán bộ xã và ủy viên phụ trách."),
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("vai trò người dùng")
        verbose_name_plural = _("vai trò người dùng")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.AGENCY_FOCAL_POINT) & Q(agency__isnull=False) & Q(unit__isnull=True))
                | (~Q(role=Role.AGENCY_FOCAL_POINT) & Q(agency__isnull=True) & Q(unit__isnull=False)),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(fields=["user", "role", "unit", "agency"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency or self.unit}"


class SignerAuthority(models.TextChoices):
    """How the signer signs (Nghị định 30/2020/NĐ-CP, Điều 13): the line above the signer's title."""

    OWN = "", _("Người đứng đầu ký trực tiếp")
    ON_BEHALF = "TM.", _("TM. – thay mặt tập thể")
    DEPUTY = "KT.", _("KT. – ký thay người đứng đầu")
    BY_ORDER = "TL.", _("TL. – thừa lệnh")
    ACTING = "Q.", _("Q. – quyền")
    DELEGATED = "TUQ.", _("TUQ. – thừa ủy quyền")


class DocumentKind(models.TextChoices):
    """The kinds of document the portal issues, with their abbreviation in the document symbol."""

    REPORT = "BC", _("Báo cáo")
    PLAN = "KH", _("Kế hoạch")
    LIST = "DS", _("Danh sách")


class DocumentIssuer(models.Model):
    """Who issues the documents of an administrative unit, in the words the documents print.

    Hangs off any administrative unit (a district's coordinating office today, a province's office
    or a merged commune after the two-tier reform), so nothing in the code names a unit type or a
    place: the issuing-body block, the place in the date line, the symbols, the signature block and
    the default "Nơi nhận" all come from here. Edited by the coordinator (directory.services.issuer_save).
    """

    unit = models.OneToOneField(AdministrativeUnit, verbose_name=_("đơn vị hành chính"), on_delete=models.CASCADE,
                                related_name="issuer")
    parent_body = models.CharField(
        _("cơ quan, tổ chức chủ quản"), max_length=200, blank=True,
        help_text=_("Dòng trên của khối tên cơ quan, ví dụ “UBND HUYỆN …”. Để trống nếu cơ quan ban hành "
                    "là Ủy ban nhân dân."))
    body = models.CharField(
        _("tên cơ quan, tổ chức ban hành"), max_length=200,
        help_text=_("Ví dụ “PHÒNG NÔNG NGHIỆP VÀ PTNT” hoặc “ỦY BAN NHÂN DÂN XÃ …”. Xuống dòng bằng dấu “|”."))
    name_in_text = models.CharField(
        _("tên cơ quan trong câu"), max_length=200, blank=True,
        help_text=_("Tên viết thường trong câu, ví dụ “Phòng Nông nghiệp và PTNT” (“… của Phòng Nông nghiệp và PTNT”)."))
    place = models.CharField(_("địa danh"), max_length=100,
                             help_text=_("Địa danh ghi trước ngày tháng năm ban hành văn bản."))
    report_symbol = models.CharField(_("ký hiệu báo cáo"), max_length=30, help_text=_("Ví dụ “BC-NN”, “BC-UBND”."))
    plan_symbol = models.CharField(_("ký hiệu kế hoạch"), max_length=30, help_text=_("Ví dụ “KH-UBND”."))
    list_symbol = models.CharField(_("ký hiệu danh sách"), max_length=30, blank=True,
                                   help_text=_("Để trống nếu danh sách không đánh số."))
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=5, choices=SignerAuthority.choices,
                                        blank=True)
    signer_authority_of = models.CharField(
        _("ký thay mặt, ký thay cho"), max_length=120, blank=True,
        help_text=_("Sau TM./KT./TL./Q.: tập thể hoặc chức vụ của người đứng đầu, ví dụ “ỦY BAN NHÂN DÂN”, "
                    "“TRƯỞNG PHÒNG”."))
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=120, blank=True,
        help_text=_("Ví dụ “CHỦ TỊCH”, “PHÓ CHỦ TỊCH”, “Q. CHỦ TỊCH”. Để trống nếu dòng thẩm quyền đã là chức vụ "
                    "(ví dụ “Q. TRƯỞNG PHÒNG”)."))
    signer_name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận mặc định"), blank=True,
                                  help_text=_("Mỗi nơi nhận một dòng; dòng cuối thường là “Lưu: VT, …”."))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thông tin ban hành văn bản")
        verbose_name_plural = _("thông tin ban hành văn bản")

    def __str__(self) -> str:
        return self.body_lines[-1] if self.body_lines else str(self.unit)

    @property
    def body_lines(self) -> list[str]:
        return [line.strip() for line in self.body.split("|") if line.strip()]

    @property
    def in_text(self) -> str:
        return self.name_in_text or " ".join(self.body_lines)

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip().rstrip(";.") for line in self.recipients.splitlines() if line.strip()]

    @property
    def authority_line(self) -> str:
        """ "KT. TRƯỞNG PHÒNG", "TM. ỦY BAN NHÂN DÂN"; "" when the head signs in his own name."""
        if not self.signer_authority:
            return ""
        return f"{self.signer_authority} {self.signer_authority_of}".strip()

    def symbol(self, kind: str) -> str:
        return {DocumentKind.REPORT: self.report_symbol, DocumentKind.PLAN: self.plan_symbol,
                DocumentKind.LIST: self.list_symbol}[DocumentKind(kind)]


def in_sentence(full_name: str) -> str:
    """A unit's name inside a sentence: its type in lower case ("Xã Tân Thượng" → "xã Tân Thượng"),
    as Nghị định 30/2020/NĐ-CP, Phụ lục II writes it."""
    for label in sorted((str(k.label) for k in UnitKind), key=len, reverse=True):
        if full_name.startswith(label + " "):
            return label.lower() + full_name[len(label):]
    return full_name


def count_by_kind(kinds) -> str:
    """ "12 xã, 1 thị trấn": units counted by their type, a thị trấn never counted among the xã."""
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    order = [UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP, UnitKind.DISTRICT, UnitKind.TOWN, UnitKind.CITY,
             UnitKind.PROVINCE, UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP]
    parts = [f"{counts[k]} {str(UnitKind(k).label).lower()}" for k in order if counts.get(k)]
    return ", ".join(parts) if parts else "0 " + str(UnitKind.COMMUNE.label).lower()
