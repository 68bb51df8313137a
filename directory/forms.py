from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm_portal.forms import VietnameseIntegerField

from .models import AgencyKind, Person
from .services import normalise_phone


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "position", "phone", "is_party_member", "is_active"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError(_("Thiếu họ và tên."))
        return name

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


class HouseholdForm(forms.Form):
    households = VietnameseIntegerField(label=_("Số hộ dân"), min_value=0, max_value=100000)
    as_of = forms.DateField(label=_("Tính đến ngày"), initial=timezone.localdate,
                            help_text=_("Dạng dd/mm/yyyy. Số cũ vẫn được giữ trong lịch sử."))
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=200, required=False)


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên"), required=False)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + AgencyKind.choices)


class MonitorCommunesForm(forms.Form):
    communes = forms.ModelMultipleChoiceField(
        label=_("Các xã được phân công theo dõi"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Commune

        self.fields["communes"].queryset = Commune.objects.current().filter(parent=district).order_by("code")
