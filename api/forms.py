from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ApiToken
from .services import MAX_TOKEN_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Tên gợi nhớ"), max_length=100,
                           help_text=_("Ví dụ: “Hệ thống báo cáo của tỉnh”, “Bảng tính của văn phòng”."))
    kind = forms.ChoiceField(label=_("Loại mã"), choices=ApiToken.Kind.choices, initial=ApiToken.Kind.PERSONAL,
                             help_text=_("Mã hệ thống chỉ đọc được số liệu (địa bàn, ngày ra quân, báo cáo, "
                                         "tổng hợp, tiêu chí), không đọc được cán bộ và không gửi được gì."))
    days = forms.IntegerField(label=_("Thời hạn (ngày)"), min_value=1, max_value=MAX_TOKEN_DAYS,
                              initial=settings.API_TOKEN_DEFAULT_DAYS)
    nonce = forms.CharField(widget=forms.HiddenInput, max_length=64)
