"""Tasks a directing document assigns, their deadlines (one per occurrence), progress and extensions.

The directing document itself is `library.Document` (a conclusion, directive, plan or notice): a
task points at it and never copies its number, date or file. A task has one lead — an agency, a
commune or a person of the steering committee (free text) — enforced by a CHECK constraint. Each
task has one or more `TaskDeadline` rows: one for a dated task or "at the regular meeting of month
M", N for "N times in year Y", one without a date for standing work. State, progress reports,
extensions and reminders belong to a deadline.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ntm_portal.limits import LONG_NOTE, SHORT_NOTE, max_length_constraint


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Trước một ngày")
    MEETING = "meeting", _("Tại phiên họp thường kỳ tháng")
    RECURRING = "recurring", _("Số đợt trong năm")
    NONE = "none", _("Thường xuyên (không có hạn)")


class ExpectedResult(models.TextChoices):
    REPORT = "report", _("Báo cáo")
    DOCUMENT = "document", _("Văn bản")
    EVENTS = "events", _("Số đợt, số lần tổ chức")


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    CANNOT = "cannot", _("Không thực hiện được")


CLOSED_STATES = (TaskState.DONE, TaskState.CANNOT)


class Task(models.Model):
    """One point of a directing document: what to do, who leads, who helps, when, what is expected."""

    document = models.ForeignKey("library.Document", verbose_name=_("văn bản chỉ đạo"), on_delete=models.PROTECT,
                                 related_name="directive_tasks")
    owner = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị theo dõi"),
                              on_delete=models.PROTECT, related_name="directive_tasks",
                              help_text=_("Đơn vị điều phối có Văn phòng theo dõi, đôn đốc nhiệm vụ."))
    point = models.CharField(_("mục"), max_length=10, blank=True, help_text=_("Ví dụ “2”, “6a”."))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung nhiệm vụ"), max_length=LONG_NOTE)
    lead_agency = models.ForeignKey("directory.Agency", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="directive_tasks_led")
    lead_commune = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("xã chủ trì"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lead_person = models.CharField(_("thành viên BCĐ chủ trì"), max_length=200, blank=True,
                                   help_text=_("Ví dụ “Phó Bí thư Thường trực Huyện ủy - Phó Trưởng BCĐ”."))
    co_agencies = models.ManyToManyField("directory.Agency", verbose_name=_("cơ quan phối hợp"), blank=True,
                                         related_name="directive_tasks_helped")
    co_communes = models.ManyToManyField("directory.AdministrativeUnit", verbose_name=_("xã phối hợp"), blank=True,
                                         related_name="+")
    co_others = models.CharField(_("đơn vị phối hợp khác"), max_length=500, blank=True)
    deadline_kind = models.CharField(_("loại thời hạn"), max_length=10, choices=DeadlineKind.choices,
                                     default=DeadlineKind.DATE)
    deadline_date = models.DateField(_("hạn"), null=True, blank=True)
    meeting_month = models.DateField(_("phiên họp thường kỳ tháng"), null=True, blank=True,
                                     help_text=_("Ngày đầu của tháng có phiên họp."))
    recurring_count = models.PositiveSmallIntegerField(_("số đợt"), null=True, blank=True)
    recurring_year = models.PositiveSmallIntegerField(_("trong năm"), null=True, blank=True)
    expected = models.CharField(_("kết quả phải có"), max_length=10, choices=ExpectedResult.choices,
                                default=ExpectedResult.REPORT)
    expected_count = models.PositiveSmallIntegerField(_("số đợt, số lần phải tổ chức"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document_id", "position", "id"]
        constraints = [
            # Exactly one lead: an agency, a commune, or a person of the steering committee.
            models.CheckConstraint(
                name="directives_task_one_lead",
                condition=(Q(lead_agency__isnull=False, lead_commune__isnull=True, lead_person="")
                           | Q(lead_agency__isnull=True, lead_commune__isnull=False, lead_person="")
                           | (Q(lead_agency__isnull=True, lead_commune__isnull=True) & ~Q(lead_person="")))),
            models.CheckConstraint(
                name="directives_task_deadline_fields",
                condition=(Q(deadline_kind=DeadlineKind.DATE, deadline_date__isnull=False)
                           | Q(deadline_kind=DeadlineKind.MEETING, meeting_month__isnull=False)
                           | Q(deadline_kind=DeadlineKind.RECURRING, recurring_count__gte=1,
                               recurring_count__lte=12, recurring_year__isnull=False)
                           | Q(deadline_kind=DeadlineKind.NONE))),
            max_length_constraint("text", LONG_NOTE, name="directives_task_text_length"),
        ]
        indexes = [models.Index(fields=["owner", "document"])]

    def __str__(self) -> str:
        head = _("Mục %(p)s") % {"p": self.point} if self.point else _("Nhiệm vụ")
        return f"{head}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("directives:task_detail", args=[self.pk])

    @property
    def lead_name(self) -> str:
        if self.lead_agency_id:
            return self.lead_agency.name
        if self.lead_commune_id:
            return self.lead_commune.full_name
        return self.lead_person

    @property
    def deadline_label(self) -> str:
        if self.deadline_kind == DeadlineKind.DATE:
            return _("Trước ngày %(d)s") % {"d": self.deadline_date.strftime("%d/%m/%Y")}
        if self.deadline_kind == DeadlineKind.MEETING:
            return _("Tại phiên họp thường kỳ tháng %(m)s") % {"m": self.meeting_month.strftime("%m/%Y")}
        if self.deadline_kind == DeadlineKind.RECURRING:
            return _("%(n)s đợt trong năm %(y)s") % {"n": self.recurring_count, "y": self.recurring_year}
        return str(DeadlineKind.NONE.label)


class TaskDeadline(models.Model):
    """One occurrence the lead reports on: its due date (None for standing work) and its state."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="deadlines")
    occurrence = models.PositiveSmallIntegerField(_("đợt"), default=1)
    due_on = models.DateField(_("hạn"), null=True, blank=True, db_index=True)
    original_due_on = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    state = models.CharField(_("tình trạng"), max_length=12, choices=TaskState.choices,
                             default=TaskState.NOT_STARTED)
    state_reason = models.TextField(_("lý do"), blank=True, max_length=SHORT_NOTE)
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thời hạn nhiệm vụ")
        verbose_name_plural = _("thời hạn nhiệm vụ")
        ordering = ["due_on", "task_id", "occurrence"]
        constraints = [
            models.UniqueConstraint(fields=["task", "occurrence"], name="directives_deadline_unique"),
            models.CheckConstraint(name="directives_deadline_cannot_has_reason",
                                   condition=~Q(state=TaskState.CANNOT) | ~Q(state_reason="")),
        ]

    def __str__(self) -> str:
        due = self.due_on.strftime("%d/%m/%Y") if self.due_on else _("không có hạn")
        return f"{self.task} · {due}"

    def get_absolute_url(self) -> str:
        return reverse("directives:task_detail", args=[self.task_id]) + f"#han-{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    def is_overdue(self, today: datetime.date) -> bool:
        """Past its due date (Asia/Ho_Chi_Minh day) and neither done nor declared impossible."""
        return self.due_on is not None and self.due_on < today and not self.is_closed


class ProgressReport(models.Model):
    """What the lead unit reported on one deadline: a text, a state, files."""

    deadline = models.ForeignKey(TaskDeadline, verbose_name=_("thời hạn"), on_delete=models.CASCADE,
                                 related_name="reports")
    state = models.CharField(_("tình trạng"), max_length=12, choices=TaskState.choices)
    text = models.TextField(_("kết quả thực hiện"), max_length=LONG_NOTE)
    reason = models.TextField(_("lý do không thực hiện được"), blank=True, max_length=SHORT_NOTE)
    events_done = models.PositiveSmallIntegerField(_("số đợt đã tổ chức"), null=True, blank=True)
    submit_token = models.CharField(max_length=40, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"),
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("báo cáo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "submit_token"], condition=~Q(submit_token=""),
                                    name="directives_report_token_unique"),
            models.CheckConstraint(name="directives_report_cannot_has_reason",
                                   condition=~Q(state=TaskState.CANNOT) | ~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} · {self.get_state_display()}"


def progress_file_path(instance: ProgressFile, filename: str) -> str:
    return f"chi-dao/{instance.report.deadline.task.owner_id}/{instance.report.deadline.task_id}/{filename}"


class ProgressFile(models.Model):
    report = models.ForeignKey(ProgressReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE,
                               related_name="files")
    file = models.FileField(_("tệp"), upload_to=progress_file_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)

    class Meta:
        verbose_name = _("tệp kèm báo cáo tiến độ")
        verbose_name_plural = _("tệp kèm báo cáo tiến độ")

    def __str__(self) -> str:
        return self.original_name


class TaskExtension(models.Model):
    """A deadline moved by the office, with the reason: the history of a deadline's dates."""

    deadline = models.ForeignKey(TaskDeadline, verbose_name=_("thời hạn"), on_delete=models.CASCADE,
                                 related_name="extensions")
    old_due_on = models.DateField(_("hạn cũ"), null=True, blank=True)
    new_due_on = models.DateField(_("hạn mới"))
    reason = models.TextField(_("lý do gia hạn"), max_length=SHORT_NOTE)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gia hạn"),
                                    on_delete=models.PROTECT, related_name="+")
    extended_at = models.DateTimeField(_("gia hạn lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["-extended_at", "-id"]
        constraints = [models.CheckConstraint(name="directives_extension_has_reason", condition=~Q(reason=""))]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.new_due_on:%d/%m/%Y}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Trước hạn")
    ON_DAY = "on_day", _("Đúng ngày đến hạn")

    @classmethod
    def due(cls, due_on: datetime.date, today: datetime.date, days_before: int) -> ReminderKind | None:
        """Which reminder a due date calls for today: on the day; before it, from `days_before` days
        ahead (a missed run catches up); none otherwise."""
        if due_on == today:
            return cls.ON_DAY
        if today < due_on <= today + datetime.timedelta(days=days_before):
            return cls.BEFORE
        return None


class TaskReminder(models.Model):
    """The marker that one reminder of one deadline (for its current due date) went out: sent once."""

    deadline = models.ForeignKey(TaskDeadline, verbose_name=_("thời hạn"), on_delete=models.CASCADE,
                                 related_name="reminders")
    kind = models.CharField(_("loại nhắc"), max_length=8, choices=ReminderKind.choices)
    due_on = models.DateField(_("cho hạn ngày"))
    recipients = models.TextField(_("nơi nhận"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhắc hạn")
        verbose_name_plural = _("lần nhắc hạn")
        constraints = [models.UniqueConstraint(fields=["deadline", "kind", "due_on"], name="directives_reminder_once")]

    def __str__(self) -> str:
        return f"{self.deadline} · {self.get_kind_display()}"


class FollowupReport(models.Model):
    """The office's follow-up report of one half-month (sent on the 16th and the 30th): the marker
    that it was e-mailed, once."""

    owner = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"),
                              on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("kỳ từ ngày"))
    period_end = models.DateField(_("kỳ đến ngày"))
    recipients = models.TextField(_("nơi nhận"), blank=True)
    emailed_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo theo dõi chỉ đạo")
        verbose_name_plural = _("báo cáo theo dõi chỉ đạo")
        constraints = [models.UniqueConstraint(fields=["owner", "period_end"], name="directives_followup_once")]

    def __str__(self) -> str:
        return f"{self.owner} · {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
