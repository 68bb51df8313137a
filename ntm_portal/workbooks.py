"""The one workbook writer: every .xlsx the portal hands out is written through this module.

What it guarantees, whatever the caller writes:
- a cell is never a live formula: text starting with = + - @, a tab or a carriage return is stored
  as text with Excel's quote prefix (numbers, negative ones included, stay numbers);
- numbers are numbers with Vietnamese-style formats (`#,##0`, `#,##0.0`), percentages are
  fractions shown as `30%` / `30,0%`, dates `dd/mm/yyyy`;
- every sheet prints on A4, one page wide (LibreOffice needs `fitToPage` besides `fitToWidth`),
  with the header rows repeated on each page, a header tall enough for its wrapped text and
  "Trang x/y" in the footer;
- a download is never kept by a browser or proxy cache (`private, no-store`): most workbooks
  name people.

Views never import openpyxl: they build rows and call `write_table` / `xlsx_response`.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FORMAT_INTEGER = "#,##0"
FORMAT_DECIMAL = "#,##0.0"
FORMAT_DECIMAL_2 = "#,##0.00"
FORMAT_PERCENT = "0%"
FORMAT_PERCENT_1 = "0.0%"
FORMAT_DATE = "dd/mm/yyyy"
FORMAT_DATETIME = "dd/mm/yyyy hh:mm"
FORMAT_TEXT = "@"
NUMBER_FORMATS = {FORMAT_INTEGER, FORMAT_DECIMAL, FORMAT_DECIMAL_2, FORMAT_PERCENT, FORMAT_PERCENT_1,
                  FORMAT_DATE, FORMAT_DATETIME}

FONT_NAME = "Times New Roman"
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=13)
BOLD = Font(name=FONT_NAME, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
FOOTER = "Trang &P/&N"
LINE_HEIGHT = 15  # points per line of 11 pt text


@dataclasses.dataclass(frozen=True)
class Percent:
    """A rate given in percent (30.0 means 30 %); written as the fraction 0.3 with a % format."""

    value: Decimal | float | int | None
    decimals: int = 1


def safe_text(text: str) -> tuple[str, bool]:
    """(text, needs the quote prefix): text that a spreadsheet could take for a formula is flagged."""
    return text, text.startswith(FORMULA_START)


def put(ws: Worksheet, row: int, column: int, value, *, number_format: str | None = None) -> Cell:
    """Write one cell: numbers as numbers, text always as text (never a formula)."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, Percent):
        if value.value is None:
            return cell
        cell.value = float(Decimal(str(value.value)) / 100)
        cell.number_format = FORMAT_PERCENT_1 if value.decimals else FORMAT_PERCENT
        return cell
    if isinstance(value, bool):
        value = _("Có") if value else _("Không")
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value
    if isinstance(value, int):
        cell.value = value
        cell.number_format = number_format or FORMAT_INTEGER
        return cell
    if isinstance(value, (float, Decimal)):
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        cell.value = float(value)
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        cell.number_format = number_format or (FORMAT_DECIMAL if places <= 1 else FORMAT_DECIMAL_2)
        return cell
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        cell.value = value
        cell.number_format = number_format or FORMAT_DATETIME
        return cell
    if isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = number_format or FORMAT_DATE
        return cell
    text, quoted = safe_text(str(value))
    cell.value = text
    if quoted or cell.data_type == "f":
        cell.data_type = "s"  # openpyxl would have made it a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if number_format:
        cell.number_format = number_format
    return cell


def new_workbook(*, title: str = "", creator: str = "") -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title or None
    workbook.properties.creator = creator or _("Cổng thông tin Nông thôn mới")
    return workbook


def page_setup(ws: Worksheet, *, header_rows: tuple[int, int] | None, landscape: bool = True) -> None:
    """A4, one page wide (as tall as needed), header rows on every page, "Trang x/y" below."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # without it LibreOffice ignores fitToWidth
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.oddFooter.center.text = FOOTER
    ws.evenFooter.center.text = FOOTER


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    """Row height (points) that shows every wrapped header whole."""
    lines = 1
    for text, width in zip(headers, widths, strict=False):
        per_line = max(int(width) - 1, 1)
        lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in str(text).split("\n")))
    return LINE_HEIGHT * lines + 4


def write_table(ws: Worksheet, *, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                widths: Sequence[float], subtitle: Sequence[str] = (), totals: Sequence | None = None,
                landscape: bool = True, number_formats: dict[int, str] | None = None,
                autofilter: bool = True) -> int:
    """Title, optional subtitle lines, one header row, the rows, an optional bold totals row.

    Returns the header row number. `number_formats` maps a column (1-based) to a format that
    overrides the one chosen from the value (e.g. FORMAT_TEXT for codes).
    """
    put(ws, 1, 1, title).font = TITLE_FONT
    for offset, line in enumerate(subtitle, start=2):
        put(ws, offset, 1, line)
    header_row = len(subtitle) + 3
    for col, name in enumerate(headers, start=1):
        cell = put(ws, header_row, col, name)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, HEADER_ALIGNMENT
    widths = list(widths) + [12] * max(0, len(headers) - len(widths))
    ws.row_dimensions[header_row].height = header_height(headers, widths)
    formats = number_formats or {}
    r = header_row
    for values in rows:
        r += 1
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value, number_format=formats.get(col))
    if totals is not None:
        r += 1
        for col, value in enumerate(totals, start=1):
            put(ws, r, col, value, number_format=formats.get(col)).font = BOLD
    for col, width in enumerate(widths[: len(headers)], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if autofilter and headers:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{max(r, header_row + 1)}"
    page_setup(ws, header_rows=(header_row, header_row), landscape=landscape)
    return header_row


def workbook_bytes(workbook: Workbook) -> bytes:
    for ws in workbook.worksheets:
        if ws.page_setup.paperSize is None:  # a sheet written by hand still prints on A4
            page_setup(ws, header_rows=None)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def no_store(response: HttpResponse) -> HttpResponse:
    """A download that names people: never kept by the browser or a proxy."""
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def download_response(content: bytes, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return no_store(response)


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    return download_response(content, filename=filename, content_type=XLSX_CONTENT_TYPE)
