"""Every dashboard table as a workbook: the numbers of the page, as numbers, text never a formula.

Written through the portal's one workbook writer (ntm_portal.workbooks).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from directory.models import AgencyKind
from ntm_portal.workbooks import Percent, new_workbook, workbook_bytes, write_table


def _book(title: str, headers: list[str], rows: list[list], widths: list[int], sheet: str | None = None,
          totals: list | None = None) -> bytes:
    wb = new_workbook(title=title)
    write_table(wb.create_sheet(sheet or _("Dữ liệu")), title=title, headers=headers, rows=rows, widths=widths, totals=totals)
    return workbook_bytes(wb)


def commune_table(board, rows) -> bytes:
    """Every table of the district dashboard: communes, the trend's numbers, villages under the threshold."""
    tasks = board.task_columns
    headers = [_("Mã"), _("Xã, thị trấn"), _("Tình trạng báo cáo"), _("Thôn báo cáo"), _("Tổng số thôn"), _("Người dân tham gia"),
               _("Hộ tham gia"), _("Tổng số hộ"), _("Tỷ lệ hộ tham gia"), _("Cán bộ cơ quan đăng ký"), _("Cán bộ cơ quan có mặt"),
               _("Rác thải (kg)"), _("Rác thải (m³)")] + [f"{t.name} ({t.unit})" for t in tasks]
    data = []
    for row in rows:
        fig = row.figures
        data.append([fig.commune_code, fig.commune_name, fig.filing_label, fig.villages_reported, fig.villages_total,
                     fig.residents, fig.households, fig.households_total, Percent(fig.participation_rate),
                     fig.agency_staff_listed, fig.agency_staff_present, fig.waste_kg, fig.waste_m3]
                    + [fig.task_quantity(t.task_type_id) for t in tasks])
    t = board.totals
    totals = [None, _("Tổng cộng"), f"{t.filed}/{t.units}", t.villages_reported, t.villages_total, t.residents,
              t.households, t.households_total, Percent(t.participation_rate), t.agency_staff_listed,
              t.agency_staff_present, t.waste_kg, t.waste_m3] + [t.task_quantity(c.task_type_id) for c in tasks]
    title = _("Kết quả các xã ngày %(d)s") % {"d": f"{board.action_day.date:%d/%m/%Y}"}
    wb = new_workbook(title=title)
    write_table(wb.create_sheet(_("Các xã")), title=title, headers=headers, rows=data,
                widths=[8, 24, 16] + [12] * (len(headers) - 3), totals=totals)
    trend = [[p.day, Percent(p.participation_rate), Percent(p.presence_rate), Percent(p.on_time_rate),
              p.totals.residents, p.totals.households, p.totals.filed, p.totals.units] for p in board.trend]
    write_table(wb.create_sheet(_("Xu hướng")), title=_("Xu hướng %(n)s ngày ra quân") % {"n": board.window},
                headers=[_("Ngày ra quân"), _("Tỷ lệ hộ tham gia"), _("Cán bộ có mặt / đăng ký"), _("Xã báo cáo đúng hạn"),
                         _("Người dân tham gia"), _("Hộ tham gia"), _("Xã đã báo cáo"), _("Tổng số xã")],
                rows=trend, widths=[14] + [16] * 7)
    low = [[v.village_name, v.commune_name, v.households, v.households_total, Percent(v.participation_rate)]
           for v in board.low_villages]
    write_table(wb.create_sheet(_("Thôn dưới ngưỡng")), title=_("Thôn có tỷ lệ hộ tham gia dưới %(t)s%%") % {"t": board.threshold},
                headers=[_("Thôn, tổ dân phố"), _("Xã, thị trấn"), _("Hộ tham gia"), _("Tổng số hộ"), _("Tỷ lệ hộ tham gia")],
                rows=low, widths=[24, 24, 12, 12, 12])
    return workbook_bytes(wb)


def village_table(commune, day, villages) -> bytes:
    headers = [_("Thôn, tổ dân phố"), _("Đã báo cáo"), _("Người dân tham gia"), _("Hộ tham gia"), _("Tổng số hộ"), _("Tỷ lệ hộ tham gia"),
               _("Cán bộ xã"), _("Cán bộ cơ quan có mặt"), _("Rác thải (kg)"), _("Kiến nghị")]
    data = [[v.village_name, v.reported, v.residents, v.households, v.households_total, Percent(v.participation_rate),
             v.commune_staff, v.agency_staff_present, v.waste_kg, v.proposal_text] for v in villages]
    return _book(_("%(commune)s – ngày %(d)s") % {"commune": commune.full_name, "d": f"{day.date:%d/%m/%Y}"}, headers, data, [24, 12, 12, 12, 12, 12, 12, 14, 12, 40])


def village_history(village, rows) -> bytes:
    headers = [_("Ngày ra quân"), _("Đã báo cáo"), _("Người dân tham gia"), _("Hộ tham gia"), _("Tổng số hộ"), _("Tỷ lệ hộ tham gia"),
               _("Cán bộ cơ quan có mặt"), _("Rác thải (kg)"), _("Phần việc"), _("Kiến nghị")]
    data = []
    for day, fig in rows:
        if fig is None:
            data.append([day.date, False] + [None] * 8)
            continue
        tasks = "; ".join(f"{t.name}: {t.quantity.normalize():f} {t.unit}" for t in fig.tasks.values())
        data.append([day.date, fig.reported, fig.residents, fig.households, fig.households_total,
                     Percent(fig.participation_rate), fig.agency_staff_present, fig.waste_kg, tasks, fig.proposal_text])
    return _book(_("%(village)s – lịch sử") % {"village": village.name}, headers, data, [14, 12, 12, 12, 12, 12, 14, 12, 50, 40])


def compliance_table(day, rows) -> bytes:
    headers = [_("Cơ quan, đơn vị"), _("Loại"), _("Xã được phân công"), _("Đúng hạn"), _("Trễ hạn"), _("Chưa gửi"), _("Không cử người"),
               _("Số người đăng ký"), _("Số người có mặt"), _("Tỷ lệ có mặt"), _("Số tuần liên tiếp không tham gia"),
               _("Điểm tham gia 8 tuần")]
    data = []
    for r in rows:
        fig = r["fig"]
        data.append([fig.agency_name, str(AgencyKind(fig.kind).label), ", ".join(c.commune_name for c in fig.communes), fig.on_time, fig.late,
                     fig.missing, fig.sent_nobody, fig.listed, fig.present, Percent(r["presence_rate"]), fig.weeks_without,
                     Percent(r["score"], decimals=0)])
    return _book(_("Tình hình tham gia của cơ quan, đơn vị ngày %(d)s") % {"d": f"{day.date:%d/%m/%Y}"}, headers, data,
                 [36, 18, 30, 10, 10, 10, 12, 12, 12, 12, 14, 14])
