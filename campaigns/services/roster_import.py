"""Excel rosters: the pre-filled template, and the upload that checks every row before saving any.

An upload is read whole and checked whole; a file with any problem saves nothing, and every
problem is named by row and column in Vietnamese. A good file is previewed, then saved as one
roster through `roster_save` — the same path as ticking people from the staff list.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import re
import zipfile

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation

from directory.models import Agency, Person
from directory.services import normalise_phone
from ntm_portal.audit import audit_record
from ntm_portal.text import fold, legacy_vietnamese_font, normalise_name
from ntm_portal.workbooks import (
    BOLD,
    FORMAT_TEXT,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    TITLE_FONT,
    header_height,
    new_workbook,
    page_setup,
    put,
    workbook_bytes,
)

from ..models import ActionDay, Roster, RosterEntry
from .rosters import EntryLine, check_can_send, conflicts_for, roster_save

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 15
# A roster of MAX_ROWS people unpacks to about 1 MB: anything past these bounds is not a roster.
MAX_INFLATED_BYTES = 8 * 1024 * 1024
MAX_ZIP_PARTS = 200
MAX_COLUMNS = 30  # columns read; a stray value far to the right is never reached
MAX_ERRORS = 200  # a hopeless file stops being checked after this many problems

# key → (label shown to people, accepted header spellings compared folded)
COLUMNS: dict[str, tuple[str, list[str]]] = {
    "full_name": ("Họ và tên", ["Họ và tên", "Họ tên", "Tên"]),
    "position": ("Chức vụ", ["Chức vụ", "Chức danh"]),
    "phone": ("Số điện thoại", ["Số điện thoại", "Điện thoại", "SĐT", "SDT"]),
    "is_party_member": ("Đảng viên", ["Đảng viên"]),
    "note": ("Ghi chú", ["Ghi chú"]),
}


def _db_max_length(key: str) -> int:
    """What the database holds for a text column: the roster entry and the staff list it may join."""
    lengths = [RosterEntry._meta.get_field(key).max_length]
    person_fields = {f.name: f for f in Person._meta.concrete_fields}
    if key in person_fields and person_fields[key].max_length:
        lengths.append(person_fields[key].max_length)
    return min(lengths)


FIELD_MAX_LENGTH = {key: _db_max_length(key) for key in ("full_name", "position", "note")}
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu"}
YES = {"x", "co", "1", "true", "dang vien", "dv", "yes"}
NO = {"", "khong", "0", "false", "no"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclasses.dataclass
class ImportRow:
    number: int  # the row number the person sees in Excel
    full_name: str
    position: str = ""
    phone: str = ""
    is_party_member: bool = False
    note: str = ""
    person_id: int | None = None  # matched staff member; None = joins the staff list on save

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class ImportResult:
    rows: list[ImportRow]
    errors: list[str]
    digest: str

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new_people(self) -> int:
        return sum(1 for r in self.rows if r.person_id is None)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the template -----------------------------------------------------------------------------

def roster_template_build(*, agency: Agency, commune, action_day: ActionDay, people: list[Person],
                          show_personal: bool = True) -> bytes:
    """The workbook the agency fills in: agency, commune, date, the staff list, drop-downs.

    Phones and party membership are pre-filled only for a reader who may see them
    (ntm_portal.access.can_view_personal_data); every cell goes through the one workbook writer.
    """
    wb = new_workbook(title=_("Danh sách cán bộ tham gia ngày ra quân"), creator=agency.name)
    ws = wb.create_sheet("Danh sách")
    put(ws, 1, 1, _("DANH SÁCH CÁN BỘ THAM GIA NGÀY RA QUÂN")).font = TITLE_FONT
    put(ws, 2, 1, _("Cơ quan, đơn vị:"))
    put(ws, 2, 2, agency.name)
    put(ws, 3, 1, _("Gửi về:"))
    put(ws, 3, 2, str(commune))
    put(ws, 4, 1, _("Ngày ra quân:"))
    put(ws, 4, 2, f"{action_day.date:%d/%m/%Y}")
    put(ws, 5, 1, _("Hạn gửi: %(deadline)s. Xóa dòng của người không tham gia; thêm người mới ở cuối danh sách.")
        % {"deadline": timezone.localtime(action_day.roster_deadline).strftime("%H:%M %d/%m/%Y")})
    header_row = 7
    headers = [_("STT")] + [label for label, _aliases in COLUMNS.values()]
    widths = (6, 30, 24, 16, 11, 30)
    for col, title in enumerate(headers, start=1):
        cell = put(ws, header_row, col, title)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, HEADER_ALIGNMENT
    ws.row_dimensions[header_row].height = header_height(headers, widths)
    for i, person in enumerate(people, start=1):
        r = header_row + i
        put(ws, r, 1, i)
        put(ws, r, 2, person.full_name)
        put(ws, r, 3, person.position)
        put(ws, r, 4, person.phone if show_personal else None, number_format=FORMAT_TEXT)
        if show_personal:
            put(ws, r, 5, _("Có") if person.is_party_member else _("Không"))
    last = header_row + max(len(people), 0) + 200
    for r in range(header_row + len(people) + 1, last + 1):
        ws.cell(row=r, column=4).number_format = FORMAT_TEXT  # keep the leading 0 of phone numbers
    for col, width in zip("ABCDEF", widths, strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    page_setup(ws, header_rows=(header_row, header_row), landscape=False)

    # Drop-downs: party member yes/no; the name column offers the staff list but accepts new names.
    staff = wb.create_sheet("Cán bộ")
    for i, person in enumerate(people, start=1):
        put(staff, i, 1, person.full_name)
    page_setup(staff, header_rows=None, landscape=False)
    staff.sheet_state = "hidden"
    first, end = header_row + 1, last
    party = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True,
                           errorTitle=_("Đảng viên"), error=_("Chọn Có hoặc Không."))
    party.add(f"E{first}:E{end}")
    ws.add_data_validation(party)
    if people:
        names = DataValidation(type="list", formula1=f"'Cán bộ'!$A$1:$A${len(people)}", allow_blank=True,
                               showErrorMessage=False, promptTitle=_("Họ và tên"),
                               prompt=_("Chọn trong danh sách cán bộ hoặc gõ tên người mới."))
        names.add(f"B{first}:B{end}")
        ws.add_data_validation(names)
    phone = DataValidation(type="textLength", operator="between", formula1="9", formula2="15", allow_blank=True,
                           errorTitle=_("Số điện thoại"), error=_("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0."))
    phone.add(f"D{first}:D{end}")
    ws.add_data_validation(phone)
    return workbook_bytes(wb)


# --- reading an upload --------------------------------------------------------------------------

def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_name(str(value))


def _check_archive(data: bytes) -> None:
    """Refuse a workbook by its zip directory, before anything is inflated: too many parts, or more
    than MAX_INFLATED_BYTES once unpacked (a "zip bomb"). zipfile stops at the declared size of each
    part and checks its CRC, so a directory that lies makes the file unreadable, not bigger."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(_("Tệp Excel bị hỏng, không đọc được (BadZipFile). Hãy lưu lại tệp rồi tải lên lại.")) from None
    if len(parts) > MAX_ZIP_PARTS:
        raise ValidationError(_("Tệp Excel có %(n)s thành phần, quá nhiều so với một danh sách (tối đa %(max)s).")
                              % {"n": len(parts), "max": MAX_ZIP_PARTS})
    inflated = sum(part.file_size for part in parts)
    if inflated > MAX_INFLATED_BYTES:
        raise ValidationError(
            _("Tệp Excel khi giải nén chiếm %(size)s MB, vượt quá giới hạn %(max)s MB của một danh sách. "
              "Hãy chép riêng bảng danh sách sang một tệp mới rồi tải lên lại.")
            % {"size": inflated // (1024 * 1024), "max": MAX_INFLATED_BYTES // (1024 * 1024)})


def _open_workbook(data: bytes, filename: str):
    """The workbook (read-only, streamed), or ValidationError saying plainly what kind of file this is."""
    name = (filename or "").lower()
    if len(data) > MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn (%(size)s KB): tối đa %(max)s KB.")
                              % {"size": len(data) // 1024, "max": MAX_BYTES // 1024})
    if not data:
        raise ValidationError(_("Tệp rỗng, không có dữ liệu."))
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise ValidationError(_("Tệp đang được đặt mật khẩu: hãy bỏ mật khẩu trong Excel rồi tải lên lại."))
        raise ValidationError(_("Đây là tệp Excel 97-2003 (.xls): hãy mở bằng Excel và lưu lại dưới dạng .xlsx."))
    if name.endswith(".csv"):
        raise ValidationError(_("Tệp .csv không được nhận: hãy dùng tệp mẫu Excel (.xlsx)."))
    if name.endswith(".xls"):
        raise ValidationError(_("Đây là tệp Excel 97-2003 (.xls): hãy mở bằng Excel và lưu lại dưới dạng .xlsx."))
    if not data.startswith(b"PK"):
        raise ValidationError(_("Tệp “%(name)s” không phải tệp Excel .xlsx (có thể đã bị đổi đuôi tệp).")
                              % {"name": filename})
    if not name.endswith((".xlsx", ".xlsm")):
        raise ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
    _check_archive(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as exc:
        raise ValidationError(_("Tệp Excel bị hỏng, không đọc được (%(error)s). Hãy lưu lại tệp rồi tải lên lại.")
                              % {"error": exc.__class__.__name__}) from None
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged XML
        raise ValidationError(_("Tệp Excel bị hỏng, không đọc được (%(error)s).")
                              % {"error": exc.__class__.__name__}) from None


def _find_header(rows: list[tuple[int, tuple]]) -> tuple[int, dict[str, int], list[str]]:
    """(header row, {key: column index}, unknown headers) or raise if no header is found."""
    accepted = {fold(alias): key for key, (_label, aliases) in COLUMNS.items() for alias in aliases}
    for r, row in rows:
        values = [cell.value for cell in row]
        folded = [fold(_cell_text(v)) for v in values]
        if not any(accepted.get(f) == "full_name" for f in folded):
            continue
        index, unknown = {}, []
        for c, title in enumerate(folded):
            if not title or title in IGNORED_HEADERS:
                continue
            key = accepted.get(title)
            if key is None or key in index:
                unknown.append(f"{get_column_letter(c + 1)} “{_cell_text(values[c])[:40]}”")
            else:
                index[key] = c
        return r, index, unknown
    raise ValidationError(
        _("Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong %(n)s dòng đầu. Các cột cần có: %(cols)s.")
        % {"n": HEADER_SEARCH_ROWS, "cols": ", ".join(label for label, _a in COLUMNS.values())})


MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"')


def _merged_ranges(wb, ws) -> list[CellRange]:
    """Merged ranges of a read-only sheet (openpyxl does not read them in that mode): from the sheet's
    XML, whose size the zip check has already bounded."""
    try:
        with wb._archive.open(ws._worksheet_path) as source:
            xml = source.read(MAX_INFLATED_BYTES + 1)
    except (KeyError, AttributeError, zipfile.BadZipFile, OSError):
        return []
    return [CellRange(ref.decode()) for ref in MERGE_REF.findall(xml)[:100]]


def _text_problems(number: int, key: str, text: str) -> list[str]:
    """Length (what the database holds), digits-only names, legacy 8-bit Vietnamese fonts."""
    label = COLUMNS[key][0]
    problems = []
    limit = FIELD_MAX_LENGTH.get(key)
    if limit and len(text) > limit:
        problems.append(_("Dòng %(row)s, cột %(col)s: dài %(n)s ký tự, tối đa %(max)s ký tự.")
                        % {"row": number, "col": label, "n": len(text), "max": limit})
    if key == "full_name" and text and not any(ch.isalpha() for ch in text):
        problems.append(_("Dòng %(row)s, cột %(col)s: “%(value)s” không phải họ và tên (không có chữ cái nào).")
                        % {"row": number, "col": label, "value": text[:40]})
    font = legacy_vietnamese_font(text)
    if font:
        problems.append(
            _("Dòng %(row)s, cột %(col)s: “%(value)s” có vẻ được gõ bằng phông chữ cũ %(font)s, không phải Unicode. "
              "Hãy chuyển mã sang Unicode (Unikey: Công cụ chuyển mã) hoặc gõ lại rồi tải lên lại.")
            % {"row": number, "col": label, "value": text[:40], "font": font})
    return problems


def roster_file_read(*, data: bytes, filename: str, agency: Agency, commune, action_day: ActionDay) -> ImportResult:
    """Read and check a roster file for one commune and day. Nothing is written; `errors` names
    every bad row and column. People already on this same roster are no conflict (a re-upload).

    Bounded whatever the file: the zip directory is checked before inflating, the sheet is
    streamed (read-only) and at most MAX_COLUMNS columns × (HEADER_SEARCH_ROWS + MAX_ROWS) rows are read.
    """
    digest = file_digest(data)
    try:
        wb = _open_workbook(data, filename)
    except ValidationError as exc:
        return ImportResult([], exc.messages, digest)
    try:
        return _read_sheet(wb, digest, agency=agency, commune=commune, action_day=action_day)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, EOFError) as exc:
        return ImportResult([], [_("Tệp Excel bị hỏng, không đọc được (%(error)s). Hãy lưu lại tệp rồi tải lên lại.")
                                 % {"error": exc.__class__.__name__}], digest)
    except Exception as exc:  # damaged XML inside a well-formed zip
        return ImportResult([], [_("Tệp Excel bị hỏng, không đọc được (%(error)s).")
                                 % {"error": exc.__class__.__name__}], digest)
    finally:
        wb.close()


def _read_sheet(wb, digest: str, *, agency: Agency, commune, action_day: ActionDay) -> ImportResult:
    ws = wb["Danh sách"] if "Danh sách" in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS + MAX_ROWS + 1, max_col=MAX_COLUMNS)
    numbered = enumerate(rows, start=1)
    top = [next(numbered, None) for _i in range(HEADER_SEARCH_ROWS)]
    top = [item for item in top if item is not None]
    if not any(cell.value is not None for _n, row in top for cell in row):
        return ImportResult([], [_("Trang tính “%(sheet)s” trống.") % {"sheet": ws.title}], digest)
    try:
        header_row, index, unknown = _find_header(top)
    except ValidationError as exc:
        return ImportResult([], exc.messages, digest)
    errors: list[str] = []
    if unknown:
        errors.append(_("Cột không đúng mẫu: %(cols)s. Các cột được nhận: %(ok)s.")
                      % {"cols": ", ".join(unknown[:10]), "ok": ", ".join(label for label, _a in COLUMNS.values())})
    for merged in _merged_ranges(wb, ws):
        if merged.max_row >= header_row:
            errors.append(_("Ô gộp %(range)s: không gộp ô trong bảng danh sách, hãy bỏ gộp ô.")
                          % {"range": merged.coord})
    label = {key: COLUMNS[key][0] for key in COLUMNS}
    parsed: list[ImportRow] = []
    seen: dict[tuple[str, str], int] = {}
    body = itertools.chain((item for item in top if item[0] > header_row), numbered)
    for number, cells in body:
        values = {}
        for key, c in index.items():
            cell = cells[c] if c < len(cells) else None
            if cell is not None and cell.data_type == "f":
                errors.append(_("Dòng %(row)s, cột %(col)s: ô %(cell)s chứa công thức, hãy nhập giá trị.")
                              % {"row": number, "col": label[key], "cell": f"{get_column_letter(c + 1)}{number}"})
                values[key] = ""
            else:
                values[key] = _cell_text(cell.value if cell is not None else None)
        if not any(values.values()):
            continue
        if number - header_row > MAX_ROWS:
            return ImportResult([], errors + [_("Tệp có hơn %(max)s dòng danh sách: mỗi lần tải lên tối đa %(max)s dòng.")
                                              % {"max": MAX_ROWS}], digest)
        if len(errors) > MAX_ERRORS:
            break
        row = ImportRow(number=number, full_name=values.get("full_name", ""),
                        position=values.get("position", ""), note=values.get("note", ""))
        if not row.full_name:
            errors.append(_("Dòng %(row)s, cột %(col)s: thiếu họ và tên.") % {"row": number, "col": label["full_name"]})
        for key in ("full_name", "position", "note"):
            errors += _text_problems(number, key, getattr(row, key))
        try:
            row.phone = normalise_phone(values.get("phone", "")[:100])
        except ValidationError:
            errors.append(_("Dòng %(row)s, cột %(col)s: số điện thoại “%(value)s” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0).")
                          % {"row": number, "col": label["phone"], "value": values.get("phone", "")[:40]})
        party = fold(values.get("is_party_member", ""))
        if party in YES:
            row.is_party_member = True
        elif party not in NO:
            errors.append(_("Dòng %(row)s, cột %(col)s: “%(value)s” không hiểu được, hãy ghi Có hoặc Không.")
                          % {"row": number, "col": label["is_party_member"], "value": values["is_party_member"][:40]})
        if row.full_name:
            key = (fold(row.full_name), row.phone)
            if key in seen:
                errors.append(_("Dòng %(row)s, cột %(col)s: %(name)s trùng với dòng %(other)s.")
                              % {"row": number, "col": label["full_name"], "name": row.full_name[:40],
                                 "other": seen[key]})
            seen[key] = number
        parsed.append(row)
    if not parsed and not errors:
        errors.append(_("Danh sách trống: không có dòng nào dưới dòng tiêu đề (dòng %(row)s).") % {"row": header_row})
    if errors:
        return ImportResult([], errors, digest)
    _match_people(parsed, agency)
    roster = Roster.objects.filter(agency=agency, commune=commune, action_day=action_day).first()
    conflicts = conflicts_for(person_ids=[r.person_id for r in parsed if r.person_id], action_day=action_day,
                              roster=roster)
    for row in parsed:
        entry = conflicts.get(row.person_id)
        if entry is not None:
            errors.append(_("Dòng %(row)s, cột %(col)s: %(name)s đã có trong danh sách gửi %(commune)s cùng ngày ra quân.")
                          % {"row": row.number, "col": label["full_name"], "name": row.full_name,
                             "commune": entry.roster.commune})
    return ImportResult([] if errors else parsed, errors, digest)


def _match_people(rows: list[ImportRow], agency: Agency) -> None:
    """Find each row's staff member by name without diacritics (and phone when names repeat)."""
    staff: dict[str, list[Person]] = {}
    for person in Person.objects.filter(agency=agency).only("pk", "name_folded", "phone", "is_active"):
        staff.setdefault(person.name_folded, []).append(person)
    for row in rows:
        candidates = staff.get(fold(row.full_name), [])
        if row.phone:
            same_phone = [p for p in candidates if p.phone == row.phone]
            if same_phone:
                candidates = same_phone
            elif any(p.phone for p in candidates) and all(p.phone for p in candidates):
                candidates = []  # a namesake with another phone: a different person
        if len(candidates) > 1:
            active = [p for p in candidates if p.is_active]
            candidates = active or candidates
        row.person_id = candidates[0].pk if candidates else None


@transaction.atomic
def roster_import(*, agency: Agency, commune, action_day: ActionDay, rows: list[ImportRow], digest: str,
                  actor) -> Roster:
    """Save a checked upload: new names join the staff list, then the roster is replaced at once."""
    check_can_send(agency=agency, commune=commune, action_day=action_day)
    _match_people(rows, agency)  # again: the staff list may have changed since the preview
    people = Person.objects.in_bulk([r.person_id for r in rows if r.person_id])
    newcomers = _staff_add(agency=agency, rows=[r for r in rows if r.person_id not in people], actor=actor)
    lines = []
    for row in rows:
        person = people.get(row.person_id) or newcomers[row.number]
        lines.append(EntryLine(person=person, position=row.position, phone=row.phone,
                               is_party_member=row.is_party_member, note=row.note))
    return roster_save(agency=agency, commune=commune, action_day=action_day, lines=lines, actor=actor,
                       source=Roster.Source.UPLOAD, upload_digest=digest)


def _staff_add(*, agency: Agency, rows: list[ImportRow], actor) -> dict[int, Person]:
    """New names of an upload join the staff list at once (one insert, one audit row): {row number: person}."""
    if not rows:
        return {}
    people = [Person(agency=agency, full_name=row.full_name, name_folded=fold(row.full_name),
                     position=row.position[:120], phone=row.phone, is_party_member=row.is_party_member)
              for row in rows]
    Person.objects.bulk_create(people, batch_size=500)
    audit_record(actor=actor, action="person.create_from_roster", target=agency, unit=agency.owner,
                 after={"people": [p.full_name for p in people]},
                 note=_("%(n)s người mới từ tệp danh sách tham gia.") % {"n": len(people)})
    return {row.number: person for row, person in zip(rows, people, strict=True)}
