from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm_portal.collation import vi
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
        from .services import communes_coordinated

        self.fields["communes"].queryset = communes_coordinated(district).order_by(vi("name"))


class MergerForm(forms.Form):
    """The merger file of a resolution, the province (or district) the new units belong to, the date."""

    file = forms.FileField(label=_("Tệp sáp nhập (.csv hoặc .xlsx)"),
                           help_text=_("Cột: new_code, new_name, predecessors, predecessor_codes, valid_from. "
                                       "Đơn vị cũ được tìm theo mã trong predecessor_codes."))
    parent = forms.ModelChoiceField(label=_("Đơn vị mới trực thuộc"), queryset=None)
    on = forms.DateField(label=_("Ngày sáp nhập"), required=False,
                         help_text=_("Dạng dd/mm/yyyy; bỏ trống để lấy theo cột valid_from của tệp."))
    note = forms.CharField(label=_("Căn cứ"), required=False, max_length=255,
                           help_text=_("Số, ngày của nghị quyết, quyết định."))

    def __init__(self, *args, **kwargs):
        from .models import AdministrativeUnit, UnitLevel

        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = AdministrativeUnit.objects.filter(
            level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT], valid_to__isnull=True).order_by("level", "name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx."))
        return upload


class IssuerForm(forms.ModelForm):
    """What the unit's documents print: issuing body, place, symbols, signer, default recipients."""

    class Meta:
        from .models import DocumentIssuer

        model = DocumentIssuer
        fields = ["parent_body", "body", "name_in_text", "place", "report_symbol", "plan_symbol", "list_symbol", "signer_authority",
                  "signer_authority_of", "signer_title", "signer_name", "recipients"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 6})}
