"""Every dashboard table as a workbook: the numbers of the page, as numbers, text never a formula.

Written through the portal's one workbook writer (ntm_portal.workbooks).
"""

from __future__ import annotations

from directory.models import AgencyKind
from ntm_portal.workbooks import Percent, new_workbook, workbook_bytes, write_table


def _book(title: str, headers: list[str], rows: list[list], widths: list[int], sheet: str = "Dữ liệu",
          totals: list | None = None) -> bytes:
    wb = new_workbook(title=title)
    write_table(wb.create_sheet(sheet), title=title, headers=headers, rows=rows, widths=widths, totals=totals)
    return workbook_bytes(wb)


def commune_table(board, rows) -> bytes:
    """Every table of the district dashboard: communes, the trend's numbers, villages under the threshold."""
    tasks = board.task_columns
    headers = ["Mã", "Xã, thị trấn", "Tình trạng báo cáo", "Thôn báo cáo", "Tổng số thôn", "Người dân tham gia",
               "Hộ tham gia", "Tổng số hộ", "Tỷ lệ hộ tham gia", "Cán bộ cơ quan đăng ký", "Cán bộ cơ quan có mặt",
               "Rác thải (kg)", "Rác thải (m³)"] + [f"{t.name} ({t.unit})" for t in tasks]
    data = []
    for row in rows:
        fig = row.figures
        data.append([fig.commune_code, fig.commune_name, fig.filing_label, fig.villages_reported, fig.villages_total,
                     fig.residents, fig.households, fig.households_total, Percent(fig.participation_rate),
                     fig.agency_staff_listed, fig.agency_staff_present, fig.waste_kg, fig.waste_m3]
                    + [fig.task_quantity(t.task_type_id) for t in tasks])
    title = f"Kết quả các xã ngày {board.action_day.date:%d/%m/%Y}"
    wb = new_workbook(title=title)
    write_table(wb.create_sheet("Các xã"), title=title, headers=headers, rows=data,
                widths=[8, 24, 16] + [12] * (len(headers) - 3))
    trend = [[p.day, Percent(p.participation_rate), Percent(p.presence_rate), Percent(p.on_time_rate),
              p.totals.residents, p.totals.households, p.totals.filed, p.totals.units] for p in board.trend]
    write_table(wb.create_sheet("Xu hướng"), title=f"Xu hướng {board.window} ngày ra quân",
                headers=["Ngày ra quân", "Tỷ lệ hộ tham gia", "Cán bộ có mặt / đăng ký", "Xã báo cáo đúng hạn",
                         "Người dân tham gia", "Hộ tham gia", "Xã đã báo cáo", "Tổng số xã"],
                rows=trend, widths=[14] + [16] * 7)
    low = [[v.village_name, v.commune_name, v.households, v.households_total, Percent(v.participation_rate)]
           for v in board.low_villages]
    write_table(wb.create_sheet("Thôn dưới ngưỡng"), title=f"Thôn có tỷ lệ hộ tham gia dưới {board.threshold}%",
                headers=["Thôn, tổ dân phố", "Xã, thị trấn", "Hộ tham gia", "Tổng số hộ", "Tỷ lệ hộ tham gia"],
                rows=low, widths=[24, 24, 12, 12, 12])
    return workbook_bytes(wb)


def village_table(commune, day, villages) -> bytes:
    headers = ["Thôn, tổ dân phố", "Đã báo cáo", "Người dân tham gia", "Hộ tham gia", "Tổng số hộ", "Tỷ lệ hộ tham gia",
               "Cán bộ xã", "Cán bộ cơ quan có mặt", "Rác thải (kg)", "Kiến nghị"]
    data = [[v.village_name, v.reported, v.residents, v.households, v.households_total, Percent(v.participation_rate),
             v.commune_staff, v.agency_staff_present, v.waste_kg, v.proposal_text] for v in villages]
    return _book(f"{commune.full_name} – ngày {day.date:%d/%m/%Y}", headers, data, [24, 12, 12, 12, 12, 12, 12, 14, 12, 40])


def village_history(village, rows) -> bytes:
    headers = ["Ngày ra quân", "Đã báo cáo", "Người dân tham gia", "Hộ tham gia", "Tổng số hộ", "Tỷ lệ hộ tham gia",
               "Cán bộ cơ quan có mặt", "Rác thải (kg)", "Phần việc", "Kiến nghị"]
    data = []
    for day, fig in rows:
        if fig is None:
            data.append([day.date, False] + [None] * 8)
            continue
        tasks = "; ".join(f"{t.name}: {t.quantity.normalize():f} {t.unit}" for t in fig.tasks.values())
        data.append([day.date, fig.reported, fig.residents, fig.households, fig.households_total,
                     Percent(fig.participation_rate), fig.agency_staff_present, fig.waste_kg, tasks, fig.proposal_text])
    return _book(f"{village.name} – lịch sử", headers, data, [14, 12, 12, 12, 12, 12, 14, 12, 50, 40])


def compliance_table(day, rows) -> bytes:
    headers = ["Cơ quan, đơn vị", "Loại", "Xã được phân công", "Đúng hạn", "Trễ hạn", "Chưa gửi", "Không cử người",
               "Số người đăng ký", "Số người có mặt", "Tỷ lệ có mặt", "Số tuần liên tiếp không tham gia",
               "Điểm tham gia 8 tuần"]
    data = []
    for r in rows:
        fig = r["fig"]
        data.append([fig.agency_name, str(AgencyKind(fig.kind).label), ", ".join(c.commune_name for c in fig.communes), fig.on_time, fig.late,
                     fig.missing, fig.sent_nobody, fig.listed, fig.present, Percent(r["presence_rate"]), fig.weeks_without,
                     Percent(r["score"], decimals=0)])
    return _book(f"Tình hình tham gia của cơ quan, đơn vị ngày {day.date:%d/%m/%Y}", headers, data,
                 [36, 18, 30, 10, 10, 10, 12, 12, 12, 12, 14, 14])
