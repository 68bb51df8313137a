"""Reading reference tables from CSV or XLSX with row-numbered, Vietnamese errors.

Used by the reference-data loaders (territory, criteria). A file is read whole and checked
whole before anything is written, so a bad file loads nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .text import fold


class TableError(Exception):
    """A file that cannot be loaded; `errors` lists every problem found, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclasses.dataclass
class Row:
    number: int  # the row number a person sees in Excel (header is row 1)
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


def read_table(path: str | Path, *, columns: dict[str, list[str]], required: list[str]) -> list[Row]:
    """Read a CSV (UTF-8) or XLSX file whose first row names the columns.

    `columns` maps our key to the header names accepted for it (compared without diacritics
    or case); the columns may come in any order. Raises TableError naming every problem.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header, body = _read_csv(path)
    elif suffix == ".xlsx":
        header, body = _read_xlsx(path)
    else:
        raise TableError([_("Tệp %(name)s: chỉ nhận tệp .csv (UTF-8) hoặc .xlsx.") % {"name": path.name}])

    accepted = {fold(alias): key for key, aliases in columns.items() for alias in [key, *aliases]}
    index: dict[str, int] = {}
    for position, title in enumerate(header):
        key = accepted.get(fold(str(title or "")))
        if key is not None and key not in index:
            index[key] = position
    missing = [columns[key][0] if columns[key] else key for key in required if key not in index]
    if missing:
        raise TableError([
            _("Tệp %(name)s thiếu cột: %(cols)s.") % {"name": path.name, "cols": ", ".join(missing)}
        ])
    rows = []
    for number, raw in body:
        values = {
            key: ("" if pos >= len(raw) or raw[pos] is None else str(raw[pos]).strip())
            for key, pos in index.items()
        }
        if any(values.values()):
            rows.append(Row(number=number, values=values))
    if not rows:
        raise TableError([_("Tệp %(name)s không có dòng dữ liệu nào.") % {"name": path.name}])
    return rows


def _read_csv(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TableError([_("Tệp %(name)s không phải văn bản UTF-8.") % {"name": path.name}]) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    return header, [(number, row) for number, row in enumerate(reader, start=2)]


def _read_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError([_("Tệp %(name)s không đọc được như một bảng tính Excel (.xlsx).") % {"name": path.name}]) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header = list(next(iterator, []) or [])
    body = [(number, list(row)) for number, row in enumerate(iterator, start=2)]
    workbook.close()
    return header, [(n, [_cell_text(v) for v in row]) for n, row in body]


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
