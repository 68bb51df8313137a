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


UID_INPUT = {"class": "form-control form-control-sm font-monospace", "size": 11, "autocomplete": "off"}


class MappingRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    data_element = forms.CharField(label=_("dataElement"), max_length=11, widget=forms.TextInput(attrs=UID_INPUT))
    category_option_combo = forms.CharField(label=_("categoryOptionCombo"), max_length=11, required=False,
                                            widget=forms.TextInput(attrs=UID_INPUT))
    attribute_option_combo = forms.CharField(label=_("attributeOptionCombo"), max_length=11, required=False,
                                             widget=forms.TextInput(attrs=UID_INPUT))
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


MappingFormSet = forms.formset_factory(MappingRowForm, extra=0, max_num=50, validate_max=True)
