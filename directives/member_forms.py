"""Forms of the members' periodic reports."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit, Agency, Person
from directory.services import communes_coordinated
from ntm_portal import limits
from ntm_portal.forms import BoundedTextarea

from .models import BcdRole, ReportFrequency, SubCommittee


class MemberReportForm(forms.Form):
    ACTION_SAVE, ACTION_SUBMIT = "save", "submit"

    content = forms.CharField(label=_("Kết quả chỉ đạo trong kỳ"), required=False, max_length=limits.LONG_NOTE,
                              widget=BoundedTextarea(attrs={"rows": 6}),
                              help_text=_("Địa bàn đã đến, công việc đã chỉ đạo, kết quả đạt được."))
    issues = forms.CharField(label=_("Khó khăn, vướng mắc, kiến nghị"), required=False, max_length=limits.NOTE,
                             widget=BoundedTextarea(attrs={"rows": 3}))
    change_reason = forms.CharField(label=_("Lý do thay đổi (báo cáo đã nộp)"), required=False,
                                    max_length=limits.SHORT_NOTE, widget=BoundedTextarea(attrs={"rows": 2}))

    def __init__(self, *args, filed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.filed = filed
        if not filed:
            del self.fields["change_reason"]

    def clean(self):
        data = super().clean()
        if self.filed and not (data.get("change_reason") or "").strip():
            self.add_error("change_reason", _("Báo cáo đã nộp: cần ghi lý do thay đổi."))
        return data


class MemberReturnForm(forms.Form):
    comment = forms.CharField(label=_("Lý do trả lại, nội dung cần bổ sung"), max_length=limits.NOTE,
                              widget=BoundedTextarea(attrs={"rows": 3}))


class SeatForm(forms.Form):
    """A seat of the BCĐ, kept by the coordinating office. A seat ends by its end date, never deleted."""

    full_name = forms.CharField(label=_("Họ và tên (hoặc tên tổ chức)"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Vai trò trong Ban Chỉ đạo"), choices=BcdRole.choices)
    sub_committee = forms.ModelChoiceField(label=_("Tiểu ban"), queryset=SubCommittee.objects.none(),
                                           required=False, empty_label=_("(không thuộc tiểu ban)"))
    agency = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Agency.objects.none(), required=False,
                                    empty_label=_("(không)"))
    person = forms.ModelChoiceField(label=_("Cán bộ trong danh bạ cơ quan"), queryset=Person.objects.none(),
                                    required=False, empty_label=_("(không)"))
    username = forms.CharField(label=_("Tài khoản nộp báo cáo (tên đăng nhập)"), max_length=150, required=False,
                               help_text=_("Thành viên không có tài khoản không nộp được báo cáo trên cổng và "
                                           "không nhận được thư, thông báo nhắc hạn."))
    communes = forms.ModelMultipleChoiceField(label=_("Xã phụ trách"), queryset=AdministrativeUnit.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    frequency = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=ReportFrequency.choices)
    valid_from = forms.DateField(label=_("Từ ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                 widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    valid_to = forms.DateField(label=_("Đến ngày (kết thúc nhiệm vụ)"), required=False,
                               input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                               widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
                               help_text=_("Để trống khi còn là thành viên. Không xóa thành viên: ghi ngày kết "
                                           "thúc, các báo cáo đã nộp vẫn được giữ."))
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=32000, initial=100)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["sub_committee"].queryset = SubCommittee.objects.filter(unit=unit)
        self.fields["agency"].queryset = Agency.objects.filter(owner=unit).order_by("name")
        self.fields["person"].queryset = (Person.objects.filter(agency__owner=unit, is_active=True)
                                          .select_related("agency").order_by("agency__name", "full_name"))
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} – {p.agency.name}"
        self.fields["communes"].queryset = communes_coordinated(unit).order_by("name")
        self.fields["valid_from"].error_messages["invalid"] = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/01/2025.")
        self.fields["valid_to"].error_messages["invalid"] = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2025.")

    def clean_username(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản đang hoạt động với tên đăng nhập “%(name)s”.")
                                        % {"name": username})
        return user

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def seat_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"username", "communes"}}
        data["user"] = self.cleaned_data.get("username")
        data["position"] = (data.get("position") or "").strip()
        return data
