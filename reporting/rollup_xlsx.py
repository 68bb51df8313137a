"""The roll-up as an Excel workbook, rendered from the same data object as the PDF.

Written through the portal's one workbook writer (ntm_portal.workbooks): numbers stay numbers,
rates are percentages, text can never run as a formula, every sheet prints on A4 one page wide.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from ntm_portal.workbooks import Percent, new_workbook, put, workbook_bytes, write_table

from .figures import FilingStatus
from .rollup import WeeklyRollup


def _table(ws: Worksheet, *, title: str, headers: list[str], rows: list[list], widths: list[int],
           landscape: bool = True, totals: list | None = None) -> None:
    write_table(ws, title=title, headers=headers, rows=rows, widths=widths, landscape=landscape, totals=totals)


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
    rows.append([_("Tỷ lệ hộ tham gia"), "%", Percent(r.totals.participation_rate),
                 Percent(r.previous_totals.participation_rate if r.previous_totals else None), None, None])
    rows.append([_("Ngày ra quân đã tổ chức"), _("ngày"), None, None, None, cu.action_days])
    previous = r.previous_date.strftime("%d/%m/%Y") if r.previous_date else _("Tuần trước")
    _table(ws, title=f"{r.issuer_parent} – {r.subject}",
           headers=[_("Chỉ tiêu"), _("Đơn vị tính"), r.action_date.strftime("%d/%m/%Y"), previous, _("Tăng, giảm"),
                    _("Lũy kế từ khi phát động")],
           rows=rows, widths=[40, 12, 14, 14, 14, 22], landscape=False)


def _communes(ws: Worksheet, r: WeeklyRollup) -> None:
    headers = [_("TT"), _("Mã xã"), _("Xã, thị trấn"), _("Báo cáo"), _("Thôn báo cáo"), _("Tổng số thôn"),
               _("Người dân"), _("Hộ tham gia"), _("Tổng số hộ (thôn báo cáo)"), _("Tỷ lệ hộ tham gia"), _("Cán bộ xã"),
               _("Cán bộ cơ quan được cử"), _("Cán bộ cơ quan có mặt"), _("Giáo viên"), _("Học sinh"),
               _("Rác thải (kg)"), _("Rác thải (m³)")]
    headers += [f"{c.name} ({c.unit})" for c in r.task_columns]
    rows = []
    for i, c in enumerate(r.communes, start=1):
        rows.append([i, c.commune_code, c.commune_name, c.filing_label, c.villages_reported, c.villages_total,
                     c.residents, c.households, c.households_total, Percent(c.participation_rate), c.commune_staff,
                     c.agency_staff_listed, c.agency_staff_present, c.teachers, c.students, c.waste_kg, c.waste_m3,
                     *[c.task_quantity(col.task_type_id) for col in r.task_columns]])
    t = r.totals
    totals = [None, None, _("Tổng cộng"), f"{t.filed}/{t.units}", t.villages_reported, t.villages_total,
              t.residents, t.households, t.households_total, Percent(t.participation_rate), t.commune_staff,
              t.agency_staff_listed, t.agency_staff_present, t.teachers, t.students, t.waste_kg, t.waste_m3,
              *[t.task_quantity(col.task_type_id) for col in r.task_columns]]
    _table(ws, title=_("Kết quả theo xã, thị trấn – ngày %(d)s") % {"d": r.action_date.strftime("%d/%m/%Y")},
           headers=headers, rows=rows, widths=[5, 8, 24, 14] + [11] * (len(headers) - 4), totals=totals)


def _villages(ws: Worksheet, r: WeeklyRollup) -> None:
    headers = [_("TT"), _("Xã, thị trấn"), _("Thôn, tổ dân phố"), _("Đã báo cáo"), _("Người dân"), _("Hộ tham gia"),
               _("Tổng số hộ"), _("Tỷ lệ hộ tham gia"), _("Dưới ngưỡng"), _("Cán bộ xã"), _("Cán bộ cơ quan có mặt"),
               _("Giáo viên"), _("Học sinh"), _("Rác thải (kg)"), _("Rác thải (m³)")]
    headers += [f"{c.name} ({c.unit})" for c in r.task_columns] + [_("Nhận xét")]
    low = {v.village_id for v in r.low_villages}
    rows = []
    for i, v in enumerate(r.villages, start=1):
        rows.append([i, v.commune_name, v.village_name, v.reported,
                     *([v.residents, v.households, v.households_total, Percent(v.participation_rate), v.village_id in low,
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


def _funds(ws: Worksheet, r: WeeklyRollup) -> None:
    """Village funds ("nguồn lực xã hội hóa") per commune: the month and the year up to the action day."""
    headers = [_("TT"), _("Xã, thị trấn"), _("Huy động trong tháng (đồng)"), _("Chi trong tháng (đồng)"),
               _("Huy động từ đầu năm (đồng)"), _("Chi từ đầu năm (đồng)"), _("Ngày công từ đầu năm")]
    rows = [[i, f.commune_name, f.month_contributions, f.month_spending, f.year_contributions, f.year_spending,
             f.year_working_days] for i, f in enumerate(r.funds, start=1)]
    t = r.funds_total
    _table(ws, title=_("Nguồn lực xã hội hóa (quỹ thôn, tổ dân phố) – tháng %(m)s") % {
        "m": r.action_date.strftime("%m/%Y")}, headers=headers, rows=rows, widths=[5, 24, 18, 18, 18, 18, 14],
           totals=[None, _("Tổng cộng"), t.month_contributions, t.month_spending, t.year_contributions,
                   t.year_spending, t.year_working_days])


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


SHEETS = [
    ("Tổng hợp", _summary),
    ("Theo xã", _communes),
    ("Theo thôn", _villages),
    ("Cơ quan - đơn vị", _agencies),
    ("Kiến nghị", _proposals),
    ("Quỹ thôn", _funds),
    ("Dữ liệu chi tiết", _details),
]


def rollup_xlsx(rollup: WeeklyRollup) -> bytes:
    workbook = new_workbook(title=rollup.subject, creator=rollup.issuer_parent)
    for title, fill in SHEETS:
        fill(workbook.create_sheet(title), rollup)
    return workbook_bytes(workbook)


__all__ = ["FilingStatus", "put", "rollup_xlsx"]
