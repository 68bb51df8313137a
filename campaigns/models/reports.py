"""Weekly plans and day reports: what a commune plans for an action day and what it did.

A commune plans tasks per village (`WeeklyPlan` + `Task`) and, after the day, files one
`DayReport` with one `VillageResult` per village (figures, `TaskResult` per task, photos).
Proposals from villages (`Proposal`) are followed until the district answers. A change after
submission keeps the earlier content as a `DayReportVersion`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm_portal import limits
from ntm_portal.workflow import FiledReport, FiledReportVersion, version_constraints

NON_NEGATIVE = Q(quantity__gte=0)


class TaskType(models.Model):
    """Catalogue of jobs with their unit; the coordinating office edits it."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên phần việc"), max_length=120, unique=True)
    unit = models.CharField(_("đơn vị tính"), max_length=20, help_text=_("Ví dụ: m, m², m³, kg, cây, hộ."))
    is_waste = models.BooleanField(_("là thu gom rác thải"), default=False)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("loại phần việc")
        verbose_name_plural = _("loại phần việc")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class WeeklyPlan(models.Model):
    """A commune's planned tasks for one action day."""

    commune = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT,
        related_name="weekly_plans",
    )
    action_day = models.ForeignKey(
        "campaigns.ActionDay", verbose_name=_("ngày ra quân"), on_delete=models.CASCADE, related_name="weekly_plans"
    )
    note = models.TextField(_("nội dung chung"), blank=True, max_length=limits.NOTE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch tuần")
        verbose_name_plural = _("kế hoạch tuần")
        constraints = [
            models.UniqueConstraint(fields=["commune", "action_day"], name="weekly_plan_one_per_commune_day"),
            limits.max_length_constraint("note", limits.NOTE, name="weekly_plan_note_max_length"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.action_day.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:plan_edit", args=[self.commune_id, self.action_day_id])


class Task(models.Model):
    """One planned job in one village."""

    plan = models.ForeignKey(WeeklyPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    village = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
        related_name="planned_tasks",
    )
    task_type = models.ForeignKey(TaskType, verbose_name=_("loại phần việc"), on_delete=models.PROTECT,
                                  related_name="tasks")
    quantity = models.DecimalField(_("khối lượng dự kiến"), max_digits=12, decimal_places=2)
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    tools = models.CharField(_("dụng cụ, phương tiện"), max_length=200, blank=True)
    expected_participants = models.PositiveIntegerField(_("số người dự kiến tham gia"), default=0)
    supporting_agencies = models.ManyToManyField(
        "directory.Agency", verbose_name=_("cơ quan, đơn vị hỗ trợ"), blank=True, related_name="planned_tasks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phần việc")
        verbose_name_plural = _("phần việc")
        ordering = ["village__name", "task_type__order", "pk"]
        constraints = [models.CheckConstraint(condition=NON_NEGATIVE, name="task_quantity_not_negative")]

    def __str__(self) -> str:
        return f"{self.task_type.name}: {self.quantity} {self.task_type.unit}"


class DayReport(FiledReport):
    """A commune's filing of results for one action day: draft → submitted → accepted / returned
    (the shared filing workflow, ntm_portal.workflow)."""

    commune = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT,
        related_name="day_reports",
    )
    action_day = models.ForeignKey(
        "campaigns.ActionDay", verbose_name=_("ngày ra quân"), on_delete=models.CASCADE, related_name="day_reports"
    )
    remarks = models.TextField(_("nhận xét, đánh giá chung"), blank=True, max_length=limits.LONG_NOTE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        constraints = [
            models.UniqueConstraint(fields=["commune", "action_day"], name="day_report_one_per_commune_day"),
            limits.max_length_constraint("remarks", limits.LONG_NOTE, name="day_report_remarks_max_length"),
            limits.max_length_constraint("return_comment", limits.NOTE, name="day_report_return_comment_max_length"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(first_submitted_at__isnull=False),
                name="day_report_filed_has_submission_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_comment=""), name="day_report_returned_has_comment"
            ),
        ]
        indexes = [models.Index(fields=["action_day", "status"])]

    def __str__(self) -> str:
        return f"{self.commune} – {self.action_day.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:day_report_detail", args=[self.commune_id, self.action_day_id])

    @property
    def is_filed(self) -> bool:
        from campaigns.selectors.filing import is_filed  # the portal's one definition of "filed"

        return is_filed(self)

class VillageResult(models.Model):
    """One village's figures in a day report. Empty figures are allowed only in a draft."""

    report = models.ForeignKey(DayReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE,
                               related_name="village_results")
    village = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
        related_name="village_results",
    )
    households_total = models.PositiveIntegerField(_("tổng số hộ của thôn"), null=True, blank=True)
    residents = models.PositiveIntegerField(_("số người dân tham gia"), null=True, blank=True)
    households = models.PositiveIntegerField(_("số hộ tham gia"), null=True, blank=True)
    commune_staff = models.PositiveIntegerField(_("cán bộ xã tham gia"), null=True, blank=True)
    teachers = models.PositiveIntegerField(_("giáo viên"), null=True, blank=True)
    students = models.PositiveIntegerField(_("học sinh"), null=True, blank=True)
    waste_kg = models.DecimalField(_("rác thải thu gom (kg)"), max_digits=12, decimal_places=2, null=True, blank=True)
    waste_m3 = models.DecimalField(_("rác thải thu gom (m³)"), max_digits=12, decimal_places=2, null=True,
                                   blank=True)
    remarks = models.TextField(_("nhận xét"), blank=True, max_length=limits.NOTE)
    proposal_text = models.TextField(_("kiến nghị, đề xuất"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("kết quả tại thôn")
        verbose_name_plural = _("kết quả tại thôn")
        ordering = ["report", "village__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "village"], name="village_result_one_per_village"),
            limits.max_length_constraint("remarks", limits.NOTE, name="village_result_remarks_max_length"),
            limits.max_length_constraint("proposal_text", limits.NOTE, name="village_result_proposal_max_length"),
            models.CheckConstraint(
                condition=Q(residents__isnull=True) | Q(households__isnull=True) | Q(residents__gte=F("households")),
                name="village_result_people_not_fewer_than_households",
            ),
            models.CheckConstraint(
                condition=Q(households_total__isnull=True) | Q(households__isnull=True)
                | Q(households__lte=F("households_total")),
                name="village_result_households_within_village",
            ),
            models.CheckConstraint(
                condition=(Q(waste_kg__isnull=True) | Q(waste_kg__gte=0)) & (Q(waste_m3__isnull=True) | Q(waste_m3__gte=0)),
                name="village_result_waste_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} – {self.report}"

    @property
    def participation_rate(self):
        """Share of the village's households taking part, in percent (None when unknown)."""
        from campaigns.selectors.filing import participation_rate

        return participation_rate(self.households, self.households_total)


class TaskResult(models.Model):
    """What was done for a planned task, or for an unplanned one (task empty)."""

    village_result = models.ForeignKey(VillageResult, on_delete=models.CASCADE, related_name="task_results")
    task = models.ForeignKey(Task, verbose_name=_("phần việc theo kế hoạch"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="results")
    task_type = models.ForeignKey(TaskType, verbose_name=_("loại phần việc"), on_delete=models.PROTECT,
                                  related_name="results")
    quantity = models.DecimalField(_("khối lượng thực hiện"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("kết quả phần việc")
        verbose_name_plural = _("kết quả phần việc")
        ordering = ["village_result", "task_type__order", "pk"]
        constraints = [
            models.CheckConstraint(condition=NON_NEGATIVE, name="task_result_quantity_not_negative"),
            models.UniqueConstraint(fields=["village_result", "task"], condition=Q(task__isnull=False),
                                    name="task_result_one_per_planned_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task_type.name}: {self.quantity} {self.task_type.unit}"


def report_photo_path(instance: ReportPhoto, filename: str) -> str:
    return f"bao-cao/{timezone.localdate():%Y/%m}/{filename}"


class ReportPhoto(models.Model):
    """A photo of a village's work, resized on the server (never the original upload)."""

    MAX_PER_VILLAGE = 5

    village_result = models.ForeignKey(VillageResult, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to=report_photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("ảnh thu nhỏ"), upload_to=report_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size_bytes = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh hiện trường")
        verbose_name_plural = _("ảnh hiện trường")
        ordering = ["village_result", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.image.name


class Proposal(models.Model):
    """A village's proposal to the district, tracked until the assigned agency's answer is recorded."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa xử lý")
        ASSIGNED = "assigned", _("Đã chuyển cơ quan")
        ANSWERED = "answered", _("Đã trả lời")

    commune = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT,
        related_name="proposals",
    )
    village_result = models.OneToOneField(VillageResult, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="proposal")
    village = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("thôn, tổ dân phố"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="village_proposals",
    )
    action_day = models.ForeignKey("campaigns.ActionDay", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="proposals")
    text = models.TextField(_("nội dung kiến nghị"), max_length=limits.NOTE)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("ngày gửi"), default=timezone.now)
    agency = models.ForeignKey("directory.Agency", verbose_name=_("cơ quan được giao"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="proposals")
    assigned_at = models.DateTimeField(_("giao lúc"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True, max_length=limits.LONG_NOTE)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("kiến nghị, đề xuất")
        verbose_name_plural = _("kiến nghị, đề xuất")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="answered") | ~Q(answer=""), name="proposal_answered_has_answer"),
            limits.max_length_constraint("text", limits.NOTE, name="proposal_text_max_length"),
            limits.max_length_constraint("answer", limits.LONG_NOTE, name="proposal_answer_max_length"),
            models.CheckConstraint(condition=Q(status="open") | Q(agency__isnull=False),
                                   name="proposal_assigned_has_agency"),
        ]
        indexes = [models.Index(fields=["commune", "status"])]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("campaigns:proposal_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ANSWERED

    @property
    def age_days(self) -> int:
        end = self.answered_at or timezone.now()
        return (end - self.created_at).days


class DayReportVersion(FiledReportVersion):
    """The content of a report as it was before a change after submission (or a return)."""

    report = models.ForeignKey(DayReport, on_delete=models.CASCADE, related_name="versions")

    class Meta(FiledReportVersion.Meta):
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        constraints = version_constraints("day_report_version")
