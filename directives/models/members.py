"""The BCĐ's membership and the members' periodic reports.

Seed 002 (Triệu Sơn, 11/2020): members of the BCĐ and its sub-committees "phải thường xuyên báo
cáo bằng văn bản kết quả chỉ đạo của mình vào các ngày 14 và 28 hàng tháng" — no report counts as
not having gone out to direct. Organisations report quarterly, six-monthly or yearly (seed 003).
A report goes through the shared filing workflow (ntm_portal.workflow).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ntm_portal import limits
from ntm_portal.workflow import FiledReport, FiledReportVersion, version_constraints, workflow_constraints

from .tasks import ReminderKind


class BcdRole(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    DEPUTY = "deputy", _("Phó Trưởng ban")
    STANDING = "standing", _("Ủy viên thường trực")
    MEMBER = "member", _("Thành viên")


class ReportFrequency(models.TextChoices):
    TWICE_MONTHLY = "twice_monthly", _("Ngày 14 và 28 hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")


class SubCommittee(models.Model):
    """A sub-committee (tiểu ban) of a coordinating unit's BCĐ."""

    unit = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"),
                             on_delete=models.PROTECT, related_name="bcd_sub_committees")
    name = models.CharField(_("tên tiểu ban"), max_length=200)

    class Meta:
        verbose_name = _("tiểu ban")
        verbose_name_plural = _("tiểu ban")
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="bcd_sub_committee_unique_name")]

    def __str__(self) -> str:
        return self.name


class BcdMembership(models.Model):
    """One seat in a coordinating unit's steering committee (BCĐ), for a period of time.

    The member is a person (a portal user who files the reports, and/or a person of the agency
    directory) or an organisation (an agency). `communes` are those the member is in charge of.
    """

    unit = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị điều phối"),
                             on_delete=models.PROTECT, related_name="bcd_memberships")
    full_name = models.CharField(_("họ và tên (hoặc tên tổ chức)"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản nộp báo cáo"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="bcd_memberships")
    person = models.ForeignKey("directory.Person", verbose_name=_("cán bộ"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="bcd_memberships")
    agency = models.ForeignKey("directory.Agency", verbose_name=_("cơ quan, đơn vị"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="bcd_memberships")
    role = models.CharField(_("vai trò trong Ban Chỉ đạo"), max_length=10, choices=BcdRole.choices,
                            default=BcdRole.MEMBER)
    sub_committee = models.ForeignKey(SubCommittee, verbose_name=_("tiểu ban"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="memberships")
    communes = models.ManyToManyField("directory.AdministrativeUnit", verbose_name=_("xã phụ trách"), blank=True,
                                      related_name="bcd_members_in_charge")
    frequency = models.CharField(_("kỳ báo cáo"), max_length=15, choices=ReportFrequency.choices,
                                 default=ReportFrequency.TWICE_MONTHLY)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    # The token of the portal form that created the seat: a second submit of the same form finds it.
    created_token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("thành viên Ban Chỉ đạo")
        verbose_name_plural = _("thành viên Ban Chỉ đạo")
        ordering = ["unit", "order", "full_name"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="bcd_membership_validity_ordered"),
            models.UniqueConstraint(fields=["created_token"], condition=~Q(created_token=""),
                                    name="bcd_membership_created_once"),
        ]
        indexes = [models.Index(fields=["unit", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class MemberReport(FiledReport):
    """A member's written report of their directing for one period (draft → submitted → accepted /
    returned). `due_date` is the day it is expected (the 14th or 28th, or the next working day
    when the setting moves it); later than that day it is still accepted and marked late."""

    membership = models.ForeignKey(BcdMembership, verbose_name=_("thành viên"), on_delete=models.PROTECT,
                                   related_name="reports")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    due_date = models.DateField(_("hạn báo cáo"))
    content = models.TextField(_("kết quả chỉ đạo"), blank=True, max_length=limits.LONG_NOTE)
    issues = models.TextField(_("khó khăn, vướng mắc, kiến nghị"), blank=True, max_length=limits.NOTE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo của thành viên Ban Chỉ đạo")
        verbose_name_plural = _("báo cáo của thành viên Ban Chỉ đạo")
        ordering = ["-period_end", "membership"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "period_end"], name="member_report_one_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="member_report_period_ordered"),
            limits.max_length_constraint("content", limits.LONG_NOTE, name="member_report_content_max_length"),
            limits.max_length_constraint("issues", limits.NOTE, name="member_report_issues_max_length"),
            *workflow_constraints("member_report"),
        ]
        indexes = [models.Index(fields=["period_end", "status"])]

    def __str__(self) -> str:
        return f"{self.membership.full_name} – {self.period_end:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("directives:member_report_detail", args=[self.pk])


class MemberReminder(models.Model):
    """The marker that one reminder of one period went to a member (before the due day, on the day):
    sent once, whatever the number of runs."""

    membership = models.ForeignKey(BcdMembership, verbose_name=_("thành viên"), on_delete=models.CASCADE,
                                   related_name="reminders")
    period_end = models.DateField(_("kỳ đến ngày"))
    kind = models.CharField(_("loại nhắc"), max_length=8, choices=ReminderKind.choices)
    due_on = models.DateField(_("hạn báo cáo"))
    recipients = models.TextField(_("nơi nhận"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhắc báo cáo thành viên")
        verbose_name_plural = _("lần nhắc báo cáo thành viên")
        constraints = [models.UniqueConstraint(fields=["membership", "period_end", "kind"],
                                               name="member_reminder_once")]

    def __str__(self) -> str:
        return f"{self.membership.full_name} · {self.period_end:%d/%m/%Y} · {self.get_kind_display()}"


class MemberReportVersion(FiledReportVersion):
    """The content of a report as it was before a change after submission (or a return)."""

    report = models.ForeignKey(MemberReport, on_delete=models.CASCADE, related_name="versions")

    class Meta(FiledReportVersion.Meta):
        verbose_name = _("phiên bản báo cáo thành viên")
        verbose_name_plural = _("phiên bản báo cáo thành viên")
        constraints = version_constraints("member_report_version")
