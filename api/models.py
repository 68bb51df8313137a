"""Personal API tokens, the record that makes a retried submission count once, and the DHIS2 mapping.

A token's secret is shown once; only its SHA-256 is stored (with a short prefix to recognise it).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_LENGTH = 8


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A personal token: it acts as its user, with their scope; a service account only reads figures."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Cá nhân")
        SERVICE = "service", _("Tài khoản hệ thống (chỉ đọc số liệu)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.PERSONAL)
    prefix = models.CharField(_("tiền tố"), max_length=TOKEN_PREFIX_LENGTH, db_index=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã API")
        verbose_name_plural = _("mã API")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_after"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def is_service(self) -> bool:
        return self.kind == self.Kind.SERVICE


class IdempotencyRecord(models.Model):
    """One submission per `Idempotency-Key` and user: a retry gets the first answer back, not a second write."""

    key = models.CharField(max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    request_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần gửi qua API")
        verbose_name_plural = _("lần gửi qua API")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_one_per_user_key")]

    def __str__(self) -> str:
        return f"{self.key} {self.method} {self.path}"


class Figure(models.TextChoices):
    """The weekly figures of a commune that the exchange carries (reporting.figures.CommuneFigures)."""

    RESIDENTS = "residents", _("Số người dân tham gia")
    HOUSEHOLDS = "households", _("Số hộ tham gia")
    HOUSEHOLDS_TOTAL = "households_total", _("Tổng số hộ của các thôn báo cáo")
    COMMUNE_STAFF = "commune_staff", _("Cán bộ xã tham gia")
    TEACHERS = "teachers", _("Giáo viên tham gia")
    STUDENTS = "students", _("Học sinh tham gia")
    AGENCY_STAFF_LISTED = "agency_staff_listed", _("Cán bộ cơ quan đăng ký")
    AGENCY_STAFF_PRESENT = "agency_staff_present", _("Cán bộ cơ quan có mặt")
    WASTE_KG = "waste_kg", _("Rác thải thu gom (kg)")
    WASTE_M3 = "waste_m3", _("Rác thải thu gom (m³)")
    VILLAGES_REPORTED = "villages_reported", _("Số thôn có báo cáo")


class Dhis2Mapping(models.Model):
    """One portal figure ↔ one DHIS2 data element (and category option combo); the office edits it."""

    figure = models.CharField(_("chỉ số của cổng"), max_length=30, choices=Figure.choices, unique=True)
    data_element = models.CharField(_("mã phần tử dữ liệu (dataElement)"), max_length=11)
    category_option_combo = models.CharField(_("mã tổ hợp phân loại (categoryOptionCombo)"), max_length=11,
                                             blank=True)
    attribute_option_combo = models.CharField(_("mã tổ hợp thuộc tính (attributeOptionCombo)"), max_length=11,
                                              blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ánh xạ DHIS2")
        verbose_name_plural = _("ánh xạ DHIS2")
        ordering = ["figure"]
        constraints = [
            models.UniqueConstraint(fields=["data_element", "category_option_combo"],
                                    name="dhis2_mapping_one_figure_per_element_combo"),
        ]

    def __str__(self) -> str:
        return f"{self.get_figure_display()} → {self.data_element}"


class ExchangeImport(models.Model):
    """A file of figures a partner system sent back, accepted whole."""

    unit = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"),
                             on_delete=models.PROTECT, related_name="+")
    source_format = models.CharField(_("định dạng"), max_length=10)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    value_count = models.PositiveIntegerField(_("số giá trị"), default=0)
    digest = models.CharField(_("mã tệp"), max_length=64)

    class Meta:
        verbose_name = _("lần nhập số liệu")
        verbose_name_plural = _("lần nhập số liệu")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.imported_at:%d/%m/%Y %H:%M} ({self.value_count})"


class ExchangedValue(models.Model):
    """One value received from a partner system: the latest import of a (unit, period, figure) wins."""

    batch = models.ForeignKey(ExchangeImport, on_delete=models.CASCADE, related_name="values")
    org_unit = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ"), max_length=10)
    figure = models.CharField(max_length=30, choices=Figure.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("giá trị nhận về")
        verbose_name_plural = _("giá trị nhận về")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "period", "figure"], name="exchanged_value_one_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.figure} = {self.value}"
