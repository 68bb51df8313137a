from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import PersonForm


class RosterTickForm(forms.Form):
    """Tick the staff who go; with nobody ticked, the agency must say it sends nobody."""

    people = forms.MultipleChoiceField(label=_("Cán bộ tham gia"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    sends_nobody = forms.BooleanField(label=_("Cơ quan không cử người tham gia ngày này"), required=False)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(str(p.pk), p.full_name) for p in staff]

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
