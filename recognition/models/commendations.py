"""Commendations of a review: quotas per unit set by the office, proposals (collectives and individuals) with
reasons drawn from the data, the public short-list at the grass roots, and the emulation council's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .reviews import Review


class CommendationForm(models.TextChoices):
    """Hình thức khen thưởng."""

    BIEU_DUONG = "bieu_duong", _("Biểu dương")
    GIAY_KHEN_HUYEN_UY = "giay_khen_huyen_uy", _("Giấy khen của Ban Thường vụ Huyện ủy")
    GIAY_KHEN_UBND = "giay_khen_ubnd", _("Giấy khen của Chủ tịch UBND huyện")
    BANG_KHEN_TINH = "bang_khen_tinh", _("Bằng khen của Chủ tịch UBND tỉnh")


class NomineeKind(models.TextChoices):
    VILLAGE = "thon", _("Tập thể thôn, tổ dân phố")
    COMMUNE = "xa", _("Tập thể xã, thị trấn")
    AGENCY = "co_quan", _("Tập thể cơ quan, đơn vị")
    PERSON = "ca_nhan", _("Cá nhân")


class CommendationQuota(models.Model):
    """How many proposals a commune or an agency may send to the council for one review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="quotas")
    commune = models.ForeignKey("directory.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    count = models.PositiveSmallIntegerField(_("chỉ tiêu"))

    class Meta:
        verbose_name = _("chỉ tiêu khen thưởng")
        verbose_name_plural = _("chỉ tiêu khen thưởng")
        constraints = [
            models.CheckConstraint(condition=Q(commune__isnull=False, agency__isnull=True)
                                   | Q(commune__isnull=True, agency__isnull=False), name="quota_one_unit"),
            models.UniqueConstraint(fields=["review", "commune"], condition=Q(commune__isnull=False),
                                    name="quota_unique_commune"),
            models.UniqueConstraint(fields=["review", "agency"], condition=Q(agency__isnull=False),
                                    name="quota_unique_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.count}"


class CommendationDecision(models.Model):
    """The emulation council's decision (Quyết định khen thưởng)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    number = models.CharField(_("số quyết định"), max_length=40)
    date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("cấp ký quyết định"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="decision_unique_number")]

    def __str__(self) -> str:
        return _("Quyết định số %(n)s ngày %(d)s") % {"n": self.number, "d": self.date.strftime("%d/%m/%Y")}


class Commendation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "du_thao", _("Dự kiến")
        SHORTLISTED = "cong_khai", _("Đã công khai ở cơ sở")
        SUBMITTED = "de_nghi", _("Đã đề nghị Hội đồng Thi đua - Khen thưởng")
        AWARDED = "khen_thuong", _("Được khen thưởng")
        NOT_AWARDED = "khong_khen", _("Không được khen thưởng")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="commendations")
    # Who proposes (and whose quota it uses): a commune or an agency.
    proposer_commune = models.ForeignKey("directory.Commune", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("xã đề nghị"))
    proposer_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("cơ quan đề nghị"))
    kind = models.CharField(_("đối tượng"), max_length=10, choices=NomineeKind.choices)
    village = models.ForeignKey("directory.Village", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("thôn, tổ dân phố"))
    commune = models.ForeignKey("directory.Commune", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("xã, thị trấn"))
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("cơ quan, đơn vị"))
    person = models.ForeignKey("directory.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("cán bộ"))
    person_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    person_position = models.CharField(_("chức vụ, nơi công tác"), max_length=200, blank=True)
    achievements = models.TextField(_("thành tích"))
    facts = models.JSONField(_("số liệu làm căn cứ"), default=dict, blank=True)
    proposed_form = models.CharField(_("hình thức đề nghị"), max_length=24, choices=CommendationForm.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    shortlisted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(CommendationDecision, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="commendations")
    awarded_form = models.CharField(_("hình thức khen thưởng"), max_length=24, choices=CommendationForm.choices,
                                    blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["review", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(proposer_commune__isnull=False, proposer_agency__isnull=True)
                                   | Q(proposer_commune__isnull=True, proposer_agency__isnull=False),
                                   name="commendation_one_proposer"),
            models.CheckConstraint(condition=Q(kind=NomineeKind.VILLAGE, village__isnull=False)
                                   | Q(kind=NomineeKind.COMMUNE, commune__isnull=False)
                                   | Q(kind=NomineeKind.AGENCY, agency__isnull=False)
                                   | (Q(kind=NomineeKind.PERSON) & ~Q(person_name="")),
                                   name="commendation_nominee_named"),
            models.CheckConstraint(condition=Q(decision__isnull=True) | Q(status__in=["khen_thuong", "khong_khen"]),
                                   name="commendation_decision_closes"),
            models.CheckConstraint(condition=~Q(status="khen_thuong") | ~Q(awarded_form=""),
                                   name="commendation_awarded_has_form"),
        ]
        indexes = [models.Index(fields=["review", "status"])]

    def __str__(self) -> str:
        return self.nominee_name

    def get_absolute_url(self) -> str:
        return reverse("reviews:commendation_detail", args=[self.pk])

    @property
    def nominee_name(self) -> str:
        if self.kind == NomineeKind.VILLAGE:
            return f"{self.village.name}, {self.village.parent.full_name}" if self.village_id else ""
        if self.kind == NomineeKind.COMMUNE:
            return self.commune.full_name
        if self.kind == NomineeKind.AGENCY:
            return self.agency.name
        return self.person_name

    @property
    def proposer_name(self) -> str:
        return self.proposer_commune.full_name if self.proposer_commune_id else self.proposer_agency.name
