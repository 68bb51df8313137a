"""Bringing an office's archive into the library: a folder of files and a CSV of their metadata,
all or nothing. Every row is checked first (file there, readable, not already in the library,
date and kind valid); any error — named by its row — and nothing is saved."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import pathlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit
from ntm_portal.text import fold

from . import services
from .extraction import extract_text
from .metadata import read_header
from .models import DocumentKind, DocumentVersion, Visibility

# Column → the folded headers accepted for it.
COLUMNS = {
    "file": ("tep", "ten tep", "file"),
    "kind": ("loai", "loai van ban"),
    "number": ("so", "so ky hieu", "so, ky hieu"),
    "issued_on": ("ngay", "ngay ban hanh"),
    "issuing_body": ("co quan ban hanh", "co quan"),
    "signer": ("nguoi ky",),
    "subject": ("trich yeu",),
    "visibility": ("ai duoc xem", "pham vi"),
    "visible_to": ("don vi duoc xem",),
    "communes": ("xa lien quan", "xa"),
    "text": ("noi dung chu", "tep noi dung chu"),
}
KINDS = {fold(str(label)): value for value, label in DocumentKind.choices if value}
KINDS.update({fold(value): value for value in DocumentKind.values if value})
VISIBILITY = {"cong khai": Visibility.PUBLIC, "moi nguoi": Visibility.PUBLIC, "": Visibility.PUBLIC,
              "don vi": Visibility.UNITS, "han che": Visibility.UNITS}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _header_map(header: list[str]) -> dict[str, int]:
    found = {}
    for index, name in enumerate(header):
        key = fold(name).strip(" *:")
        for column, names in COLUMNS.items():
            if key in names:
                found[column] = index
    return found


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _units(codes: str, row: int, label: str, errors: list[str]) -> list[AdministrativeUnit]:
    wanted = [code.strip() for code in codes.replace(",", ";").split(";") if code.strip()]
    units = {unit.code: unit for unit in AdministrativeUnit.objects.filter(code__in=wanted)}
    for code in wanted:
        if code not in units:
            errors.append(_("Dòng %(row)d: %(label)s: không có đơn vị mã “%(code)s”.")
                          % {"row": row, "label": label, "code": code})
    return [units[c] for c in wanted if c in units]


def read_rows(folder: pathlib.Path, csv_bytes: bytes, owner) -> list[dict]:
    """Every row checked and prepared; ImportFailed with all the errors, row-numbered, otherwise."""
    try:
        content = csv_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([_("Tệp CSV phải lưu dạng UTF-8.")]) from None
    dialect = csv.Sniffer().sniff(content[:2000], delimiters=",;\t") if content.strip() else csv.excel
    rows = list(csv.reader(io.StringIO(content), dialect))
    if not rows:
        raise ImportFailed([_("Tệp CSV trống.")])
    columns = _header_map(rows[0])
    if "file" not in columns and "text" not in columns:
        raise ImportFailed([_("Dòng 1: thiếu cột “Tệp” (tên tệp trong thư mục).")])
    errors, prepared, seen = [], [], {}
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {column: (row[index].strip() if index < len(row) else "") for column, index in columns.items()}
        before = len(errors)
        data, text = None, ""
        if cell.get("file"):
            path = (folder / cell["file"]).resolve()
            if folder.resolve() not in path.parents or not path.is_file():
                errors.append(_("Dòng %(row)d: không thấy tệp “%(name)s” trong thư mục.")
                              % {"row": row_number, "name": cell["file"]})
            else:
                data = path.read_bytes()
        if cell.get("text"):
            text_path = (folder / cell["text"]).resolve()
            if folder.resolve() not in text_path.parents or not text_path.is_file():
                errors.append(_("Dòng %(row)d: không thấy tệp nội dung chữ “%(name)s”.")
                              % {"row": row_number, "name": cell["text"]})
            else:
                text = text_path.read_text(encoding="utf-8", errors="replace")
        if data is None and not text and len(errors) == before:
            errors.append(_("Dòng %(row)d: cần tên tệp hoặc tệp nội dung chữ.") % {"row": row_number})
        extracted = text
        if data is not None:
            try:
                extracted, _source, _type = extract_text(data, pasted=text)
            except ValidationError as error:
                errors.append(_("Dòng %(row)d: %(error)s") % {"row": row_number, "error": error.messages[0]})
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                errors.append(_("Dòng %(row)d: trùng tệp với dòng %(other)d.") % {"row": row_number,
                                                                                    "other": seen[digest]})
            seen[digest] = row_number
            if DocumentVersion.objects.filter(document__owner=owner, sha256=digest).exists():
                errors.append(_("Dòng %(row)d: tệp “%(name)s” đã có trong thư viện.")
                              % {"row": row_number, "name": cell["file"]})
        header = read_header(extracted)  # blank cells take what the document's own header says
        kind = cell.get("kind", "")
        if kind and fold(kind) not in KINDS:
            errors.append(_("Dòng %(row)d: loại văn bản “%(kind)s” không hợp lệ.") % {"row": row_number, "kind": kind})
        try:
            issued_on = _date(cell.get("issued_on", "")) or header.issued_on
        except ValueError:
            errors.append(_("Dòng %(row)d: ngày ban hành “%(value)s” không đúng dạng dd/mm/yyyy.")
                          % {"row": row_number, "value": cell["issued_on"]})
            issued_on = None
        visibility = VISIBILITY.get(fold(cell.get("visibility", "")))
        if visibility is None:
            errors.append(_("Dòng %(row)d: “Ai được xem” phải là “công khai” hoặc “đơn vị”.") % {"row": row_number})
        subject = cell.get("subject") or header.subject
        if not subject and (data is not None or text):
            errors.append(_("Dòng %(row)d: thiếu trích yếu (không đọc được từ văn bản).") % {"row": row_number})
        visible_to = _units(cell.get("visible_to", ""), row_number, _("Đơn vị được xem"), errors)
        communes = _units(cell.get("communes", ""), row_number, _("Xã liên quan"), errors)
        if len(errors) == before:
            prepared.append({
                "row": row_number, "data": data, "name": cell.get("file") or "", "text": text,
                "kind": KINDS.get(fold(kind), "") if kind else header.kind, "number": cell.get("number") or header.number,
                "issued_on": issued_on, "issuing_body": cell.get("issuing_body") or header.issuing_body,
                "signer": cell.get("signer") or header.signer, "subject": subject, "visibility": visibility,
                "visible_to": visible_to, "communes": communes})
    if errors:
        raise ImportFailed(errors)
    return prepared


def import_folder(*, folder: pathlib.Path, csv_bytes: bytes, owner, user, is_demo: bool = False) -> list:
    """Check every row, then save them all in one transaction; ImportFailed and nothing saved otherwise."""
    prepared = read_rows(folder, csv_bytes, owner)
    documents = []
    with transaction.atomic():
        for row in prepared:
            file = ContentFile(row["data"], name=pathlib.Path(row["name"]).name) if row["data"] is not None else None
            try:
                documents.append(services.create_document(
                    owner, user, kind=row["kind"], number=row["number"], issued_on=row["issued_on"],
                    issuing_body=row["issuing_body"], signer=row["signer"], subject=row["subject"], file=file,
                    text=row["text"], visibility=row["visibility"], visible_to=row["visible_to"],
                    communes=row["communes"], is_demo=is_demo, note=_("Nhập từ kho lưu trữ")))
            except ValidationError as error:
                transaction.set_rollback(True)
                raise ImportFailed([_("Dòng %(row)d: %(error)s") % {"row": row["row"], "error": "; ".join(error.messages)}]) from error
    return documents
