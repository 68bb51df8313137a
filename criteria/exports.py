"""The before/after comparison as a workbook (ntm_portal.workbooks) and as a PDF appendix (reporting.pdf)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm_portal.workbooks import new_workbook, workbook_bytes, write_table
from reporting.pdf import render_pdf

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
    district = comparison.communes[0].commune.parent if comparison.communes else None
    return render_pdf("criteria/pdf/comparison.html", {
        "comparison": comparison,
        "issuer_parent": _("UBND %(district)s") % {"district": district.full_name} if district else "",
        "issuer": _("Phòng Nông nghiệp và Phát triển nông thôn"),
        "document_number": "",
        "place": district.name if district else "",
        "issued_on": timezone.localdate(),
        "title": _("Phụ lục: Kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới"),
        "subtitle": _("So sánh ngày %(a)s và ngày %(b)s – %(scope)s") % {
            "a": comparison.date_before.strftime("%d/%m/%Y"), "b": comparison.date_after.strftime("%d/%m/%Y"),
            "scope": comparison.scope_label},
        "signer_role": _("Người lập biểu"),
        "signer_name": user.get_full_name() or user.get_username(),
        "status_text": STATUS_TEXT,
    })
