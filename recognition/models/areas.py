"""Model residential areas (khu dân cư kiểu mẫu): villages under a village-level criteria set.

The standards are a `criteria.CriteriaSet` of level "village" (loaded from a file like every set);
each standard (criterion) is taken on by one mass organisation (`StandardLead`). A village's path
is one `ModelAreaCase`: registered → surveyed → self-assessed (a criteria Assessment of the village
with evidence) → appraised by the commune → recognised by decision → re-checked every year
(`ModelAreaCheck`), and lost when a re-check fails. A lost village may register again (a new case).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ntm_portal import limits


class LeadOrganisation(models.TextChoices):
    """The Front and the mass organisations that take on standards (seed 003, item 4)."""

    FRONT = "mttq", _("Ủy ban MTTQ Việt Nam")
    FARMERS = "hnd", _("Hội Nông dân")
    WOMEN = "hlhpn", _("Hội Liên hiệp Phụ nữ")
    VETERANS = "hccb", _("Hội Cựu chiến binh")
    LABOUR = "ldld", _("Liên đoàn Lao động")
    YOUTH = "doan", _("Đoàn Thanh niên")


class StandardLead(models.Model):
    """The organisation that leads one standard of a model-area set."""

    criterion = models.OneToOneField("criteria.Criterion", on_delete=models.CASCADE, related_name="lead",
                                     verbose_name=_("tiêu chuẩn"))
    organisation = models.CharField(_("tổ chức phụ trách"), max_length=6, choices=LeadOrganisation.choices)

    class Meta:
        verbose_name = _("tổ chức phụ trách tiêu chuẩn")
        verbose_name_plural = _("tổ chức phụ trách tiêu chuẩn")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_organisation_display()}"


class AreaState(models.TextChoices):
    REGISTERED = "registered", _("Đăng ký xây dựng")
    SURVEYED = "surveyed", _("Đã khảo sát")
    SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
    APPRAISED = "appraised", _("Xã đã thẩm định")
    RECOGNISED = "recognised", _("Đã công nhận")
    LOST = "lost", _("Không giữ được danh hiệu")


PREPARING_STATES = [AreaState.REGISTERED, AreaState.SURVEYED, AreaState.SELF_ASSESSED, AreaState.APPRAISED]


def decision_path(instance: ModelAreaCase, filename: str) -> str:
    return f"recognition/decisions/{instance.village_id}/{filename}"


class ModelAreaCase(models.Model):
    village = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("thôn, tổ dân phố"))
    commune = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("xã"))
    criteria_set = models.ForeignKey("criteria.CriteriaSet", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("bộ tiêu chuẩn"))
    state = models.CharField(_("trạng thái"), max_length=14, choices=AreaState.choices,
                             default=AreaState.REGISTERED)
    registered_on = models.DateField(_("ngày đăng ký"))
    surveyed_on = models.DateField(_("ngày khảo sát"), null=True, blank=True)
    survey_note = models.TextField(_("kết quả khảo sát"), blank=True, max_length=limits.NOTE)
    self_assessment = models.ForeignKey("criteria.Assessment", on_delete=models.PROTECT, related_name="+",
                                        null=True, blank=True, verbose_name=_("kết quả tự đánh giá"))
    self_assessed_on = models.DateField(_("ngày tự đánh giá"), null=True, blank=True)
    appraised_on = models.DateField(_("ngày xã thẩm định"), null=True, blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True, max_length=limits.NOTE)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=40, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_file = models.FileField(_("tệp quyết định"), upload_to=decision_path, max_length=255, blank=True)
    recognition = models.ForeignKey("criteria.Recognition", on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)
    last_checked_on = models.DateField(_("ngày kiểm tra lại gần nhất"), null=True, blank=True)
    lost_on = models.DateField(_("ngày không giữ được danh hiệu"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ khu dân cư kiểu mẫu")
        verbose_name_plural = _("hồ sơ khu dân cư kiểu mẫu")
        ordering = ["commune", "village", "-registered_on"]
        constraints = [
            # One case in progress or recognised per village; a lost one stays as history.
            models.UniqueConstraint(fields=["village"], condition=~Q(state="lost"),
                                    name="model_area_one_open_case_per_village"),
            models.CheckConstraint(
                condition=~Q(state="recognised") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="model_area_recognised_has_decision"),
            models.CheckConstraint(condition=~Q(state="lost") | Q(lost_on__isnull=False),
                                   name="model_area_lost_has_date"),
            limits.max_length_constraint("survey_note", limits.NOTE, name="model_area_survey_note_max_length"),
            limits.max_length_constraint("appraisal_note", limits.NOTE, name="model_area_appraisal_note_max_length"),
        ]
        indexes = [models.Index(fields=["commune", "state"])]

    def __str__(self) -> str:
        return f"{self.village} · {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("recognition:area_case", args=[self.pk])


class ModelAreaCheck(models.Model):
    """The yearly re-check of a recognised area (nâng cao chất lượng khu dân cư kiểu mẫu)."""

    case = models.ForeignKey(ModelAreaCase, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("ngày kiểm tra"))
    passed = models.BooleanField(_("giữ vững danh hiệu"))
    note = models.TextField(_("nhận xét"), blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiểm tra lại khu dân cư kiểu mẫu")
        verbose_name_plural = _("kiểm tra lại khu dân cư kiểu mẫu")
        ordering = ["case", "checked_on"]
        constraints = [
            models.UniqueConstraint(fields=["case", "checked_on"], name="model_area_check_one_per_day"),
            limits.max_length_constraint("note", limits.NOTE, name="model_area_check_note_max_length"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.checked_on:%d/%m/%Y}"
