"""Forms of the reviews and commendations (dates typed dd/mm/yyyy)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Person, Village

from .models import CommendationForm, NomineeKind, ReviewReport

DATE_INPUT = ["%d/%m/%Y"]


def _date(label):
    return forms.DateField(label=label, input_formats=DATE_INPUT, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))


class ReviewCreateForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt"), max_length=255)
    period_start = _date(_("Từ ngày"))
    period_end = _date(_("Đến ngày"))
    baseline_date = _date(_("Mốc so sánh tiêu chí (trước khi triển khai)"))
    unit_deadline = _date(_("Hạn các cơ quan, đơn vị, địa phương gửi báo cáo"))
    draft_deadline = _date(_("Hạn dự thảo báo cáo của huyện"))
    conference_date = _date(_("Ngày hội nghị"))


class ReviewReportForm(forms.ModelForm):
    class Meta:
        model = ReviewReport
        fields = list(ReviewReport.TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ReviewReport.TEXT_FIELDS}


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class CommendationProposeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=NomineeKind.choices)
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=Village.objects.none(), required=False)
    person = forms.ModelChoiceField(label=_("Cán bộ của cơ quan"), queryset=Person.objects.none(), required=False)
    person_name = forms.CharField(label=_("Họ và tên (cá nhân)"), max_length=120, required=False)
    person_position = forms.CharField(label=_("Chức vụ, nơi công tác"), max_length=200, required=False)
    proposed_form = forms.ChoiceField(label=_("Hình thức đề nghị"), choices=CommendationForm.choices)
    achievements = forms.CharField(label=_("Thành tích (để trống: cổng tự ghi từ số liệu)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, commune=None, agency=None, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        if commune is not None:
            self.fields["village"].queryset = Village.objects.filter(pk__in=[v.pk for v in villages])
            self.fields["kind"].choices = [c for c in NomineeKind.choices if c[0] != NomineeKind.AGENCY]
            del self.fields["person"]
        else:
            self.fields["person"].queryset = Person.objects.filter(agency=agency, is_active=True)
            self.fields["kind"].choices = [c for c in NomineeKind.choices if c[0] in (NomineeKind.AGENCY,
                                                                                    NomineeKind.PERSON)]
            del self.fields["village"]


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=40)
    date = _date(_("Ngày quyết định"))
    signer = forms.CharField(label=_("Cấp ký"), max_length=120, required=False)

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Không khen thưởng")), *CommendationForm.choices]
        for c in pending:
            self.fields[f"form_{c.pk}"] = forms.ChoiceField(label=c.nominee_name, choices=choices, required=False,
                                                             initial=c.proposed_form)

    def awards(self, pending) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"form_{c.pk}", "") for c in pending}
