"""Village funds (quỹ thôn, tổ dân phố): one ledger per village.

Each entry is a contribution (money, goods valued in đồng, or working days — ngày công — with their
value) from households, businesses, benefactors or the state budget, or a spending on works. The
balance of a village is the sum of contributions less the sum of spending, all in đồng.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EntryDirection(models.TextChoices):
    CONTRIBUTION = "in", _("Đóng góp, hỗ trợ")
    SPENDING = "out", _("Chi cho công trình, phần việc")


class EntryKind(models.TextChoices):
    MONEY = "money", _("Tiền mặt, chuyển khoản")
    IN_KIND = "in_kind", _("Hiện vật (quy ra tiền)")
    LABOUR = "labour", _("Ngày công (quy ra tiền)")


class FundSource(models.TextChoices):
    HOUSEHOLDS = "households", _("Nhân dân, hộ gia đình")
    BUSINESSES = "businesses", _("Doanh nghiệp")
    BENEFACTORS = "benefactors", _("Nhà hảo tâm, con em xa quê")
    STATE_BUDGET = "state", _("Ngân sách nhà nước")


def receipt_path(instance: FundEntry, filename: str) -> str:
    return f"recognition/funds/{instance.village_id}/{filename}"


class FundEntry(models.Model):
    village = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("thôn, tổ dân phố"))
    commune = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("xã"))
    direction = models.CharField(_("thu hay chi"), max_length=3, choices=EntryDirection.choices)
    kind = models.CharField(_("hình thức"), max_length=8, choices=EntryKind.choices, default=EntryKind.MONEY)
    source = models.CharField(_("nguồn"), max_length=12, choices=FundSource.choices, blank=True)
    on = models.DateField(_("ngày"))
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=15, decimal_places=0)
    working_days = models.DecimalField(_("số ngày công"), max_digits=8, decimal_places=1, null=True, blank=True)
    description = models.CharField(_("nội dung"), max_length=255)
    contributor = models.CharField(_("người, đơn vị đóng góp / công trình"), max_length=200, blank=True)
    receipt = models.ImageField(_("ảnh chứng từ"), upload_to=receipt_path, blank=True)
    receipt_thumbnail = models.ImageField(upload_to=receipt_path, blank=True)
    receipt_name = models.CharField(max_length=200, blank=True)
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # one record per form sent
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản thu, chi quỹ thôn")
        verbose_name_plural = _("sổ quỹ thôn")
        ordering = ["village", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(amount__lt=10**13), name="fund_amount_range"),
            models.CheckConstraint(condition=Q(direction="out", source="") | (Q(direction="in") & ~Q(source="")),
                                   name="fund_source_only_on_contributions"),
            models.CheckConstraint(
                condition=(Q(kind="labour") & Q(working_days__gt=0)) | (~Q(kind="labour") & Q(working_days__isnull=True)),
                name="fund_working_days_only_on_labour"),
            models.CheckConstraint(condition=Q(kind="labour") | Q(amount__gt=0), name="fund_amount_positive"),
        ]
        indexes = [models.Index(fields=["commune", "on"]), models.Index(fields=["village", "on"])]

    def __str__(self) -> str:
        return f"{self.village_id} · {self.on:%d/%m/%Y} · {self.get_direction_display()} {self.amount}"

    @property
    def signed_amount(self):
        return self.amount if self.direction == EntryDirection.CONTRIBUTION else -self.amount
