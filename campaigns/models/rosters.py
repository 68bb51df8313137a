"""Rosters: the staff an agency sends to one commune for one action day, and who actually came."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RosterStatus(models.TextChoices):
    """Status of one agency × commune × action day (computed, never stored)."""

    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Trễ hạn")
    MISSING = "missing", _("Chưa gửi")
    SENT_NOBODY = "sent_nobody", _("Không cử người")


class Roster(models.Model):
    """An agency's list of staff for one commune and one action day; due by the programme's deadline.

    A roster with no entries is a real answer: the agency said it sends nobody.
    """

    class Source(models.TextChoices):
        STAFF_LIST = "staff_list", _("Chọn từ danh sách cán bộ")
        UPLOAD = "upload", _("Tải lên tệp Excel")
        MANUAL = "manual", _("Nhập tay")

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="rosters"
    )
    commune = models.ForeignKey(
        "directory.Commune", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="rosters"
    )
    action_day = models.ForeignKey(
        "campaigns.ActionDay", verbose_name=_("ngày ra quân"), on_delete=models.PROTECT, related_name="rosters"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    is_late = models.BooleanField(_("trễ hạn"), default=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    source = models.CharField(_("cách nhập"), max_length=12, choices=Source.choices, default=Source.STAFF_LIST)
    upload_digest = models.CharField(
        _("mã tệp tải lên gần nhất"), max_length=64, blank=True,
        help_text=_("SHA-256 của tệp Excel đã lưu, để nhận ra tệp tải lên hai lần."),
    )
    entry_count = models.PositiveIntegerField(_("số người"), default=0)

    class Meta:
        verbose_name = _("danh sách tham gia")
        verbose_name_plural = _("danh sách tham gia")
        ordering = ["action_day", "commune", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "commune", "action_day"], name="roster_one_per_agency_commune_day"),
        ]
        indexes = [models.Index(fields=["action_day", "commune"]), models.Index(fields=["agency", "action_day"])]

    def __str__(self) -> str:
        return f"{self.agency} → {self.commune} ({self.action_day.date:%d/%m/%Y})"

    @property
    def status(self) -> str:
        if self.entry_count == 0:
            return RosterStatus.SENT_NOBODY
        return RosterStatus.LATE if self.is_late else RosterStatus.ON_TIME

    @property
    def status_label(self) -> str:
        return RosterStatus(self.status).label


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Chưa điểm danh")
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt")


class RosterEntry(models.Model):
    """One person on a roster, with a snapshot of what the agency said about them that week.

    The commune assigns the person to a village; after the day, the commune's day report sets
    `attendance` (issue 5 writes it through its own service).
    """

    roster = models.ForeignKey(Roster, verbose_name=_("danh sách"), on_delete=models.CASCADE, related_name="entries")
    # Copied from the roster so the database refuses one person on two rosters of the same day.
    action_day = models.ForeignKey(
        "campaigns.ActionDay", verbose_name=_("ngày ra quân"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "directory.Person", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="roster_entries"
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    village = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("thôn, tổ dân phố"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="roster_entries",
        limit_choices_to={"level": "village"},
    )
    attendance = models.CharField(
        _("điểm danh"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    absence_reason = models.CharField(_("lý do vắng"), max_length=300, blank=True)
    attendance_recorded_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người điểm danh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("người tham gia")
        verbose_name_plural = _("người tham gia")
        ordering = ["roster", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "action_day"], name="roster_entry_one_roster_per_person_day"),
            models.CheckConstraint(
                condition=Q(attendance="absent") | Q(absence_reason=""),
                name="roster_entry_reason_only_when_absent",
            ),
        ]
        indexes = [models.Index(fields=["action_day", "village"])]

    def __str__(self) -> str:
        return self.full_name


class RosterReminder(models.Model):
    """A reminder that was sent, keyed so that a rerun of the job sends nothing new."""

    class Kind(models.TextChoices):
        AGENCY_BEFORE_DEADLINE = "agency_before", _("Nhắc cơ quan trước hạn")
        MISSING_LIST = "missing_list", _("Danh sách đơn vị chưa gửi")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    action_day = models.ForeignKey(
        "campaigns.ActionDay", verbose_name=_("ngày ra quân"), on_delete=models.CASCADE, related_name="roster_reminders"
    )
    agency = models.ForeignKey(
        "directory.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("Xã nhận danh sách, hoặc đơn vị điều phối."),
    )
    recipients = models.PositiveIntegerField(_("số người nhận"), default=0)
    sent_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        verbose_name = _("nhắc nhở danh sách")
        verbose_name_plural = _("nhắc nhở danh sách")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key
