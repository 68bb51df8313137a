"""The before/after comparison as a workbook (ntm_portal.workbooks) and as a BÁO CÁO (ntm_portal.documents)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import in_sentence
from ntm_portal.workbooks import new_workbook, workbook_bytes, write_table

from .models import ResultStatus
from .selectors import Comparison

STATUS_TEXT = {ResultStatus.MET: gettext_lazy("Đạt"), ResultStatus.APPROACHING: gettext_lazy("Gần đạt"),
               ResultStatus.NOT_MET: gettext_lazy("Chưa đạt")}


def comparison_filename(comparison: Comparison) -> str:
    return f"so-sanh-tieu-chi-{comparison.date_before:%Y%m%d}-{comparison.date_after:%Y%m%d}"


def comparison_workbook(comparison: Comparison) -> bytes:
    a, b = comparison.date_before.strftime("%d/%m/%Y"), comparison.date_after.strftime("%d/%m/%Y")
    title = _("So sánh kết quả thực hiện Bộ tiêu chí: %(a)s và %(b)s") % {"a": a, "b": b}
    book = new_workbook(title=title)
    rows = [[row.criterion.number, row.criterion.name, row.met_before, row.met_after, row.met_after - row.met_before]
            for row in comparison.criteria]
    write_table(book.create_sheet(_("Theo tiêu chí")), title=title, subtitle=[str(comparison.criteria_set)],
                headers=[_("Tiêu chí"), _("Tên tiêu chí"), _("Số xã đạt ngày %(d)s") % {"d": a},
                         _("Số xã đạt ngày %(d)s") % {"d": b}, _("Tăng, giảm")],
                rows=rows, widths=[10, 40, 16, 16, 12], landscape=False,
                totals=[_("Số xã đạt đủ %(n)d tiêu chí") % {"n": comparison.total_criteria}, "",
                        comparison.full_before, comparison.full_after,
                        comparison.full_after - comparison.full_before])

    rows = [[row.commune.full_name, row.met_before if row.before else None, row.met_after if row.after else None,
             (row.met_after - row.met_before) if row.before and row.after else None,
             len(row.improved), len(row.worsened)] for row in comparison.communes]
    write_table(book.create_sheet(_("Theo xã")), title=title,
                headers=[_("Xã"), _("Số tiêu chí đạt ngày %(d)s") % {"d": a},
                         _("Số tiêu chí đạt ngày %(d)s") % {"d": b}, _("Tăng, giảm"), _("Chỉ tiêu tiến bộ"),
                         _("Chỉ tiêu giảm")],
                rows=rows, widths=[24, 16, 16, 12, 14, 14], landscape=False)

    rows = [[row.commune.full_name, move.indicator.code, move.indicator.name, str(STATUS_TEXT[move.before.status]),
             str(STATUS_TEXT[move.after.status]), move.before.value, move.after.value,
             _("Tiến bộ") if move.direction > 0 else _("Giảm")]
            for row in comparison.communes for move in row.moves if move.direction != 0]
    write_table(book.create_sheet(_("Chỉ tiêu thay đổi")), title=title,
                headers=[_("Xã"), _("Chỉ tiêu"), _("Nội dung"), _("Ngày %(d)s") % {"d": a}, _("Ngày %(d)s") % {"d": b},
                         _("Giá trị trước"), _("Giá trị sau"), _("Chiều")],
                rows=rows, widths=[24, 10, 50, 12, 12, 14, 14, 10])
    return workbook_bytes(book)


def comparison_pdf(comparison: Comparison, *, user) -> bytes:
    """The comparison as a BÁO CÁO of the coordinating unit (ntm_portal.documents), its tables as appendices."""
    from directory.models import DocumentKind
    from ntm_portal.documents import document_for, render_document

    unit = _issuing_unit(comparison, user)
    a, b = comparison.date_before.strftime("%d/%m/%Y"), comparison.date_after.strftime("%d/%m/%Y")
    doc = document_for(unit=unit, kind=DocumentKind.REPORT, subject=_(
        "Kết quả thực hiện Bộ tiêu chí nông thôn mới: so sánh ngày %(a)s và ngày %(b)s") % {"a": a, "b": b})
    doc.add_appendix("criteria", _("Số xã đạt theo từng tiêu chí"), _("(Ngày %(a)s và ngày %(b)s)") % {"a": a, "b": b})
    doc.add_appendix("communes", _("Kết quả theo xã"), _("(Ngày %(a)s và ngày %(b)s)") % {"a": a, "b": b})
    if comparison.single:
        doc.add_appendix("moves", _("Chỉ tiêu thay đổi"), str(comparison.scope_label))
    return render_document("criteria/pdf/comparison.html", {
        "comparison": comparison, "doc": doc, "ap": doc.appendices, "status_text": STATUS_TEXT,
        "scope_in_text": in_sentence(str(comparison.scope_label)),
    })


def _issuing_unit(comparison: Comparison, user):
    """The unit whose office issues the comparison: the coordinating unit above the communes compared."""
    from ntm_portal.access import district_of_scope, scope_of

    if comparison.communes:
        return comparison.communes[0].commune.parent
    return district_of_scope(scope_of(user))
