"""Forms of the members' periodic reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm_portal import limits
from ntm_portal.forms import BoundedTextarea


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
