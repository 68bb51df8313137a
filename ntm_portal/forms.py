from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Thao tác"), required=False)
    actor = forms.CharField(label=_("Người thực hiện"), required=False)
    target = forms.CharField(label=_("Đối tượng"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False)
    date_to = forms.DateField(label=_("Đến ngày"), required=False)

    def filter(self, qs):
        data = self.cleaned_data
        if data["action"]:
            qs = qs.filter(action__icontains=data["action"])
        if data["actor"]:
            qs = qs.filter(actor__username__icontains=data["actor"])
        if data["target"]:
            qs = qs.filter(target_repr__icontains=data["target"])
        if data["date_from"]:
            qs = qs.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(at__date__lte=data["date_to"])
        return qs


class BoundedTextarea(forms.Textarea):
    """A textarea that never echoes more than its maxlength back into the page: a 10 MB paste is
    refused by the form without the error page weighing 10 MB (issue 12 A7)."""

    def format_value(self, value):
        value = super().format_value(value)
        limit = self.attrs.get("maxlength")
        return value[: int(limit)] if value and limit else value
