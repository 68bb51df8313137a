"""The review (sơ kết / tổng kết) of a period: the office's plan with its deadlines per level, and each
unit's review report (a commune or an agency files one per review)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ntm_portal import limits
from ntm_portal.workflow import FiledReport, workflow_constraints


class Review(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "so_ket", _("Sơ kết")
        FINAL = "tong_ket", _("Tổng kết")

    district = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"),
                                 on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.INTERIM)
    title = models.CharField(_("tên đợt sơ kết, tổng kết"), max_length=255)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    baseline_date = models.DateField(_("mốc so sánh tiêu chí"),
                                     help_text=_("Ngày trước khi triển khai (ví dụ ngày ban hành Đề án): "
                                                 "tiêu chí đạt được so sánh với mốc này."))
    unit_deadline = models.DateField(_("hạn các cơ quan, đơn vị, địa phương gửi báo cáo"))
    draft_deadline = models.DateField(_("hạn dự thảo báo cáo của huyện"))
    conference_date = models.DateField(_("ngày hội nghị sơ kết, tổng kết"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt sơ kết, tổng kết")
        verbose_name_plural = _("đợt sơ kết, tổng kết")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="review_period_order"),
            models.CheckConstraint(condition=Q(baseline_date__lte=models.F("period_end")),
                                   name="review_baseline_before_end"),
            models.CheckConstraint(condition=Q(unit_deadline__lte=models.F("draft_deadline"))
                                   & Q(draft_deadline__lte=models.F("conference_date")),
                                   name="review_deadlines_order"),
            models.UniqueConstraint(fields=["district", "title"], name="review_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:review_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"


class ReviewReport(FiledReport):
    """One unit's review report: the outline's text, and the figures the portal prefilled, frozen on filing.
    Filed through the shared workflow (ntm_portal.workflow): draft → submitted → accepted / returned."""

    TEXT_FIELDS = ("situation", "leadership", "propaganda", "results", "achievements", "shortcomings", "causes",
                   "lessons", "outlook", "directions", "proposals")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    commune = models.ForeignKey("directory.Commune", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="review_reports")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="review_reports")
    # Phần thứ nhất — I. Đặc điểm tình hình; II. Kết quả (1. lãnh đạo, chỉ đạo; 2. tuyên truyền; 3. kết quả);
    # Đánh giá chung (kết quả, tồn tại, nguyên nhân); III. Bài học kinh nghiệm.
    situation = models.TextField(_("Đặc điểm tình hình"), blank=True, max_length=limits.LONG_NOTE)
    leadership = models.TextField(_("Công tác lãnh đạo, chỉ đạo, triển khai thực hiện"), blank=True, max_length=limits.LONG_NOTE)
    propaganda = models.TextField(_("Công tác quán triệt, tuyên truyền, vận động"), blank=True, max_length=limits.LONG_NOTE)
    results = models.TextField(_("Kết quả thực hiện các nhiệm vụ được giao"), blank=True, max_length=limits.LONG_NOTE)
    achievements = models.TextField(_("Kết quả đạt được"), blank=True, max_length=limits.LONG_NOTE)
    shortcomings = models.TextField(_("Tồn tại, hạn chế"), blank=True, max_length=limits.LONG_NOTE)
    causes = models.TextField(_("Nguyên nhân (khách quan, chủ quan)"), blank=True, max_length=limits.LONG_NOTE)
    lessons = models.TextField(_("Bài học kinh nghiệm"), blank=True, max_length=limits.LONG_NOTE)
    # Phần thứ hai — I. Dự báo tình hình; II. Phương hướng, nhiệm vụ; III. Kiến nghị, đề xuất.
    outlook = models.TextField(_("Dự báo tình hình"), blank=True, max_length=limits.LONG_NOTE)
    directions = models.TextField(_("Phương hướng, nhiệm vụ, giải pháp"), blank=True, max_length=limits.LONG_NOTE)
    proposals = models.TextField(_("Kiến nghị, đề xuất"), blank=True, max_length=limits.LONG_NOTE)
    figures = models.JSONField(_("số liệu tại thời điểm nộp"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo sơ kết của đơn vị")
        verbose_name_plural = _("báo cáo sơ kết của đơn vị")
        constraints = [
            *workflow_constraints("review_report"),
            models.CheckConstraint(condition=Q(commune__isnull=False, agency__isnull=True)
                                   | Q(commune__isnull=True, agency__isnull=False), name="review_report_one_unit"),
            models.UniqueConstraint(fields=["review", "commune"], condition=Q(commune__isnull=False),
                                    name="review_report_unique_commune"),
            models.UniqueConstraint(fields=["review", "agency"], condition=Q(agency__isnull=False),
                                    name="review_report_unique_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.review} — {self.unit_name}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:report_edit", args=[self.pk])

    @property
    def unit_name(self) -> str:
        return self.commune.full_name if self.commune_id else self.agency.name

    @property
    def awaits_office(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_filed(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)
