"""Forms of the follow-up: a directing document with its points, a progress report, an extension."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Agency
from directory.services import communes_coordinated
from library.models import DocumentKind
from ntm_portal.collation import vi_sorted
from ntm_portal.limits import LONG_NOTE, SHORT_NOTE

from .models import DeadlineKind, ExpectedResult, TaskState
from .services import TaskInput

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DIRECTING_KINDS = [(k.value, k.label) for k in (DocumentKind.CONCLUSION, DocumentKind.NOTICE, DocumentKind.DIRECTIVE,
                                                DocumentKind.PLAN, DocumentKind.RESOLUTION, DocumentKind.DECISION,
                                                DocumentKind.OFFICIAL_LETTER)]
TASK_ROWS = 5
MAX_TASK_ROWS = 30


def _date_field(label, required=True):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"))


class DirectiveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DIRECTING_KINDS,
                             widget=forms.Select(attrs={"class": "form-select"}))
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "422-TB/BCĐ"}))
    issued_on = _date_field(_("Ngày ban hành"))
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=200,
                                   widget=forms.TextInput(attrs={"class": "form-control"}))
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control"}))
    subject = forms.CharField(label=_("Trích yếu"), max_length=1000,
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    file = forms.FileField(label=_("Tệp văn bản (PDF)"), help_text=_("Tệp PDF, tối đa 20 MB."),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf"}))


def lead_choices(unit) -> list:
    agencies = vi_sorted(Agency.objects.filter(owner=unit, is_active=True).only("pk", "name"), key=lambda a: a.name)
    communes = vi_sorted(communes_coordinated(unit).only("pk", "name", "kind"), key=lambda c: c.name)
    return [("", "—"),
            (_("Cơ quan, đơn vị"), [(f"a{a.pk}", a.name) for a in agencies]),
            (_("Xã, thị trấn"), [(f"c{c.pk}", c.full_name) for c in communes])]


class TaskRowForm(forms.Form):
    """One point of the document. A row left blank is skipped."""

    point = forms.CharField(label=_("Mục"), max_length=10, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control", "size": 3}))
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), max_length=LONG_NOTE, required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))
    lead = forms.ChoiceField(label=_("Đơn vị chủ trì"), required=False,
                             widget=forms.Select(attrs={"class": "form-select"}))
    lead_person = forms.CharField(label=_("hoặc thành viên BCĐ chủ trì"), max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    co_agencies = forms.MultipleChoiceField(label=_("Cơ quan phối hợp"), required=False,
                                            widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4}))
    co_others = forms.CharField(label=_("Đơn vị phối hợp khác"), max_length=500, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    deadline_kind = forms.ChoiceField(label=_("Loại thời hạn"), choices=DeadlineKind.choices,
                                      initial=DeadlineKind.DATE, widget=forms.Select(attrs={"class": "form-select"}))
    deadline_date = _date_field(_("Hạn (trước ngày)"), required=False)
    meeting_month = forms.CharField(label=_("Phiên họp thường kỳ tháng (tháng/năm)"), max_length=7, required=False,
                                    widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "12/2020"}))
    recurring_count = forms.IntegerField(label=_("Số đợt"), min_value=1, max_value=12, required=False,
                                         widget=forms.NumberInput(attrs={"class": "form-control"}))
    recurring_year = forms.IntegerField(label=_("Trong năm"), min_value=2000, max_value=2100, required=False,
                                        widget=forms.NumberInput(attrs={"class": "form-control"}))
    expected = forms.ChoiceField(label=_("Kết quả phải có"), choices=ExpectedResult.choices,
                                 widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, unit, leads, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["lead"].choices = leads
        self.fields["co_agencies"].choices = agencies

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("text") or "").strip()

    def clean_meeting_month(self):
        value = (self.cleaned_data.get("meeting_month") or "").strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{1,2})/(\d{4})", value)
        if not match or not 1 <= int(match[1]) <= 12:
            raise forms.ValidationError(_("Nhập tháng theo dạng tháng/năm, ví dụ 12/2020."))
        return datetime.date(int(match[2]), int(match[1]), 1)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip():
            return data
        lead, person = data.get("lead") or "", (data.get("lead_person") or "").strip()
        if bool(lead) == bool(person):
            raise forms.ValidationError(_("Chọn đúng một đơn vị chủ trì: một cơ quan, một xã, hoặc ghi tên "
                                          "thành viên BCĐ chủ trì."))
        kind = data.get("deadline_kind")
        if kind == DeadlineKind.DATE and not data.get("deadline_date"):
            self.add_error("deadline_date", _("Nhập hạn hoàn thành."))
        if kind == DeadlineKind.MEETING and not data.get("meeting_month"):
            self.add_error("meeting_month", _("Nhập tháng có phiên họp thường kỳ, ví dụ 12/2020."))
        if kind == DeadlineKind.RECURRING and not (data.get("recurring_count") and data.get("recurring_year")):
            self.add_error("recurring_count", _("Nhập số đợt và năm."))
        return data

    def task_input(self, agencies_by_id: dict, communes_by_id: dict) -> TaskInput:
        data = self.cleaned_data
        lead = data.get("lead") or ""
        return TaskInput(
            text=data["text"], point=data.get("point") or "",
            lead_agency=agencies_by_id.get(int(lead[1:])) if lead.startswith("a") else None,
            lead_commune=communes_by_id.get(int(lead[1:])) if lead.startswith("c") else None,
            lead_person=(data.get("lead_person") or "").strip() if not lead else "",
            co_agencies=[agencies_by_id[int(pk)] for pk in data.get("co_agencies") or [] if int(pk) in agencies_by_id],
            co_others=data.get("co_others") or "", deadline_kind=data["deadline_kind"],
            deadline_date=data.get("deadline_date"), meeting_month=data.get("meeting_month"),
            recurring_count=data.get("recurring_count"), recurring_year=data.get("recurring_year"),
            expected=data["expected"])


class ProgressForm(forms.Form):
    state = forms.ChoiceField(label=_("Tình trạng"), choices=TaskState.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    text = forms.CharField(label=_("Kết quả thực hiện"), max_length=LONG_NOTE,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))
    reason = forms.CharField(label=_("Lý do (nếu không thực hiện được)"), max_length=SHORT_NOTE, required=False,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    events_done = forms.IntegerField(label=_("Số đợt đã tổ chức"), min_value=0, max_value=1000, required=False,
                                     widget=forms.NumberInput(attrs={"class": "form-control"}))
    files = forms.FileField(label=_("Tệp kèm theo"), required=False,
                            help_text=_("PDF, JPG, PNG, DOCX hoặc XLSX, tối đa 10 MB."),
                            widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                                                   "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}))
    submit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def clean(self):
        data = super().clean()
        if data.get("state") == TaskState.CANNOT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Nhiệm vụ không thực hiện được: phải nêu lý do."))
        return data


class ExtendForm(forms.Form):
    new_due_on = _date_field(_("Hạn mới"))
    reason = forms.CharField(label=_("Lý do gia hạn"), max_length=SHORT_NOTE,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
