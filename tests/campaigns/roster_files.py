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


def zip_bomb(inflated_mb: int = 300) -> bytes:
    """A valid small workbook whose sheet inflates to about `inflated_mb` MB of rows (a few hundred KB on disk)."""
    import zipfile

    base = xlsx(people_rows(2))
    row = '<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>Nguyễn Văn Thử</t></is></c></row>'
    # 100 rows, then blanks between elements: deflate packs it about 700 to 1.
    chunk = "".join(row.format(r=r) for r in range(3, 103)) + " " * 200_000
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item.filename))
                continue
            head, _sep, tail = src.read(item.filename).decode().partition("</sheetData>")
            with dst.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(head.encode())
                written = len(head)
                while written < inflated_mb * 1024 * 1024:
                    sheet.write(chunk.encode())  # row numbers repeat: openpyxl still reads every one
                    written += len(chunk.encode())
                sheet.write(("</sheetData>" + tail).encode())
    return out.getvalue()


def stray_last_column(n: int = 300) -> bytes:
    """A good roster with one stray value in the sheet's last column (XFD)."""

    def edit(ws):
        ws.cell(row=ws.max_row, column=16384, value="x")

    return xlsx(people_rows(n), edit=edit)
