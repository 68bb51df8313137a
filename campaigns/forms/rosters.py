from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import PersonForm
from directory.models import Person
from ntm_portal.collation import vi


class RosterTickForm(forms.Form):
    """Tick the staff who go; with nobody ticked, the agency must say it sends nobody."""

    # Checked against the agency's active staff in one query; the page draws its own checkboxes
    # (campaigns/_staff_check.html), so the 1,000 choices of a large agency are never listed.
    people = forms.ModelMultipleChoiceField(
        label=_("Cán bộ tham gia"), required=False, queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Có người được chọn không còn trong danh sách cán bộ của cơ quan."),
                        "invalid_pk_value": _("Có người được chọn không còn trong danh sách cán bộ của cơ quan.")})
    sends_nobody = forms.BooleanField(label=_("Cơ quan không cử người tham gia ngày này"), required=False)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:  # a queryset of the agency's active staff
            self.fields["people"].queryset = staff.order_by(vi("full_name"), "pk")

    def clean(self):
        data = super().clean()
        if not data.get("people") and not data.get("sends_nobody"):
            raise forms.ValidationError(_("Chưa chọn người nào. Nếu cơ quan không cử người, hãy đánh dấu ô “không cử người”."))
        if data.get("people") and data.get("sends_nobody"):
            raise forms.ValidationError(_("Đã chọn người tham gia thì không đánh dấu “không cử người”."))
        return data


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel danh sách (.xlsx)"))


class RosterPersonForm(PersonForm):
    """Add a person by hand: they join the staff list and this roster."""

    class Meta(PersonForm.Meta):
        fields = ["full_name", "position", "phone", "is_party_member"]
