"""A village's public statement of its fund (công khai quỹ thôn): a one-page BÁO CÁO through the one
document builder and a workbook through the one workbook writer, both from the same `Ledger`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from directory.models import DocumentKind
from ntm_portal.documents import document_for, render_document
from ntm_portal.workbooks import new_workbook, workbook_bytes, write_table

from .models import EntryDirection
from .selectors.funds import Ledger

STATEMENT_SPENDING_LINES = 10  # the largest spendings by name; the rest in one line, so the page stays one page


def statement_subject(ledger: Ledger) -> str:
    return _("Công khai thu, chi quỹ %(v)s từ ngày %(a)s đến ngày %(b)s") % {
        "v": ledger.village.full_name, "a": ledger.start.strftime("%d/%m/%Y"), "b": ledger.end.strftime("%d/%m/%Y")}


def statement_filename(ledger: Ledger) -> str:
    return f"cong-khai-quy-thon-{ledger.village.pk}-{ledger.start:%Y%m%d}-{ledger.end:%Y%m%d}"


def _spending_lines(ledger: Ledger) -> tuple[list, object]:
    spent = sorted((line.entry for line in ledger.lines if line.entry.direction == EntryDirection.SPENDING),
                   key=lambda e: (-e.amount, e.on, e.pk))
    shown, rest = spent[:STATEMENT_SPENDING_LINES], spent[STATEMENT_SPENDING_LINES:]
    return shown, (sum(e.amount for e in rest) if rest else None)


def statement_pdf(ledger: Ledger, *, commune) -> bytes:
    doc = document_for(unit=commune, kind=DocumentKind.REPORT, subject=statement_subject(ledger))
    shown, rest = _spending_lines(ledger)
    return render_document("recognition/pdf/fund_statement.html", {
        "doc": doc, "ap": {}, "ledger": ledger, "spending": shown, "spending_rest": rest})


def statement_workbook(ledger: Ledger) -> bytes:
    title = statement_subject(ledger)
    book = new_workbook(title=title)
    rows = [[_("Số dư đầu kỳ"), ledger.opening]]
    rows += [[_("Thu từ: %(s)s") % {"s": label}, amount] for label, amount in ledger.source_rows]
    rows += [[_("Trong đó: %(k)s") % {"k": label}, amount] for label, amount in ledger.kind_rows]
    rows += [[_("Tổng thu trong kỳ"), ledger.contributions], [_("Số ngày công đóng góp"), ledger.working_days],
             [_("Tổng chi trong kỳ"), ledger.spending], [_("Số dư cuối kỳ"), ledger.closing]]
    write_table(book.create_sheet(_("Công khai")), title=title, headers=[_("Nội dung"), _("Số tiền (đồng)")],
                rows=rows, widths=[50, 20], landscape=False, autofilter=False)
    entries = [[i, line.entry.on, line.entry.get_direction_display(), line.entry.get_kind_display(),
                line.entry.get_source_display() if line.entry.source else "", line.entry.description,
                line.entry.contributor, line.entry.working_days,
                line.entry.amount if line.entry.direction == EntryDirection.CONTRIBUTION else None,
                line.entry.amount if line.entry.direction == EntryDirection.SPENDING else None, line.balance]
               for i, line in enumerate(ledger.lines, start=1)]
    write_table(book.create_sheet(_("Sổ quỹ")), title=title,
                headers=[_("TT"), _("Ngày"), _("Thu, chi"), _("Hình thức"), _("Nguồn"), _("Nội dung"),
                         _("Người, đơn vị / công trình"), _("Ngày công"), _("Thu (đồng)"), _("Chi (đồng)"),
                         _("Số dư (đồng)")],
                rows=entries, widths=[5, 12, 16, 18, 20, 40, 24, 10, 14, 14, 14],
                totals=["", "", _("Cộng"), "", "", "", "", ledger.working_days, ledger.contributions, ledger.spending,
                        ledger.closing])
    return workbook_bytes(book)
