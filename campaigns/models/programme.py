"""Programme (the weekly campaign of a coordinating unit) and its dated action days."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class Programme(models.Model):
    """A weekly campaign run by a coordinating unit (a district today; a province tomorrow).

    Weekday and deadlines are settings, never code: one district acts on Saturdays, another on
    Sundays.
    """

    owner = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"), on_delete=models.PROTECT,
        related_name="programmes",
    )
    name = models.CharField(
        _("tên chương trình"), max_length=200,
        default="Ngày thứ Bảy vì nông thôn mới, đô thị văn minh",
    )
    started_on = models.DateField(_("ngày phát động"), default=datetime.date(2023, 2, 25))
    action_weekday = models.PositiveSmallIntegerField(
        _("ngày ra quân trong tuần"), choices=Weekday.choices, default=Weekday.SATURDAY
    )
    roster_deadline_days_before = models.PositiveSmallIntegerField(
        _("hạn gửi danh sách: số ngày trước ngày ra quân"), default=3,
        validators=[MaxValueValidator(6)],
        help_text=_("3 = thứ Tư trước ngày thứ Bảy."),
    )
    roster_deadline_time = models.TimeField(_("hạn gửi danh sách: giờ"), default=datetime.time(23, 59))
    filing_deadline_days_after = models.PositiveSmallIntegerField(
        _("hạn báo cáo kết quả: số ngày sau ngày ra quân"), default=1, validators=[MaxValueValidator(6)]
    )
    filing_deadline_time = models.TimeField(_("hạn báo cáo kết quả: giờ"), default=datetime.time(20, 0))
    rollup_weekday = models.PositiveSmallIntegerField(
        _("ngày tổng hợp báo cáo tuần"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    rollup_time = models.TimeField(_("giờ tổng hợp báo cáo tuần"), default=datetime.time(7, 30))
    low_participation_threshold = models.DecimalField(
        _("ngưỡng tỷ lệ hộ tham gia thấp (%)"), max_digits=5, decimal_places=2, default=30,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_active = models.BooleanField(_("đang triển khai"), default=True)

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="programme_name_unique_in_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def _at(self, day: datetime.date, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(day, time, tzinfo=local_zone())

    def roster_deadline_for(self, action_date: datetime.date) -> datetime.datetime:
        """Aware deadline (Asia/Ho_Chi_Minh) for rosters of the action day on `action_date`."""
        return self._at(action_date - datetime.timedelta(days=self.roster_deadline_days_before),
                        self.roster_deadline_time)

    def filing_deadline_for(self, action_date: datetime.date) -> datetime.datetime:
        return self._at(action_date + datetime.timedelta(days=self.filing_deadline_days_after),
                        self.filing_deadline_time)

    def next_action_date(self, on_or_after: datetime.date) -> datetime.date:
        return on_or_after + datetime.timedelta(days=(self.action_weekday - on_or_after.weekday()) % 7)


class ActionDay(models.Model):
    """One dated occurrence of the programme: open, cancelled (Tết, storm) or closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang mở")
        CANCELLED = "cancelled", _("Tạm hoãn")
        CLOSED = "closed", _("Đã kết thúc")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Theo lịch hằng tuần")
        EXTRA = "extra", _("Bổ sung")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="action_days"
    )
    date = models.DateField(_("ngày ra quân"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("tên gọi"), max_length=200, blank=True,
                             help_text=_("Ví dụ: Lễ ra quân đồng loạt."))
    cancel_reason = models.CharField(_("lý do tạm hoãn"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ngày ra quân")
        verbose_name_plural = _("ngày ra quân")
        ordering = ["programme", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "date"], name="action_day_unique_date"),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="action_day_cancel_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status", "date"])]

    def __str__(self) -> str:
        return f"{self.title or self.programme.name} – {self.date:%d/%m/%Y}"

    @property
    def roster_deadline(self) -> datetime.datetime:
        return self.programme.roster_deadline_for(self.date)

    @property
    def filing_deadline(self) -> datetime.datetime:
        return self.programme.filing_deadline_for(self.date)
