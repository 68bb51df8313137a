"""Forms of model residential areas and village funds; every write goes through recognition.services."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from criteria.models import Authority
from ntm_portal import limits
from ntm_portal.forms import BoundedTextarea, VietnameseDecimalField

from .models import EntryDirection, EntryKind, FundSource

DATE_HELP = _("Dạng dd/mm/yyyy.")


def _note(label, required=False):
    return forms.CharField(label=label, required=required, max_length=limits.NOTE,
                           widget=BoundedTextarea(attrs={"rows": 3, "maxlength": limits.NOTE}))


class RegisterForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=None)
    criteria_set = forms.ModelChoiceField(label=_("Bộ tiêu chuẩn"), queryset=None)
    registered_on = forms.DateField(label=_("Ngày đăng ký"), initial=timezone.localdate, help_text=DATE_HELP)

    def __init__(self, *args, villages, sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["criteria_set"].queryset = sets
        first = sets.first()
        if first is not None:
            self.fields["criteria_set"].initial = first.pk


class SurveyForm(forms.Form):
    surveyed_on = forms.DateField(label=_("Ngày khảo sát"), initial=timezone.localdate, help_text=DATE_HELP)
    note = _note(_("Kết quả khảo sát"))


class SelfAssessForm(forms.Form):
    assessment = forms.ModelChoiceField(label=_("Kết quả tự đánh giá (có minh chứng)"), queryset=None,
                                        empty_label=None)

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments
        self.fields["assessment"].label_from_instance = lambda a: a.as_of.strftime("%d/%m/%Y")


class AppraiseForm(forms.Form):
    appraised_on = forms.DateField(label=_("Ngày xã thẩm định"), initial=timezone.localdate, help_text=DATE_HELP)
    note = _note(_("Ý kiến thẩm định"))


class RecogniseForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_date = forms.DateField(label=_("Ngày quyết định"), help_text=DATE_HELP)
    authority = forms.ChoiceField(label=_("Cấp quyết định"), choices=Authority.choices, initial=Authority.DISTRICT)
    decision_file = forms.FileField(label=_("Tệp quyết định (PDF, ảnh)"), required=False)


class RecheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Ngày kiểm tra lại"), initial=timezone.localdate, help_text=DATE_HELP)
    passed = forms.TypedChoiceField(label=_("Kết quả"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                    choices=[("1", _("Giữ vững danh hiệu")), ("0", _("Không giữ được danh hiệu"))])
    note = _note(_("Nhận xét"))


class FundEntryForm(forms.Form):
    direction = forms.ChoiceField(label=_("Thu hay chi"), choices=EntryDirection.choices,
                                  initial=EntryDirection.CONTRIBUTION, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=EntryKind.choices, initial=EntryKind.MONEY)
    source = forms.ChoiceField(label=_("Nguồn (khoản thu)"), choices=[("", "—"), *FundSource.choices], required=False)
    on = forms.DateField(label=_("Ngày"), initial=timezone.localdate, help_text=DATE_HELP)
    amount = VietnameseDecimalField(label=_("Số tiền, giá trị quy ra tiền (đồng)"), max_digits=15, decimal_places=0,
                                    min_value=0, help_text=_("Ví dụ 1.500.000"))
    working_days = VietnameseDecimalField(label=_("Số ngày công"), max_digits=8, decimal_places=1, min_value=0,
                                          required=False, help_text=_("Chỉ ghi với hình thức ngày công, ví dụ 12,5."))
    description = forms.CharField(label=_("Nội dung"), max_length=255)
    contributor = forms.CharField(label=_("Người, đơn vị đóng góp hoặc công trình"), max_length=200, required=False)
    receipt = forms.FileField(label=_("Ảnh chứng từ, hiện trường"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class PeriodForm(forms.Form):
    tu = forms.DateField(label=_("Từ ngày"), required=False, help_text=DATE_HELP)
    den = forms.DateField(label=_("Đến ngày"), required=False, help_text=DATE_HELP)
