from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit
from ntm_portal import limits
from ntm_portal.forms import BoundedTextarea

from .models import (
    COMMUNE_LEVELS,
    Authority,
    Certainty,
    CommuneGroupNumber,
    Comparator,
    CriteriaSet,
    IndicatorKind,
    RecognitionLevel,
    ResultStatus,
    RoadmapStage,
    SetLevel,
    SetTier,
)


def _clean_table_file(upload):
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError(_("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx."))
    if upload.size > 2 * 1024 * 1024:
        raise ValidationError(_("Tệp lớn hơn 2 MB."))
    return upload


class NumberField(forms.CharField):
    """A number typed the Vietnamese way ("85,5") or the other ("85.5"); no thousands separator."""

    def __init__(self, *args, max_abs=Decimal("1e11"), **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        self.max_abs = max_abs
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value).replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("«%(v)s» không phải là số (ví dụ 85,5).") % {"v": value}) from None
        if not number.is_finite() or abs(number) >= self.max_abs:
            raise ValidationError(_("Số quá lớn."))
        return number.quantize(Decimal("0.01"))


def show_number(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return text.replace(".", ",")


class AssessmentCreateForm(forms.Form):
    criteria_set = forms.ModelChoiceField(label=_("Bộ tiêu chí"), queryset=CriteriaSet.objects.none())
    as_of = forms.DateField(label=_("Ngày đánh giá"), initial=timezone.localdate,
                            help_text=_("Dạng dd/mm/yyyy."))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=limits.LONG_NOTE,
                           widget=BoundedTextarea(attrs={"rows": 2}))

    def __init__(self, *args, level: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.filter(level=level).order_by("-valid_from", "code")
        sets = list(self.fields["criteria_set"].queryset)
        in_force = [s for s in sets if s.in_force_on(timezone.localdate())]
        if len(sets) == 1 or len(in_force) == 1:
            self.fields["criteria_set"].initial = (in_force or sets)[0]

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise ValidationError(_("Ngày đánh giá không được sau hôm nay."))
        return as_of


STATUS_CHOICES = [("", "—"), *ResultStatus.choices]


class ResultsForm(forms.Form):
    """One row per indicator: a number where it has a target, a chosen status otherwise, a note."""

    evidence = forms.FileField(label=_("Tệp minh chứng"), required=False,
                               help_text=_("PDF, JPG, PNG, DOCX hoặc XLSX, tối đa 10 MB."),
                               widget=forms.ClearableFileInput(attrs={
                                   "class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}))
    evidence_indicator = forms.ChoiceField(label=_("Minh chứng cho chỉ tiêu"), required=False,
                                           widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, criteria, targets, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        choices = [("", _("Cả lần đánh giá"))]
        for criterion in criteria:
            for indicator in criterion.indicator_list:
                result = results.get(indicator.pk)
                target = targets.get(indicator.pk)
                computed = indicator.kind == IndicatorKind.NUMERIC and target is not None
                value_name, status_name, note_name = f"v_{indicator.pk}", f"s_{indicator.pk}", f"n_{indicator.pk}"
                label = f"{indicator.code}"
                if indicator.kind == IndicatorKind.NUMERIC:
                    self.fields[value_name] = NumberField(
                        label=_("Số liệu %(code)s") % {"code": label}, required=False,
                        initial=show_number(result.value) if result else "")
                if not computed:
                    self.fields[status_name] = forms.ChoiceField(
                        label=_("Kết quả %(code)s") % {"code": label}, choices=STATUS_CHOICES, required=False,
                        initial=result.status if result else "",
                        widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
                self.fields[note_name] = forms.CharField(
                    label=_("Ghi chú %(code)s") % {"code": label}, required=False, max_length=500,
                    initial=result.note if result else "")
                self.rows.append({
                    "criterion": criterion, "indicator": indicator, "target": target, "result": result,
                    "value": self[value_name] if value_name in self.fields else None,
                    "status": self[status_name] if status_name in self.fields else None,
                    "note": self[note_name],
                })
                choices.append((str(indicator.pk), indicator.code))
        self.fields["evidence_indicator"].choices = choices

    def clean_evidence(self):
        from .services import evidence_check

        upload = self.cleaned_data.get("evidence")
        if upload:
            evidence_check(upload)
        return upload

    def entries(self):
        for row in self.rows:
            pk = row["indicator"].pk
            yield row["indicator"], self.cleaned_data.get(f"v_{pk}"), self.cleaned_data.get(f"s_{pk}", ""), \
                self.cleaned_data.get(f"n_{pk}", "")


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến"), required=False, max_length=limits.NOTE,
                           widget=BoundedTextarea(attrs={"rows": 2}))


class TargetsForm(forms.Form):
    def __init__(self, *args, indicators, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for indicator in indicators:
            target = targets.get(indicator.pk)
            pk = indicator.pk
            self.fields[f"c_{pk}"] = forms.ChoiceField(label=_("So sánh %(c)s") % {"c": indicator.code},
                                                       choices=Comparator.choices, initial=indicator.comparator,
                                                       widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
            self.fields[f"t_{pk}"] = NumberField(label=_("Chỉ tiêu %(c)s") % {"c": indicator.code}, required=False,
                                                 initial=show_number(target.value) if target else "")
            self.fields[f"m_{pk}"] = NumberField(label=_("Biên độ gần đạt %(c)s (%%)") % {"c": indicator.code},
                                                 required=False,
                                                 initial=show_number(target.approaching_margin) if target else "10")
            self.rows.append({"indicator": indicator, "comparator": self[f"c_{pk}"], "value": self[f"t_{pk}"],
                              "margin": self[f"m_{pk}"]})

    def clean(self):
        data = super().clean()
        for row in self.rows:
            pk = row["indicator"].pk
            margin = data.get(f"m_{pk}")
            if margin is not None and not (0 <= margin <= 100):
                self.add_error(f"m_{pk}", _("Biên độ phải từ 0 đến 100."))
        return data


class UnitLevelMixin:
    def clean(self):
        data = super().clean()
        unit, level = data.get("unit"), data.get("level")
        if unit is not None and level and (unit.level == "commune") != (level in COMMUNE_LEVELS):
            self.add_error("level", _("Mức này không áp dụng cho %(unit)s.") % {"unit": unit})
        return data


class RecognitionForm(UnitLevelMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Xã hoặc thôn"), queryset=AdministrativeUnit.objects.none())
    level = forms.ChoiceField(label=_("Mức công nhận"), choices=RecognitionLevel.choices)
    authority = forms.ChoiceField(label=_("Cấp quyết định"), choices=Authority.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_date = forms.DateField(label=_("Ngày quyết định"), help_text=_("Dạng dd/mm/yyyy."))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RoadmapTargetForm(UnitLevelMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Xã hoặc thôn"), queryset=AdministrativeUnit.objects.none())
    level = forms.ChoiceField(label=_("Mức phấn đấu"), choices=RecognitionLevel.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=RoadmapStage.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CompareForm(forms.Form):
    date_before = forms.DateField(label=_("Trước (ngày)"), help_text=_("Dạng dd/mm/yyyy."))
    date_after = forms.DateField(label=_("Sau (ngày)"), help_text=_("Dạng dd/mm/yyyy."))
    commune = forms.ModelChoiceField(label=_("Xã"), required=False, queryset=AdministrativeUnit.objects.none(),
                                     empty_label=_("Toàn địa bàn"))

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes

    def clean(self):
        data = super().clean()
        if data.get("date_before") and data.get("date_after") and data["date_before"] >= data["date_after"]:
            self.add_error("date_after", _("Ngày sau phải sau ngày trước."))
        return data


class SetUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp bộ tiêu chí (.csv hoặc .xlsx)"),
                           help_text=_("Cột: criterion, criterion_name, group, indicator, indicator_name, unit, "
                                       "certainty (tùy chọn kind, comparator); tiêu đề tiếng Việt cũng được."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    code = forms.CharField(label=_("Mã bộ tiêu chí"), max_length=40, help_text=_("Ví dụ QD318-XA-NC, QD51-XA-2026."))
    version = forms.IntegerField(label=_("Phiên bản"), min_value=1, max_value=99, initial=1)
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    level = forms.ChoiceField(label=_("Cấp áp dụng"), choices=SetLevel.choices)
    tier = forms.ChoiceField(label=_("Mức"), choices=SetTier.choices)
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=255, required=False)
    valid_from = forms.DateField(label=_("Áp dụng từ"), required=False, help_text=_("Dạng dd/mm/yyyy."))
    valid_to = forms.DateField(label=_("Áp dụng đến"), required=False, help_text=_("Dạng dd/mm/yyyy."))
    owner = forms.ModelChoiceField(
        label=_("Bộ tiêu chí riêng của tỉnh"), required=False,
        queryset=AdministrativeUnit.objects.filter(level="province", valid_to__isnull=True).order_by("name"),
        help_text=_("Để trống cho bộ tiêu chí quốc gia."))

    def clean_file(self):
        return _clean_table_file(self.cleaned_data["file"])

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class CriteriaAgenciesForm(forms.Form):
    def __init__(self, *args, criteria, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for criterion in criteria:
            name = f"a_{criterion.pk}"
            self.fields[name] = forms.ModelChoiceField(
                label=f"{criterion.number}. {criterion.name}", queryset=agencies, required=False,
                initial=criterion.responsible_agency_id, empty_label=_("— chưa giao —"))
            self.rows.append((criterion, name))

    def assignments(self):
        return {criterion: self.cleaned_data[name] for criterion, name in self.rows}


class IndicatorForm(forms.Form):
    """Add or correct one indicator of a set (QĐ 51/2025: the office enters the 47 indicators)."""

    criterion = forms.ModelChoiceField(label=_("Tiêu chí"), queryset=None)
    code = forms.CharField(label=_("Mã chỉ tiêu"), max_length=12, help_text=_("Ví dụ 2.1; bắt đầu bằng số tiêu chí."))
    name = forms.CharField(label=_("Nội dung chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 3}))
    unit_label = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False, help_text=_("Ví dụ %, km, hộ."))
    kind = forms.ChoiceField(label=_("Loại"), choices=IndicatorKind.choices)
    comparator = forms.ChoiceField(label=_("So sánh"), choices=Comparator.choices)
    certainty = forms.ChoiceField(label=_("Độ chắc chắn của nội dung"), choices=Certainty.choices)

    def __init__(self, *args, criteria_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria_set.criteria.order_by("number")


class CommuneGroupsForm(forms.Form):
    """The group of each commune from one date, as in the province's decision."""

    valid_from = forms.DateField(label=_("Áp dụng từ ngày"), help_text=_("Dạng dd/mm/yyyy."))
    decision = forms.CharField(label=_("Căn cứ"), max_length=255, required=False,
                               help_text=_("Số, ngày quyết định của tỉnh phân nhóm xã."))

    def __init__(self, *args, communes, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes
        for commune in communes:
            self.fields[f"g_{commune.pk}"] = forms.TypedChoiceField(
                label=commune.full_name, required=False, coerce=int, empty_value=None,
                choices=[("", "—"), *CommuneGroupNumber.choices], initial=current.get(commune.pk))

    def changes(self, current: dict):
        return [(c, self.cleaned_data[f"g_{c.pk}"]) for c in self.communes
                if self.cleaned_data[f"g_{c.pk}"] is not None and self.cleaned_data[f"g_{c.pk}"] != current.get(c.pk)]


class TargetsUploadForm(forms.Form):
    WHAT = [("targets", _("Chỉ tiêu phải đạt theo nhóm xã (indicator, group, target, margin)")),
            ("groups", _("Nhóm của từng xã (commune_code, group, valid_from, decision)"))]
    what = forms.ChoiceField(label=_("Nội dung tệp"), choices=WHAT, widget=forms.RadioSelect)
    file = forms.FileField(label=_("Tệp (.csv hoặc .xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def clean_file(self):
        return _clean_table_file(self.cleaned_data["file"])
