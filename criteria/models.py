"""NTM criteria: versioned sets, their criteria and indicators, targets, assessments, recognitions.

A set (QĐ 318 commune set, QĐ 320 district set, a model-village set…) is loaded from a file; an
assessment belongs to one set and one unit at one date, so every earlier assessment stays
readable when a new set replaces the old one.
"""

from __future__ import annotations

import decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ntm_portal import limits


class SetLevel(models.TextChoices):
    COMMUNE = "commune", _("Xã")
    VILLAGE = "village", _("Thôn, khu dân cư")
    DISTRICT = "district", _("Huyện")


class SetTier(models.TextChoices):
    STANDARD = "standard", _("Đạt chuẩn")
    ADVANCED = "advanced", _("Nâng cao")
    MODEL = "model", _("Kiểu mẫu")


class Certainty(models.TextChoices):
    CONFIRMED = "confirmed", _("Đã đối chiếu văn bản")
    DRAFT = "draft", _("Dự thảo, cần đối chiếu")


class CriteriaSet(models.Model):
    code = models.CharField(_("mã bộ tiêu chí"), max_length=40)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    level = models.CharField(_("cấp áp dụng"), max_length=10, choices=SetLevel.choices)
    tier = models.CharField(_("mức"), max_length=10, choices=SetTier.choices, default=SetTier.STANDARD)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    owner = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("bộ tiêu chí riêng của"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Để trống cho bộ tiêu chí quốc gia; chọn tỉnh cho bộ tiêu chí do tỉnh ban hành."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["level", "-valid_from", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="criteria_set_code_version_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="criteria_set_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" (v{self.version})" if self.version > 1 else ""
        return f"{self.name}{suffix}"

    def in_force_on(self, on) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria",
                                     verbose_name=_("bộ tiêu chí"))
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên tiêu chí"), max_length=255)
    group = models.CharField(_("nhóm"), max_length=20, blank=True)
    certainty = models.CharField(_("độ chắc chắn của nội dung"), max_length=10, choices=Certainty.choices,
                                 default=Certainty.DRAFT)
    responsible_agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan, đoàn thể phụ trách"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="criteria",
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="criterion_number_unique_in_set"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class IndicatorKind(models.TextChoices):
    YES_NO = "yes_no", _("Đạt / không đạt")
    NUMERIC = "numeric", _("Số liệu so với chỉ tiêu")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="


class Indicator(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="indicators")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="indicators",
                                  verbose_name=_("tiêu chí"))
    code = models.CharField(_("mã chỉ tiêu"), max_length=12)
    sort_key = models.CharField(max_length=40, editable=False)
    name = models.TextField(_("nội dung chỉ tiêu"))
    unit_label = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=IndicatorKind.choices)
    comparator = models.CharField(_("so sánh"), max_length=3, choices=Comparator.choices, default=Comparator.GTE)
    certainty = models.CharField(_("độ chắc chắn của nội dung"), max_length=10, choices=Certainty.choices,
                                 default=Certainty.DRAFT)
    certainty_note = models.CharField(_("ghi chú đối chiếu"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["criteria_set", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="indicator_code_unique_in_set"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name[:80]}"

    @staticmethod
    def sort_key_of(code: str) -> str:
        """"17.10" sorts after "17.9": each part zero-padded."""
        return ".".join(part.zfill(4) for part in code.split("."))


class CommuneGroupNumber(models.IntegerChoices):
    """QĐ 51/2025: the targets of the 2026–2030 set differ by commune group, decided by the province."""

    ONE = 1, _("Nhóm 1")
    TWO = 2, _("Nhóm 2")
    THREE = 3, _("Nhóm 3")


class CommuneGroup(models.Model):
    """The group a commune is in from a date (the province's decision); a new row closes the previous."""

    commune = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("xã"))
    group = models.PositiveSmallIntegerField(_("nhóm xã"), choices=CommuneGroupNumber.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(_("căn cứ"), max_length=255, blank=True,
                                help_text=_("Số, ngày quyết định của tỉnh phân nhóm xã."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhóm xã")
        verbose_name_plural = _("nhóm xã")
        ordering = ["commune", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "valid_from"], name="commune_group_one_per_start"),
            models.CheckConstraint(condition=Q(group__gte=1) & Q(group__lte=3), name="commune_group_range"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="commune_group_validity_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.commune}: {self.get_group_display()} ({self.valid_from:%d/%m/%Y})"


class Target(models.Model):
    """The target of a numeric indicator set by a coordinating unit (district or province), for every
    commune or for one commune group (QĐ 51/2025: targets differ by group)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("đơn vị điều phối"))
    group = models.PositiveSmallIntegerField(_("nhóm xã"), choices=CommuneGroupNumber.choices, null=True, blank=True,
                                             help_text=_("Để trống: chỉ tiêu chung cho mọi xã."))
    value = models.DecimalField(_("chỉ tiêu"), max_digits=12, decimal_places=2)
    approaching_margin = models.DecimalField(
        _("biên độ gần đạt (% chỉ tiêu)"), max_digits=5, decimal_places=2, default=decimal.Decimal("10"),
        help_text=_("Giá trị cách chỉ tiêu không quá tỷ lệ này được coi là gần đạt."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chỉ tiêu theo vùng")
        verbose_name_plural = _("chỉ tiêu theo vùng")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], condition=Q(group__isnull=True),
                                    name="target_one_per_indicator_unit"),
            models.UniqueConstraint(fields=["indicator", "unit", "group"], condition=Q(group__isnull=False),
                                    name="target_one_per_indicator_unit_group"),
            models.CheckConstraint(condition=Q(approaching_margin__gte=0) & Q(approaching_margin__lte=100),
                                   name="target_margin_range"),
        ]

    def __str__(self) -> str:
        group = f" ({self.get_group_display()})" if self.group else ""
        return f"{self.indicator.code}: {self.value}{group}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi, chờ xác nhận")
    RETURNED = "returned", _("Bị trả lại")
    VERIFIED = "verified", _("Đã xác nhận")


class Assessment(models.Model):
    """A unit's review of every indicator of a set at a date."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="assessments",
                                     verbose_name=_("bộ tiêu chí"))
    unit = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị được đánh giá"))
    commune = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                                null=True, blank=True, verbose_name=_("xã"))
    # The coordinating unit (a district before 01/07/2025, a province's office after): field name kept.
    district = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("đơn vị điều phối"))
    as_of = models.DateField(_("ngày đánh giá"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT)
    note = models.TextField(_("ghi chú"), blank=True, max_length=limits.LONG_NOTE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ý kiến của đơn vị điều phối"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = _("kết quả đánh giá")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "unit", "as_of"], name="assessment_one_per_unit_date"),
            limits.max_length_constraint("note", limits.LONG_NOTE, name="assessment_note_max_length"),
            limits.max_length_constraint("review_note", limits.NOTE, name="assessment_review_note_max_length"),
        ]
        indexes = [models.Index(fields=["criteria_set", "status", "unit", "as_of"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.criteria_set.code} · {self.as_of:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("criteria:assessment_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


class ResultStatus(models.TextChoices):
    MET = "met", _("Đạt")
    APPROACHING = "approaching", _("Gần đạt")
    NOT_MET = "not_met", _("Chưa đạt")


class IndicatorResult(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("kết quả"), max_length=12, choices=ResultStatus.choices)
    target_value = models.DecimalField(_("chỉ tiêu khi đánh giá"), max_digits=12, decimal_places=2,
                                       null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kết quả chỉ tiêu")
        verbose_name_plural = _("kết quả chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="result_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.get_status_display()}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"criteria/evidence/{instance.assessment_id}/{filename}"


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                  verbose_name=_("chỉ tiêu"))
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class RecognitionLevel(models.TextChoices):
    STANDARD = "standard", _("Đạt chuẩn nông thôn mới")
    ADVANCED = "advanced", _("Đạt chuẩn nông thôn mới nâng cao")
    MODEL = "model", _("Đạt chuẩn nông thôn mới kiểu mẫu")
    MODEL_VILLAGE = "model_village", _("Thôn nông thôn mới kiểu mẫu")
    MODEL_AREA = "model_area", _("Khu dân cư kiểu mẫu")


COMMUNE_LEVELS = [RecognitionLevel.STANDARD, RecognitionLevel.ADVANCED, RecognitionLevel.MODEL]
VILLAGE_LEVELS = [RecognitionLevel.MODEL_VILLAGE, RecognitionLevel.MODEL_AREA]
LEVEL_RANK = {RecognitionLevel.STANDARD: 1, RecognitionLevel.ADVANCED: 2, RecognitionLevel.MODEL: 3}


class Authority(models.TextChoices):
    DISTRICT = "district", _("UBND huyện")  # names the district level
    PROVINCE = "province", _("UBND tỉnh")


class Recognition(models.Model):
    """A decision recognising a commune or a village at a level."""

    unit = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị"))
    level = models.CharField(_("mức công nhận"), max_length=15, choices=RecognitionLevel.choices)
    authority = models.CharField(_("cấp quyết định"), max_length=10, choices=Authority.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=40)
    decision_date = models.DateField(_("ngày quyết định"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decision_date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "level", "decision_number"], name="recognition_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_level_display()} ({self.decision_number}, {self.decision_date:%d/%m/%Y})"


class RoadmapStage(models.TextChoices):
    PLANNED = "planned", _("Đăng ký phấn đấu")
    IN_PREPARATION = "in_preparation", _("Đang hoàn thiện hồ sơ")


class RoadmapTarget(models.Model):
    """The district's plan: this commune or village aims at this level in this year."""

    unit = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("đơn vị"))
    district = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("mức phấn đấu"), max_length=15, choices=RecognitionLevel.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    stage = models.CharField(_("giai đoạn"), max_length=15, choices=RoadmapStage.choices,
                             default=RoadmapStage.PLANNED)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lộ trình")
        verbose_name_plural = _("lộ trình")
        ordering = ["year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "level"], name="roadmap_one_target_per_unit_level"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="roadmap_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_level_display()} {self.year}"
