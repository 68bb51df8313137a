from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RollupRecipient


class RollupRequestForm(forms.Form):
    action_day = forms.ModelChoiceField(label=_("Ngày ra quân"), queryset=None, empty_label=None)
    reason = forms.CharField(
        label=_("Lý do tổng hợp lại"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi ngày này đã có báo cáo, ví dụ: xã báo cáo bổ sung sau hạn."),
    )
    send = forms.BooleanField(label=_("Gửi thư cho nơi nhận khi tổng hợp xong"), required=False)

    def __init__(self, *args, action_days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_day"].queryset = action_days
        self.fields["action_day"].label_from_instance = lambda d: d.date.strftime("%d/%m/%Y") + (
            f" – {d.title}" if d.title else "")


class RecipientForm(forms.ModelForm):
    class Meta:
        model = RollupRecipient
        fields = ["name", "email", "is_active"]
