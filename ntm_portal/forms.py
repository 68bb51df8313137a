"""Forms and form fields every app uses: Vietnamese number input, the audit-trail filter."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.formatting import vn_number

# Numbers as people type them here: "12,5", "1.234", "1.234,5" (comma for decimals, dot for
# thousands). A number input (`type=number`) depends on the browser's locale — Chromium in en-US
# drops the comma of "12,5" and sends 125 — so these fields are text inputs with a decimal keypad
# (`inputmode`) and the server reads the text. Django's own `sanitize_separators` (with
# USE_THOUSAND_SEPARATOR off, as here) refuses "1.234,5", and with it on takes "1,234.5" apart
# wrongly; so the reading is done here, strictly, and whatever could mean two numbers is refused.
_PLAIN = re.compile(r"^-?\d+(,\d+)?$")                 # 12 / 12,5
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 / 1.234.567,5
_DOT_DECIMAL = re.compile(r"^-?\d+\.(\d{1,2}|\d{4,})$")  # 12.5 / 0.75: a keypad with only "." (never a group)


def parse_vn_number(text: str) -> str | None:
    """The number in `text` as Python reads it ("1234.5"), or None if it is not clearly one number."""
    value = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if _PLAIN.match(value):
        return value.replace(",", ".")
    if _GROUPED.match(value):
        return value.replace(".", "").replace(",", ".")
    if _DOT_DECIMAL.match(value):
        return value
    return None


NUMBER_HELP = _("Số thập phân viết bằng dấu phẩy, hàng nghìn bằng dấu chấm, ví dụ 12,5 hoặc 1.234.")


class VietnameseNumberMixin:
    """Read "12,5" / "1.234" whatever the browser's locale; show values as 12,5 and 1.234."""

    inputmode = "decimal"

    def __init__(self, *args, **kwargs):
        attrs = {"inputmode": self.inputmode, "autocomplete": "off", "spellcheck": "false"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(attrs)
        self.widget.input_type = "text"

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):  # meaningless on a text input
            attrs.pop(name, None)
        return attrs

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = parse_vn_number(value)
            if parsed is None:
                raise forms.ValidationError(
                    _("“%(value)s” không rõ là số nào. Viết dấu phẩy cho phần thập phân, dấu chấm cho hàng "
                      "nghìn, ví dụ 12,5 hoặc 1.234,5.") % {"value": value.strip()[:30]}, code="ambiguous")
            value = parsed
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
            return vn_number(value)
        return value


class VietnameseDecimalField(VietnameseNumberMixin, forms.DecimalField):
    pass


class VietnameseIntegerField(VietnameseNumberMixin, forms.IntegerField):
    inputmode = "numeric"

    def to_python(self, value):
        if isinstance(value, str) and "." in (parse_vn_number(value) or ""):
            raise forms.ValidationError(_("Cần nhập một số nguyên (không có phần thập phân)."), code="invalid")
        return super().to_python(value)


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
