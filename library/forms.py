"""Forms of the library: the upload (a file or a pasted text), the metadata the person confirms,
a new version, and the search filters (a django-filter FilterSet)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit, UnitLevel
from ntm_portal import limits
from ntm_portal.text import fold

from .models import Document, DocumentKind

TEXT_HELP = _("Với ảnh chụp, bản quét chưa nhận dạng được chữ: dán nội dung chữ vào đây để tìm kiếm được.")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản"), required=False,
                           help_text=_("PDF, Word (.docx), Excel (.xlsx), ảnh quét (PNG, JPEG, TIFF) hoặc văn bản "
                                       "thuần; tối đa %(max)s MB.") % {"max": limits.LIBRARY_FILE_MAX_BYTES // 1048576})
    text = forms.CharField(label=_("Nội dung chữ (không bắt buộc)"), required=False, help_text=TEXT_HELP,
                           max_length=limits.LIBRARY_TEXT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Cần chọn tệp hoặc dán nội dung chữ của văn bản."))
        if data.get("file") and data["file"].size > limits.LIBRARY_FILE_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa %(max)s MB).")
                                        % {"max": limits.LIBRARY_FILE_MAX_BYTES // 1048576})
        return data


def village_label(village) -> str:
    return f"{village.name} – {village.parent.name}" if village.parent_id else village.name


def criterion_label(criterion) -> str:
    return f"{criterion.criteria_set.name}: {criterion}"


class VillageChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return village_label(obj)


class CriterionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return criterion_label(obj)


def villages_of_library(owner):
    """The villages a document of `owner`'s library may concern: those of its territory."""
    return (AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE)
            .filter(Q(parent=owner) | Q(parent__parent=owner)).select_related("parent")
            .order_by("parent__name", "name"))


def villages_of_communes(communes):
    return (AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE, parent__in=communes)
            .select_related("parent").order_by("parent__name", "name"))


def criteria_in_use(document=None, *, linked: bool = False):
    """Criteria of the sets in use (not ended before today), for the related criteria of a document,
    and those the document already names (an older document keeps its criteria of an ended set)."""
    from criteria.models import Criterion

    today = timezone.localdate()
    in_use = Q(criteria_set__valid_to__isnull=True) | Q(criteria_set__valid_to__gte=today)
    if document is not None and document.pk:
        in_use |= Q(pk__in=document.criteria.values("pk"))
    if linked:  # the search's filter: also the criteria some document names
        in_use |= Q(pk__in=Document.criteria.through.objects.values("criterion_id"))
    return (Criterion.objects.filter(in_use).select_related("criteria_set")
            .order_by("criteria_set__level", "criteria_set__name", "number"))


def units_of_library(owner) -> tuple:
    """(units a document may be limited to, communes it may concern) for `owner`'s library."""
    units = AdministrativeUnit.objects.filter(Q(pk=owner.pk) | Q(parent=owner, level=UnitLevel.COMMUNE))
    communes = units.filter(level=UnitLevel.COMMUNE)
    return units.order_by("level", "name"), communes.order_by("name")


class DocumentForm(forms.ModelForm):
    """The metadata, proposed from the document's text and confirmed (or corrected) by the person."""

    staged = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Document
        fields = ["kind", "number", "issued_on", "issuing_body", "signer", "subject", "period_start", "period_end",
                  "visibility", "visible_to", "communes", "villages", "criteria"]
        field_classes = {"villages": VillageChoice, "criteria": CriterionChoice}
        widgets = {"subject": forms.Textarea(attrs={"rows": 3}),
                   "visible_to": forms.CheckboxSelectMultiple, "communes": forms.CheckboxSelectMultiple,
                   "visibility": forms.RadioSelect,
                   "villages": forms.SelectMultiple(attrs={"size": 8}),
                   "criteria": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        units, communes = units_of_library(owner)
        self.fields["visible_to"].queryset = units
        self.fields["communes"].queryset = communes
        self.fields["villages"].queryset = villages_of_library(owner)
        self.fields["criteria"].queryset = criteria_in_use(self.instance)
        for name in ("villages", "criteria"):
            self.fields[name].help_text = _("Giữ phím Ctrl (trên điện thoại: chạm) để chọn nhiều mục.")
        self.fields["kind"].required = False
        self.fields["subject"].max_length = 1000
        self.fields["visible_to"].help_text = _("Chỉ dùng khi chọn “Chỉ các đơn vị được chọn”; để trống là chỉ đơn vị "
                                                "lưu giữ.")


class VersionForm(UploadForm):
    note = forms.CharField(label=_("Ghi chú phiên bản"), required=False, max_length=255,
                           help_text=_("Ví dụ: bản có chữ ký, bản quét rõ hơn."))


class DocumentFilter(django_filters.FilterSet):
    """Filters of the library's search: kind, year, issuing body, commune."""

    loai = django_filters.ChoiceFilter(field_name="kind", label=_("Loại văn bản"),
                                       choices=[c for c in DocumentKind.choices if c[0]], empty_label=_("Mọi loại"))
    nam = django_filters.NumberFilter(label=_("Năm ban hành"), method="filter_year")
    co_quan = django_filters.CharFilter(label=_("Cơ quan ban hành"), method="filter_body", max_length=200)
    xa = django_filters.ModelChoiceFilter(field_name="communes", label=_("Xã liên quan"), queryset=None,
                                          empty_label=_("Mọi xã"))
    thon = django_filters.ModelChoiceFilter(field_name="villages", label=_("Thôn liên quan"), queryset=None,
                                            empty_label=_("Mọi thôn"))
    tieu_chi = django_filters.ModelChoiceFilter(field_name="criteria", label=_("Tiêu chí liên quan"), queryset=None,
                                                empty_label=_("Mọi tiêu chí"))

    class Meta:
        model = Document
        fields = []

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["xa"].queryset = communes if communes is not None else AdministrativeUnit.objects.none()
        self.filters["thon"].queryset = villages_of_communes(communes) if communes is not None else \
            AdministrativeUnit.objects.none()
        self.filters["tieu_chi"].queryset = criteria_in_use(linked=True)
        self.form.fields["thon"].label_from_instance = village_label
        self.form.fields["tieu_chi"].label_from_instance = criterion_label
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "form-select form-select-sm" if name in {"loai", "xa", "thon", "tieu_chi"} else \
                "form-control form-control-sm"

    def filter_year(self, queryset, name, value):
        if value is None or not 1900 <= value <= 2100:
            return queryset.none() if value is not None else queryset
        return queryset.filter(issued_on__year=int(value))

    def filter_body(self, queryset, name, value):
        folded = fold(value)
        return queryset.filter(search_head__contains=folded) if folded else queryset
