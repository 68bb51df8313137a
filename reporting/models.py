"""The Monday roll-up: each built version of a coordinating unit's weekly report (a district, a
province's office or a merged commune; the field keeps the name `district`), and who receives it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def rollup_file_path(instance: RollUp, filename: str) -> str:
    return f"tong-hop/{instance.action_day.date:%Y}/{filename}"


class RollUp(models.Model):
    """One version of the weekly roll-up of a district for one action day.

    Version 1 is built by the Monday job (or by hand); later versions only when the coordinator
    asks, with a reason. Both files are kept with their SHA-256 and the hash of the data they were
    built from (`data_version`), so the history can say when the current data differ.
    """

    class Status(models.TextChoices):
        BUILDING = "building", _("Đang tổng hợp")
        READY = "ready", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Lịch tự động")
        MANUAL = "manual", _("Điều phối yêu cầu")
        COMMAND = "command", _("Dòng lệnh")

    district = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"), on_delete=models.PROTECT,
        related_name="rollups", help_text=_("Huyện, tỉnh hoặc xã chạy chương trình."),  # names the district level
    )
    action_day = models.ForeignKey(
        "campaigns.ActionDay", verbose_name=_("ngày ra quân"), on_delete=models.PROTECT, related_name="rollups"
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.BUILDING)
    trigger = models.CharField(_("khởi tạo bởi"), max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    reason = models.TextField(_("lý do tổng hợp lại"), blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=rollup_file_path, blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to=rollup_file_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    data_version = models.CharField(_("mã dữ liệu"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    built_at = models.DateTimeField(_("tổng hợp xong lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("báo cáo tổng hợp tuần")
        verbose_name_plural = _("báo cáo tổng hợp tuần")
        ordering = ["-action_day__date", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["action_day", "version"], name="rollup_unique_version_per_day"),
            models.CheckConstraint(condition=Q(version=1) | ~Q(reason=""), name="rollup_new_version_has_reason"),
        ]
        indexes = [models.Index(fields=["district", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action_day.date:%d/%m/%Y} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:rollup_detail", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def file_stem(self) -> str:
        return f"bao-cao-tuan-{self.action_day.date:%Y-%m-%d}-v{self.version}"


class RollupRecipient(models.Model):
    """Who receives a coordinating unit's roll-up by e-mail (its office, the Standing Committee, UBND …)."""

    district = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"), on_delete=models.CASCADE,
        related_name="rollup_recipients",
    )
    name = models.CharField(_("nơi nhận"), max_length=200)
    email = models.EmailField(_("thư điện tử"))
    is_active = models.BooleanField(_("đang nhận"), default=True)

    class Meta:
        verbose_name = _("nơi nhận báo cáo tuần")
        verbose_name_plural = _("nơi nhận báo cáo tuần")
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "email"], name="rollup_recipient_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
