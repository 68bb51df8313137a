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
        help_text=_("Huyện mà thay đổi thuộc về, để lọc theo phạm vi."),
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
