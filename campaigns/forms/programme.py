from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Programme
from ..services.programme import PROGRAMME_SETTINGS


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = PROGRAMME_SETTINGS
        widgets = {
            "roster_deadline_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "filing_deadline_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "rollup_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class CancelDayForm(forms.Form):
    reason = forms.CharField(label=_("Lý do tạm hoãn"), max_length=300)


class ExtraDayForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label=_("Tên gọi"), max_length=200, required=False,
                            help_text=_("Ví dụ: Lễ ra quân đồng loạt."))
