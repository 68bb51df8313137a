"""Roster workbooks built in the tests (never files checked in)."""

import io

import openpyxl

HEADER = ["STT", "Họ và tên", "Chức vụ", "Số điện thoại", "Đảng viên", "Ghi chú"]


def xlsx(rows, header=HEADER, *, title_rows=(), edit=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in title_rows:
        ws.append(list(row))
    if header is not None:
        ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    if edit is not None:
        edit(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def people_rows(n: int, start: int = 1):
    return [[i, f"Nguyễn Văn Thử {i}", "Chuyên viên", f"09{i:08d}", "Có" if i % 2 else "Không", ""]
            for i in range(start, start + n)]
