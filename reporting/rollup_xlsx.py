"""The roll-up as an Excel workbook (openpyxl), rendered from the same data object as the PDF.

Numbers are stored as numbers; every sheet has a frozen header row, a filter, column widths and
an A4 print set-up. Text that Excel could take for a formula (starting with = + - @, a tab or a
carriage return) is written as a string cell with the quote prefix, so it can never run.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .figures import FilingStatus
from .rollup import WeeklyRollup

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=13)


def put(ws: Worksheet, row: int, column: int, value):
    """Write one cell: numbers as numbers, text always as text (never a formula)."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, bool):
        value = _("Có") if value else _("Không")
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float)):
        cell.value = value
        if isinstance(value, float):
            cell.number_format = "#,##0.0#"
        return cell
    if not isinstance(value, str) or hasattr(value, "isoformat"):
        cell.value = value
        return cell
    text = str(value)
    cell.value = text
    if text.startswith(FORMULA_START):
        cell.data_type = "s"  # openpyxl would have made it "f"
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _table(ws: Worksheet, *, title: str, headers: list[str], rows: list[list], widths: list[int],
           landscape: bool = True) -> None:
    put(ws, 1, 1, title).font = TITLE_FONT
    header_row = 3
    for col, name in enumerate(headers, start=1):
        cell = put(ws, header_row, col, name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r, values in enumerate(rows, start=header_row + 1):
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value)
    last_row = header_row + max(len(rows), 1)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{last_row}"
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True


def _summary(ws: Worksheet, r: WeeklyRollup) -> None:
    cu = r.cumulative
    cumulative = {
        _("Người dân tham gia"): cu.residents, _("Hộ tham gia"): cu.households,
        _("Cán bộ xã tham gia"): cu.commune_staff, _("Cán bộ cơ quan, đơn vị có mặt"): cu.agency_staff_present,
    }
    rows = []
    for change in r.changes:
        total = cumulative.get(change.label)
        if change.label == _("Rác thải thu gom"):
            total = cu.waste_kg if change.unit == "kg" else cu.waste_m3
        for col in r.task_columns:
            if change.label == col.name and change.unit == col.unit:
                total = cu.task_quantity(col.task_type_id)
        rows.append([change.label, change.unit, change.current, change.previous, change.delta, total])
    rows.append([_("Tỷ lệ hộ tham gia (%)"), "%", r.totals.participation_rate,
                 r.previous_totals.participation_rate if r.previous_totals else None, None, None])
    rows.append([_("Ngày ra quân đã tổ chức"), _("ngày"), None, None, None, cu.action_days])
    previous = r.previous_date.strftime("%d/%m/%Y") if r.previous_date else _("Tuần trước")
    _table(ws, title=f"{r.issuer_parent} – {r.subject}",
           headers=[_("Chỉ tiêu"), _("Đơn vị tính"), r.action_date.strftime("%d/%m/%Y"), previous, _("Tăng, giảm"),
                    _("Lũy kế từ khi phát động")],
           rows=rows, widths=[40, 12, 14, 14, 14, 22], landscape=False)


def _communes(ws: Worksheet, r: WeeklyRollup) -> None:
    headers = [_("TT"), _("Mã xã"), _("Xã, thị trấn"), _("Báo cáo"), _("Thôn báo cáo"), _("Tổng số thôn"),
               _("Người dân"), _("Hộ tham gia"), _("Tổng số hộ (thôn báo cáo)"), _("Tỷ lệ hộ (%)"), _("Cán bộ xã"),
               _("Cán bộ cơ quan được cử"), _("Cán bộ cơ quan có mặt"), _("Giáo viên"), _("Học sinh"),
               _("Rác thải (kg)"), _("Rác thải (m³)")]
    headers += [f"{c.name} ({c.unit})" for c in r.task_columns]
    rows = []
    for i, c in enumerate(r.communes, start=1):
        rows.append([i, c.commune_code, c.commune_name, c.filing_label, c.villages_reported, c.villages_total,
                     c.residents, c.households, c.households_total, c.participation_rate, c.commune_staff,
                     c.agency_staff_listed, c.agency_staff_present, c.teachers, c.students, c.waste_kg, c.waste_m3,
                     *[c.task_quantity(col.task_type_id) for col in r.task_columns]])
    t = r.totals
    rows.append([None, None, _("Tổng cộng"), f"{t.filed}/{t.units}", t.villages_reported, t.villages_total,
                 t.residents, t.households, t.households_total, t.participation_rate, t.commune_staff,
                 t.agency_staff_listed, t.agency_staff_present, t.teachers, t.students, t.waste_kg, t.waste_m3,
                 *[t.task_quantity(col.task_type_id) for col in r.task_columns]])
    _table(ws, title=_("Kết quả theo xã, thị trấn – ngày %(d)s") % {"d": r.action_date.strftime("%d/%m/%Y")},
           headers=headers, rows=rows, widths=[5, 8, 24, 14] + [11] * (len(headers) - 4))
    for cell in ws[ws.max_row]:
        cell.font = HEADER_FONT


def _villages(ws: Worksheet, r: WeeklyRollup) -> None:
    headers = [_("TT"), _("Xã, thị trấn"), _("Thôn, tổ dân phố"), _("Đã báo cáo"), _("Người dân"), _("Hộ tham gia"),
               _("Tổng số hộ"), _("Tỷ lệ hộ (%)"), _("Dưới ngưỡng"), _("Cán bộ xã"), _("Cán bộ cơ quan có mặt"),
               _("Giáo viên"), _("Học sinh"), _("Rác thải (kg)"), _("Rác thải (m³)")]
    headers += [f"{c.name} ({c.unit})" for c in r.task_columns] + [_("Nhận xét")]
    low = {v.village_id for v in r.low_villages}
    rows = []
    for i, v in enumerate(r.villages, start=1):
        rows.append([i, v.commune_name, v.village_name, v.reported,
                     *([v.residents, v.households, v.households_total, v.participation_rate, v.village_id in low,
                        v.commune_staff, v.agency_staff_present, v.teachers, v.students, v.waste_kg, v.waste_m3,
                        *[v.task_quantity(col.task_type_id) for col in r.task_columns]] if v.reported
                       else [None] * (11 + len(r.task_columns))),
                     v.remarks])
    _table(ws, title=_("Kết quả theo thôn, tổ dân phố – ngày %(d)s") % {"d": r.action_date.strftime("%d/%m/%Y")},
           headers=headers, rows=rows, widths=[5, 22, 22, 10] + [11] * (len(headers) - 5) + [40])


def _agencies(ws: Worksheet, r: WeeklyRollup) -> None:
    headers = [_("TT"), _("Cơ quan, đơn vị"), _("Xã được phân công"), _("Danh sách"), _("Số người được cử"),
               _("Số người có mặt"), _("Số tuần liên tiếp không tham gia")]
    rows, n = [], 0
    for a in r.agencies:
        for c in a.communes:
            n += 1
            rows.append([n, a.agency_name, c.commune_name, c.status_label, c.listed, c.present, a.weeks_without])
    _table(ws, title=_("Cơ quan, đơn vị cử cán bộ – ngày %(d)s") % {"d": r.action_date.strftime("%d/%m/%Y")},
           headers=headers, rows=rows, widths=[5, 40, 24, 16, 12, 12, 16])


def _proposals(ws: Worksheet, r: WeeklyRollup) -> None:
    headers = [_("TT"), _("Xã, thị trấn"), _("Thôn"), _("Nội dung kiến nghị"), _("Ngày gửi"), _("Mới trong tuần"),
               _("Trạng thái"), _("Cơ quan được giao"), _("Trả lời")]
    rows = [[i, p.commune_name, p.village_name, p.text, p.created_on, p.is_new, p.status_label, p.agency_name,
             p.answer] for i, p in enumerate(r.proposals, start=1)]
    _table(ws, title=_("Kiến nghị, đề xuất của cơ sở"), headers=headers, rows=rows,
           widths=[5, 22, 18, 60, 12, 10, 16, 30, 40])
    for row in ws.iter_rows(min_row=4, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"


def _details(ws: Worksheet, r: WeeklyRollup) -> None:
    """One row per village and figure: the data behind every other sheet, ready for a pivot table."""
    headers = [_("Ngày ra quân"), _("Xã, thị trấn"), _("Thôn, tổ dân phố"), _("Chỉ tiêu"), _("Đơn vị tính"),
               _("Giá trị")]
    fields = [(_("Người dân tham gia"), _("người"), "residents"), (_("Hộ tham gia"), _("hộ"), "households"),
              (_("Tổng số hộ"), _("hộ"), "households_total"), (_("Cán bộ xã"), _("người"), "commune_staff"),
              (_("Cán bộ cơ quan có mặt"), _("người"), "agency_staff_present"),
              (_("Giáo viên"), _("người"), "teachers"), (_("Học sinh"), _("người"), "students"),
              (_("Rác thải thu gom"), "kg", "waste_kg"), (_("Rác thải thu gom"), "m³", "waste_m3")]
    rows = []
    for v in r.villages:
        if not v.reported:
            continue
        for label, unit, attr in fields:
            rows.append([r.action_date, v.commune_name, v.village_name, label, unit, getattr(v, attr)])
        for task in v.tasks.values():
            rows.append([r.action_date, v.commune_name, v.village_name, task.name, task.unit, task.quantity])
    _table(ws, title=_("Dữ liệu chi tiết"), headers=headers, rows=rows, widths=[12, 22, 22, 36, 10, 12])
    for row in ws.iter_rows(min_row=4, min_col=1, max_col=1):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"


SHEETS = [
    ("Tổng hợp", _summary),
    ("Theo xã", _communes),
    ("Theo thôn", _villages),
    ("Cơ quan - đơn vị", _agencies),
    ("Kiến nghị", _proposals),
    ("Dữ liệu chi tiết", _details),
]


def rollup_xlsx(rollup: WeeklyRollup) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, fill in SHEETS:
        fill(workbook.create_sheet(title), rollup)
    workbook.properties.title = rollup.subject
    workbook.properties.creator = rollup.issuer_parent
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


__all__ = ["FilingStatus", "put", "rollup_xlsx"]
