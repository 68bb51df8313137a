"""The before/after comparison as a workbook (openpyxl) and as a BÁO CÁO (ntm_portal.documents)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import in_sentence

from .models import ResultStatus
from .selectors import Comparison

STATUS_TEXT = {ResultStatus.MET: gettext_lazy("Đạt"), ResultStatus.APPROACHING: gettext_lazy("Gần đạt"),
               ResultStatus.NOT_MET: gettext_lazy("Chưa đạt")}


def _safe(value):
    """A cell value that a spreadsheet will never run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def comparison_filename(comparison: Comparison) -> str:
    return f"so-sanh-tieu-chi-{comparison.date_before:%Y%m%d}-{comparison.date_after:%Y%m%d}"


def comparison_workbook(comparison: Comparison) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    a, b = comparison.date_before.strftime("%d/%m/%Y"), comparison.date_after.strftime("%d/%m/%Y")
    book = Workbook()
    sheet = book.active
    sheet.title = _("Theo tiêu chí")
    sheet.append([_("So sánh kết quả thực hiện Bộ tiêu chí: %(a)s và %(b)s") % {"a": a, "b": b}])
    sheet.append([str(comparison.criteria_set)])
    sheet.append([])
    sheet.append([_("Tiêu chí"), _("Tên tiêu chí"), _("Số xã đạt ngày %(d)s") % {"d": a},
                  _("Số xã đạt ngày %(d)s") % {"d": b}, _("Tăng, giảm")])
    for row in comparison.criteria:
        sheet.append([row.criterion.number, _safe(row.criterion.name), row.met_before, row.met_after,
                      row.met_after - row.met_before])
    sheet.append([])
    sheet.append([_("Số xã đạt đủ %(n)d tiêu chí") % {"n": comparison.total_criteria}, "",
                  comparison.full_before, comparison.full_after, comparison.full_after - comparison.full_before])

    by_commune = book.create_sheet(_("Theo xã"))
    by_commune.append([_("Xã"), _("Số tiêu chí đạt ngày %(d)s") % {"d": a}, _("Số tiêu chí đạt ngày %(d)s") % {"d": b},
                       _("Tăng, giảm"), _("Chỉ tiêu tiến bộ"), _("Chỉ tiêu giảm")])
    for row in comparison.communes:
        by_commune.append([row.commune.full_name, row.met_before if row.before else None,
                           row.met_after if row.after else None,
                           (row.met_after - row.met_before) if row.before and row.after else None,
                           len(row.improved), len(row.worsened)])

    moves = book.create_sheet(_("Chỉ tiêu thay đổi"))
    moves.append([_("Xã"), _("Chỉ tiêu"), _("Nội dung"), _("Ngày %(d)s") % {"d": a}, _("Ngày %(d)s") % {"d": b},
                  _("Giá trị trước"), _("Giá trị sau"), _("Chiều")])
    for row in comparison.communes:
        for move in row.moves:
            if move.direction == 0:
                continue
            moves.append([row.commune.full_name, move.indicator.code, _safe(move.indicator.name),
                          str(STATUS_TEXT[move.before.status]), str(STATUS_TEXT[move.after.status]),
                          move.before.value, move.after.value,
                          _("Tiến bộ") if move.direction > 0 else _("Giảm")])
    for ws in book.worksheets:
        header_row = 4 if ws is sheet else 1
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 40 if ws is sheet else 14
        ws.column_dimensions["C"].width = 50 if ws is moves else 18
    sheet["A1"].font = Font(bold=True, size=13)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
