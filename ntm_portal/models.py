"""Cross-cutting records: the audit trail and the beat heartbeat."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what, when, to which object, with the values before and after."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Đơn vị điều phối mà thay đổi thuộc về, để lọc theo phạm vi."),
    )
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.TextField(_("lý do, ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["unit", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.target_repr}"


class Heartbeat(models.Model):
    """Last time each periodic job ran, written by the job itself (see ntm_portal.tasks)."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nhịp chạy tác vụ định kỳ")
        verbose_name_plural = _("nhịp chạy tác vụ định kỳ")

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """An in-portal notice to one user (reminders, lists of missing reports). Sent by ntm_portal.notices."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notice_once_per_key"
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class BackupRun(models.Model):
    """One backup of the database and the media files, written by ntm_portal.backup.services only.

    A set lives under `name/` in the backup storage (a folder or a bucket, never the database's
    disk). Rows are never deleted: when retention removes a set's files, `pruned_at` says so.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang sao lưu")
        SUCCEEDED = "succeeded", _("Thành công")
        FAILED = "failed", _("Lỗi")
        MISSED = "missed", _("Quá hạn, không có bản sao lưu")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Lịch tự động")
        BEFORE_MIGRATE = "before_migrate", _("Trước khi cập nhật cơ sở dữ liệu")
        COMMAND = "command", _("Dòng lệnh")
        CHECK = "check", _("Kiểm tra định kỳ")

    name = models.CharField(_("tên bản sao lưu"), max_length=80, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(_("khởi tạo bởi"), max_length=16, choices=Trigger.choices, default=Trigger.COMMAND)
    # The local day a scheduled backup is for: one scheduled backup per day, whatever the reruns.
    slot = models.CharField(max_length=20, blank=True)
    engine = models.CharField(_("loại cơ sở dữ liệu"), max_length=20, blank=True)
    destination = models.CharField(_("nơi lưu"), max_length=300, blank=True)
    encrypted = models.BooleanField(_("mã hóa"), default=False)
    started_at = models.DateTimeField(_("bắt đầu lúc"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    database_bytes = models.BigIntegerField(_("dung lượng cơ sở dữ liệu (byte)"), default=0)
    media_bytes = models.BigIntegerField(_("dung lượng tệp đính kèm (byte)"), default=0)
    media_files = models.PositiveIntegerField(_("số tệp đính kèm"), default=0)
    manifest = models.JSONField(_("bản kê"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    alerted_at = models.DateTimeField(_("đã báo điều phối lúc"), null=True, blank=True)
    pruned_at = models.DateTimeField(_("đã xóa theo thời hạn lưu giữ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần sao lưu")
        verbose_name_plural = _("các lần sao lưu")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # A rerun of the nightly job (redelivered message, second worker) makes no second backup;
            # a failed one leaves the slot free so the office can run it again the same day.
            models.UniqueConstraint(
                fields=["slot"], condition=models.Q(trigger="schedule") & ~models.Q(status="failed"),
                name="backup_one_scheduled_per_day",
            ),
            # A missing backup is reported once per last success ("missed-after-<id>").
            models.UniqueConstraint(fields=["slot"], condition=models.Q(trigger="check"),
                                    name="backup_missed_once_per_last_success"),
        ]
        indexes = [models.Index(fields=["status", "-started_at"])]

    def __str__(self) -> str:
        return self.name or f"{self.get_status_display()} {timezone.localtime(self.started_at):%d/%m/%Y %H:%M}"

    @property
    def total_bytes(self) -> int:
        return self.database_bytes + self.media_bytes
