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
