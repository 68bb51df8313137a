"""Forms of weekly plans, day reports, proposals and the task-type catalogue.

The day report is one page of plain forms: a `DayReportForm` for the whole report and one
`VillageResultForm` per village (prefix `v<village id>`), so it posts without JavaScript.
"""

from __future__ import annotations

import uuid

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from directory.models import Agency
from ntm_portal import limits
from ntm_portal.collation import vi
from ntm_portal.forms import BoundedTextarea, VietnameseDecimalField, VietnameseIntegerField

from ..models import Attendance, DayReport, Proposal, Task, TaskType
from ..selectors.reports import VillageSection
from ..services.reports import AttendanceMark, VillageFigures, village_figure_errors

NOT_NEGATIVE = {"min_value": _("Không được nhập số âm.")}


def _count(label, **kwargs):
    return VietnameseIntegerField(label=label, required=False, min_value=0, max_value=1_000_000,
                                  error_messages=NOT_NEGATIVE, **kwargs)


def _amount(label, **kwargs):
    return VietnameseDecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=2,
                                  error_messages=NOT_NEGATIVE, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        # No `capture`: it would force the camera, and officers often pick photos taken earlier.
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


# --- task types and plans ------------------------------------------------------------------------

class TaskTypeForm(forms.ModelForm):
    class Meta:
        model = TaskType
        fields = ["name", "unit", "is_waste", "order", "is_active"]


class PlanTaskForm(forms.ModelForm):
    def __init__(self, *args, villages, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].empty_label = None
        self.fields["task_type"].queryset = TaskType.objects.filter(is_active=True)
        self.fields["supporting_agencies"].queryset = agencies
        self.fields["supporting_agencies"].required = False

    class Meta:
        model = Task
        fields = ["village", "task_type", "quantity", "place", "tools", "expected_participants",
                  "supporting_agencies"]
        field_classes = {"quantity": VietnameseDecimalField, "expected_participants": VietnameseIntegerField}
        widgets = {"supporting_agencies": forms.CheckboxSelectMultiple()}

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Khối lượng dự kiến không được âm."))
        return value


class PlanNoteForm(forms.Form):
    note = forms.CharField(label=_("Nội dung chung của kế hoạch"), required=False, max_length=limits.NOTE,
                           widget=BoundedTextarea(attrs={"rows": 3}))


# --- day report ----------------------------------------------------------------------------------

ATTENDANCE_CHOICES = [(Attendance.PRESENT, Attendance.PRESENT.label), (Attendance.ABSENT, Attendance.ABSENT.label)]


def _attendance_initial(entry):
    # Everyone on the roster is present unless the officer marks them absent.
    return Attendance.PRESENT if entry.attendance == Attendance.UNKNOWN else entry.attendance


class VillageResultForm(forms.Form):
    """One village's section. Task, photo and attendance fields are added per village."""

    REQUIRED_FOR_SUBMIT = ("residents", "households")

    residents = _count(_("Người dân tham gia"))
    households = _count(_("Số hộ tham gia"))
    commune_staff = _count(_("Cán bộ xã"))
    teachers = _count(_("Giáo viên"))
    students = _count(_("Học sinh"))
    waste_kg = _amount(_("Rác thải thu gom (kg)"))
    waste_m3 = _amount(_("Rác thải thu gom (m³)"))
    remarks = forms.CharField(label=_("Nhận xét"), required=False, max_length=limits.NOTE,
                              widget=BoundedTextarea(attrs={"rows": 2}))
    proposal_text = forms.CharField(label=_("Kiến nghị, đề xuất của thôn"), required=False, max_length=limits.NOTE,
                                    widget=BoundedTextarea(attrs={"rows": 2}))
    new_type = forms.ModelChoiceField(label=_("Phần việc phát sinh (ngoài kế hoạch)"), queryset=TaskType.objects.none(),
                                      required=False, empty_label=_("— không có —"))
    new_quantity = _amount(_("Khối lượng phần việc phát sinh"))
    photos = MultiplePhotoField(label=_("Ảnh hiện trường (tối đa 5 ảnh, JPEG/PNG/WEBP/HEIC, mỗi ảnh ≤ 10 MB)"))

    def __init__(self, *args, section: VillageSection, task_types: list[TaskType], **kwargs):
        self.section = section
        vr = section.result
        initial = {}
        if vr is not None:
            initial = {name: getattr(vr, name) for name in ["residents", "households", "commune_staff", "teachers",
                                                           "students", "waste_kg", "waste_m3", "remarks",
                                                           "proposal_text"]}
        for task in section.tasks:
            done = section.planned_results.get(task.pk)
            initial[f"task_{task.pk}"] = done.quantity if done else None
        for tr in section.extra_results:
            initial[f"extra_{tr.pk}"] = tr.quantity
        for entry in section.entries:
            initial[f"att_{entry.pk}"] = _attendance_initial(entry)
            initial[f"reason_{entry.pk}"] = entry.absence_reason
        super().__init__(*args, initial=initial, prefix=f"v{section.village.pk}", **kwargs)
        self.fields["new_type"].queryset = TaskType.objects.filter(pk__in=[t.pk for t in task_types])
        self.fields["new_type"].choices = [("", _("— không có —"))] + [(t.pk, str(t)) for t in task_types]
        total = section.households_total
        self.fields["households"].help_text = (
            _("Thôn có %(n)s hộ.") % {"n": total} if total is not None else _("Thôn chưa có số hộ dân."))
        self.task_fields = []
        for task in section.tasks:
            name = f"task_{task.pk}"
            self.fields[name] = _amount(
                f"{task.task_type.name} ({task.task_type.unit})",
                help_text=_("Kế hoạch: %(q)s %(unit)s") % {"q": floatformat(task.quantity, "-2g"), "unit": task.task_type.unit},
            )
            self.task_fields.append(name)
        self.extra_fields = []
        for tr in section.extra_results:
            name = f"extra_{tr.pk}"
            self.fields[name] = _amount(f"{tr.task_type.name} ({tr.task_type.unit})",
                                        help_text=_("Phát sinh; để trống để xóa."))
            self.extra_fields.append(name)
        self.photo_fields = []
        for photo in section.photos:
            name = f"delete_photo_{photo.pk}"
            self.fields[name] = forms.BooleanField(label=_("Xóa ảnh này"), required=False)
            self.photo_fields.append((photo, name))
        self.attendance_fields = []
        for entry in section.entries:
            self.fields[f"att_{entry.pk}"] = forms.ChoiceField(
                label=entry.full_name, choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}), required=False)
            self.fields[f"reason_{entry.pk}"] = forms.CharField(
                label=_("Lý do vắng"), max_length=300, required=False)
            self.attendance_fields.append((entry, f"att_{entry.pk}", f"reason_{entry.pk}"))

    def require_for_submit(self) -> int:
        """Mark each figure a submission needs that is still empty; returns how many."""
        missing = [name for name in self.REQUIRED_FOR_SUBMIT if self.cleaned_data.get(name) is None]
        for name in missing:
            self.add_error(name, forms.ValidationError(_("Cần nhập trước khi nộp báo cáo."),
                                                       code="required_for_submit"))
        return len(missing)

    @property
    def task_rows(self):
        return [(task, self[f"task_{task.pk}"]) for task in self.section.tasks]

    @property
    def extra_rows(self):
        return [self[name] for name in self.extra_fields]

    @property
    def photo_rows(self):
        return [(photo, self[name]) for photo, name in self.photo_fields]

    @property
    def attendance_rows(self):
        return [(entry, self[att], self[reason]) for entry, att, reason in self.attendance_fields]

    def clean(self):
        data = super().clean()
        if data.get("new_type") and data.get("new_quantity") is None:
            self.add_error("new_quantity", _("Cần nhập khối lượng cho phần việc phát sinh."))
        if data.get("new_quantity") is not None and not data.get("new_type"):
            self.add_error("new_type", _("Cần chọn loại phần việc phát sinh."))
        if not self.errors:
            for field, message in village_figure_errors(self.figures(), self.section.households_total).items():
                self.add_error(field if field in self.fields else None, message)
        return data

    def figures(self) -> VillageFigures:
        data = self.cleaned_data
        deleted = [photo.pk for photo, name in self.photo_fields if data.get(name)]
        return VillageFigures(
            residents=data.get("residents"), households=data.get("households"),
            commune_staff=data.get("commune_staff"), teachers=data.get("teachers"), students=data.get("students"),
            waste_kg=data.get("waste_kg"), waste_m3=data.get("waste_m3"),
            remarks=data.get("remarks", ""), proposal_text=data.get("proposal_text", ""),
            planned={int(name[5:]): data.get(name) for name in self.task_fields},
            extras={int(name[6:]): data.get(name) for name in self.extra_fields},
            new_extra=(data["new_type"].pk, data["new_quantity"]) if data.get("new_type") else None,
            new_photos=data.get("photos") or [], delete_photos=deleted,
        )

    def attendance(self) -> dict[int, AttendanceMark]:
        data = self.cleaned_data
        return {entry.pk: AttendanceMark(data.get(att) or Attendance.UNKNOWN, data.get(reason, ""))
                for entry, att, reason in self.attendance_fields}


class DayReportForm(forms.Form):
    """The report as a whole: general remarks, what to do, and the retry token."""

    ACTION_SAVE = "save"
    ACTION_SUBMIT = "submit"

    remarks = forms.CharField(label=_("Nhận xét, đánh giá chung của xã"), required=False, max_length=limits.LONG_NOTE,
                              widget=BoundedTextarea(attrs={"rows": 3}))
    change_reason = forms.CharField(label=_("Lý do thay đổi (báo cáo đã nộp)"), required=False,
                                    max_length=limits.SHORT_NOTE, widget=BoundedTextarea(attrs={"rows": 2}))
    confirm_large = forms.BooleanField(
        label=_("Tôi đã kiểm tra: các số liệu lớn bất thường ở trên là đúng."), required=False)
    submit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, report: DayReport | None, unassigned=(), one_village: bool = False, **kwargs):
        initial = {"remarks": report.remarks if report else "", "submit_token": uuid.uuid4().hex}
        for entry in unassigned:
            initial[f"att_{entry.pk}"] = _attendance_initial(entry)
            initial[f"reason_{entry.pk}"] = entry.absence_reason
        super().__init__(*args, initial=initial, **kwargs)
        self.report = report
        self.one_village = one_village
        if one_village:  # the page of one village does not show the report's general remarks
            del self.fields["remarks"]
        if report is None or not report.is_filed:
            del self.fields["change_reason"]
        self.attendance_fields = []
        for entry in unassigned:
            self.fields[f"att_{entry.pk}"] = forms.ChoiceField(
                label=entry.full_name, choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}), required=False)
            self.fields[f"reason_{entry.pk}"] = forms.CharField(label=_("Lý do vắng"), max_length=300,
                                                                required=False)
            self.attendance_fields.append((entry, f"att_{entry.pk}", f"reason_{entry.pk}"))

    @property
    def attendance_rows(self):
        return [(entry, self[att], self[reason]) for entry, att, reason in self.attendance_fields]

    def clean(self):
        data = super().clean()
        if "change_reason" in self.fields and not (data.get("change_reason") or "").strip():
            self.add_error("change_reason", _("Báo cáo đã nộp: cần ghi lý do thay đổi."))
        return data

    def attendance(self) -> dict[int, AttendanceMark]:
        data = self.cleaned_data
        return {entry.pk: AttendanceMark(data.get(att) or Attendance.UNKNOWN, data.get(reason, ""))
                for entry, att, reason in self.attendance_fields}


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Lý do trả lại, nội dung cần sửa"), max_length=limits.NOTE,
                              widget=BoundedTextarea(attrs={"rows": 3}))


# --- proposals -----------------------------------------------------------------------------------

class ProposalAssignForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Giao cho cơ quan, đơn vị"), queryset=Agency.objects.none())

    def __init__(self, *args, district_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(owner_id=district_id, is_active=True).order_by(vi("name"))


class ProposalAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), max_length=limits.LONG_NOTE,
                             widget=BoundedTextarea(attrs={"rows": 3}))


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả")), *Proposal.Status.choices])
