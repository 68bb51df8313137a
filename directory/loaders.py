"""Reference data: the territory (communes and villages) from CSV or XLSX files."""

from __future__ import annotations

import dataclasses
import datetime
import logging
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record
from ntm_portal.tabular import Row, TableError, read_table
from ntm_portal.text import fold, normalise_name

from .models import LEVEL_OF_KIND, AdministrativeUnit, HouseholdCount, NtmStatus, UnitKind, UnitLevel, UnitMove

logger = logging.getLogger(__name__)
DATA_DIR = Path(__file__).resolve().parent / "data"
DI_LINH = {
    "province_code": "68", "province_name": "Lâm Đồng",
    "district_code": "679", "district_name": "Di Linh",  # loader default
    "communes": DATA_DIR / "di_linh_communes.csv",
    "villages": DATA_DIR / "di_linh_villages_demo.csv",
}

COMMUNE_COLUMNS = {
    "gso_code": ["Mã", "Mã xã", "Mã đơn vị"],
    "name": ["Tên", "Tên xã", "Tên đơn vị"],
    "kind": ["Loại", "Cấp"],
    "ntm_status_2021": ["Mức đạt chuẩn NTM", "ntm_status"],
    "notes": ["Ghi chú", "note"],
    # A reorganisation as data: where the unit sits, when it is in force, what it merged into.
    "parent_code": ["Mã đơn vị trực thuộc", "Trực thuộc", "Mã đơn vị cấp trên", "parent"],
    "valid_from": ["Hiệu lực từ", "Từ ngày"],
    "valid_to": ["Hiệu lực đến", "Đến ngày"],
    "successor_code": ["Mã đơn vị sáp nhập vào", "Sáp nhập vào", "successor"],
}
VILLAGE_COLUMNS = {
    "commune_code": ["Mã xã"],
    "village_name": ["Tên thôn", "Thôn, tổ dân phố", "name"],
    "kind": ["Loại"],
    "households": ["Số hộ", "Số hộ dân"],
    "as_of": ["Tính đến ngày", "Ngày"],
    "demo": ["Dữ liệu minh họa"],
}
KIND_ALIASES = {
    "xa": UnitKind.COMMUNE, "thi_tran": UnitKind.TOWNSHIP, "phuong": UnitKind.WARD,
    "thi tran": UnitKind.TOWNSHIP, "thon": UnitKind.VILLAGE, "to_dan_pho": UnitKind.RESIDENTIAL_GROUP,
    "to dan pho": UnitKind.RESIDENTIAL_GROUP, "tdp": UnitKind.RESIDENTIAL_GROUP,
    "bon": UnitKind.VILLAGE, "buon": UnitKind.VILLAGE,
    "dac_khu": UnitKind.SPECIAL_ZONE, "dac khu": UnitKind.SPECIAL_ZONE,
    "tinh": UnitKind.PROVINCE, "thanh_pho": UnitKind.CITY, "thanh pho": UnitKind.CITY,
    "huyen": UnitKind.DISTRICT, "thi_xa": UnitKind.TOWN, "thi xa": UnitKind.TOWN,
}
# The levels a row of the units file may have, and the levels its parent may have.
UNIT_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)
PARENT_LEVELS = {UnitLevel.DISTRICT: (UnitLevel.PROVINCE,), UnitLevel.COMMUNE: (UnitLevel.DISTRICT, UnitLevel.PROVINCE)}


@dataclasses.dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        return _("thêm mới %(c)d, cập nhật %(u)d, không đổi %(n)d") % {
            "c": self.created, "u": self.updated, "n": self.unchanged
        }


def _kind(row: Row, column: str, level: str | tuple, errors: list[str]) -> str | None:
    kind = KIND_ALIASES.get(fold(row.get("kind")).replace(" ", "_")) or KIND_ALIASES.get(fold(row.get("kind")))
    levels = level if isinstance(level, tuple) else (level,)
    if kind is None or LEVEL_OF_KIND[kind] not in levels:
        errors.append(_("Dòng %(row)d, cột %(col)s: loại “%(value)s” không hợp lệ.")
                      % {"row": row.number, "col": column, "value": row.get("kind")})
    return kind


def _check_villages(rows: list[Row], commune_codes: set[str]) -> list[str]:
    errors, seen = [], {}
    for row in rows:
        code = row.get("commune_code")
        if code not in commune_codes:
            errors.append(_("Dòng %(row)d, cột commune_code: không có xã mã “%(value)s”.") % {"row": row.number, "value": code})
        name = normalise_name(row.get("village_name"))
        if not name:
            errors.append(_("Dòng %(row)d, cột village_name: thiếu tên thôn, tổ dân phố.") % {"row": row.number})
        key = (code, fold(name))
        if name and key in seen:
            errors.append(_("Dòng %(row)d, cột village_name: “%(value)s” trùng với dòng %(other)d.")
                          % {"row": row.number, "value": name, "other": seen[key]})
        seen.setdefault(key, row.number)
        _kind(row, "kind", UnitLevel.VILLAGE, errors)
        households = row.get("households")
        if households and (not households.isdigit()):
            errors.append(_("Dòng %(row)d, cột households: số hộ “%(value)s” phải là số nguyên không âm.")
                          % {"row": row.number, "value": households})
        as_of = row.get("as_of")
        if as_of:
            try:
                datetime.date.fromisoformat(as_of[:10])
            except ValueError:
                errors.append(_("Dòng %(row)d, cột as_of: ngày “%(value)s” không đúng dạng yyyy-mm-dd.")
                              % {"row": row.number, "value": as_of})
    return errors


def _upsert(report: LoadReport, lookup: dict, values: dict) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(**lookup).first()
    if unit is None:
        unit = AdministrativeUnit.objects.create(**lookup, **values)
        report.add("created")
        return unit
    changed = [name for name, value in values.items() if getattr(unit, name) != value]
    if changed:
        for name in changed:
            setattr(unit, name, values[name])
        unit.save(update_fields=changed)
        report.add("updated")
    else:
        report.add("unchanged")
    return unit


@dataclasses.dataclass
class UnitRow:
    """One row of the units file, checked; `parent`/`successor` are other rows or stored units."""

    row: Row
    level: str
    kind: str
    code: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    parent: UnitRow | AdministrativeUnit | None = None
    successor: UnitRow | AdministrativeUnit | None = None
    unit: AdministrativeUnit | None = None  # the stored unit this row updates, then the one written

    def covers(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)


def _overlap(a_from, a_to, b_from, b_to) -> bool:
    return (a_from is None or b_to is None or a_from <= b_to) and (b_from is None or a_to is None or b_from <= a_to)


def _date(row: Row, column: str, errors: list[str]) -> datetime.date | None:
    text = row.get(column)
    if not text:
        return None
    try:
        if "/" in text:
            return datetime.datetime.strptime(text[:10], "%d/%m/%Y").date()
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        errors.append(_("Dòng %(row)d, cột %(col)s: ngày “%(value)s” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy.")
                      % {"row": row.number, "col": column, "value": text})
        return None


def _parse_units(rows: list[Row]) -> tuple[list[UnitRow], list[str]]:
    errors: list[str] = []
    parsed: list[UnitRow] = []
    for row in rows:
        code = row.get("gso_code")
        if not code.isdigit():
            errors.append(_("Dòng %(row)d, cột gso_code: mã “%(value)s” phải là số.") % {"row": row.number, "value": code})
        name = normalise_name(row.get("name"))
        if not name:
            errors.append(_("Dòng %(row)d, cột name: thiếu tên xã.") % {"row": row.number})
        kind = _kind(row, "kind", UNIT_LEVELS, errors)
        status = row.get("ntm_status_2021")
        if status and status not in NtmStatus.values:
            errors.append(_("Dòng %(row)d, cột ntm_status_2021: mức “%(value)s” không có trong danh mục (%(allowed)s).")
                          % {"row": row.number, "value": status, "allowed": ", ".join(NtmStatus.values)})
        valid_from, valid_to = _date(row, "valid_from", errors), _date(row, "valid_to", errors)
        if valid_from and valid_to and valid_to < valid_from:
            errors.append(_("Dòng %(row)d, cột valid_to: ngày hết hiệu lực %(to)s trước ngày có hiệu lực %(fr)s.")
                          % {"row": row.number, "to": valid_to.strftime("%d/%m/%Y"), "fr": valid_from.strftime("%d/%m/%Y")})
        if row.get("successor_code") and not row.get("valid_to"):
            errors.append(_("Dòng %(row)d, cột valid_to: đơn vị đã sáp nhập vào đơn vị mã %(code)s phải có ngày hết "
                            "hiệu lực.") % {"row": row.number, "code": row.get("successor_code")})
        if kind is not None:
            parsed.append(UnitRow(row, LEVEL_OF_KIND[kind], kind, code, name, valid_from, valid_to))
    # The same code twice in the file: only for two periods that do not overlap (a code reused).
    by_code: dict[tuple[str, str], list[UnitRow]] = {}
    for unit in parsed:
        for other in by_code.get((unit.level, unit.code), []):
            if _overlap(unit.valid_from, unit.valid_to, other.valid_from, other.valid_to):
                errors.append(_("Dòng %(row)d, cột gso_code: mã %(value)s trùng với dòng %(other)d.")
                              % {"row": unit.row.number, "value": unit.code, "other": other.row.number})
                break
        by_code.setdefault((unit.level, unit.code), []).append(unit)
    return parsed, errors


def _find(code: str, levels, on: datetime.date | None, rows: list[UnitRow], stored: list[AdministrativeUnit]):
    """A unit of the file (else stored) with this code at one of these levels, in force on `on` if given."""
    def fits(u) -> bool:
        if u.code != code or u.level not in levels:
            return False
        if on is None:
            return True
        return u.covers(on) if isinstance(u, UnitRow) else u.in_force_on(on)
    in_file = [u for u in rows if fits(u)]
    if in_file:
        return sorted(in_file, key=lambda u: u.valid_to is not None)[0]
    found = sorted((u for u in stored if fits(u)), key=lambda u: u.valid_to is not None)
    return found[0] if found else None


def _resolve(units: list[UnitRow], *, province: UnitRow | AdministrativeUnit | None,
             district: UnitRow | AdministrativeUnit | None) -> list[str]:
    """Parents, successors and the stored unit of each row; every conflict with stored data, by row."""
    errors: list[str] = []
    codes = {u.code for u in units} | {u.row.get("parent_code") for u in units} | {
        u.row.get("successor_code") for u in units}
    stored = list(AdministrativeUnit.objects.filter(level__in=UNIT_LEVELS, code__in=codes - {""}))
    for unit in units:
        number = unit.row.number
        # The stored unit this row describes: same level, code and start date.
        unit.unit = next((s for s in stored if s.level == unit.level and s.code == unit.code
                          and s.valid_from == unit.valid_from), None)
        parent_code = unit.row.get("parent_code")
        if unit.level == UnitLevel.PROVINCE:
            if parent_code:
                errors.append(_("Dòng %(row)d, cột parent_code: tỉnh, thành phố không trực thuộc đơn vị nào.")
                              % {"row": number})
        elif parent_code:
            unit.parent = _find(parent_code, PARENT_LEVELS[unit.level], unit.valid_from, units, stored) or _find(
                parent_code, PARENT_LEVELS[unit.level], None, units, stored)
            if unit.parent is None:
                errors.append(_("Dòng %(row)d, cột parent_code: không có đơn vị cấp trên mã “%(value)s” "
                                "(trong tệp hoặc đã nạp).") % {"row": number, "value": parent_code})
        else:
            unit.parent = (district if unit.level == UnitLevel.COMMUNE and district is not None else province)
            if unit.parent is None:
                errors.append(_("Dòng %(row)d, cột parent_code: thiếu mã đơn vị trực thuộc (không có huyện, tỉnh "  # names the district level
                                "mặc định).") % {"row": number})
        successor_code = unit.row.get("successor_code")
        if successor_code and unit.valid_to:
            after = unit.valid_to + datetime.timedelta(days=1)
            unit.successor = _find(successor_code, (unit.level,), after, units, stored)
            if unit.successor is None:
                errors.append(_("Dòng %(row)d, cột successor_code: không có đơn vị mã “%(value)s” có hiệu lực ngày "
                                "%(on)s (trong tệp hoặc đã nạp).")
                              % {"row": number, "value": successor_code, "on": after.strftime("%d/%m/%Y")})
    # A stored unit not described by the file keeps its period: a new row may not overlap it.
    described = {u.unit.pk for u in units if u.unit is not None}
    for unit in units:
        if unit.unit is not None:
            continue
        for other in stored:
            if (other.pk not in described and other.level == unit.level and other.code == unit.code
                    and _overlap(unit.valid_from, unit.valid_to, other.valid_from, other.valid_to)):
                errors.append(_("Dòng %(row)d, cột gso_code: mã %(code)s đang là mã của %(unit)s (hiệu lực %(fr)s – "
                                "%(to)s); hãy ghi ngày hết hiệu lực của đơn vị cũ trong tệp (cột valid_to) hoặc dùng "
                                "lệnh merge_communes.")
                              % {"row": unit.row.number, "code": unit.code, "unit": other,
                                 "fr": other.valid_from.strftime("%d/%m/%Y") if other.valid_from else "…",
                                 "to": other.valid_to.strftime("%d/%m/%Y") if other.valid_to else "…"})
    # Two units in force under one parent may not share a name.
    seen: dict[tuple, int] = {}
    for unit in units:
        if unit.valid_to is None:
            key = (id(unit.parent), fold(unit.name))
            if key in seen:
                errors.append(_("Dòng %(row)d, cột name: “%(name)s” trùng tên với dòng %(other)d cùng đơn vị cấp trên.")
                              % {"row": unit.row.number, "name": unit.name, "other": seen[key]})
            seen.setdefault(key, unit.row.number)
    return errors


def _parent_unit(ref) -> AdministrativeUnit | None:
    return ref.unit if isinstance(ref, UnitRow) else ref


def load_territory(
    *, communes_file: Path, villages_file: Path | None, province_code: str, province_name: str,
    district_code: str, district_name: str, households_as_of: datetime.date, actor=None,
) -> dict:
    """Load (or update) the units of a file — province, district, communes with their validity and
    successor — and their villages. All or nothing: a bad file writes nothing and raises
    TableError naming every bad row. Re-running the same files changes nothing.

    Units without `parent_code` go under the default district (`district_code`), else the default
    province; with no district code there is no district (communes directly under the province).
    """
    commune_rows = read_table(communes_file, columns=COMMUNE_COLUMNS, required=["gso_code", "name", "kind"])
    units, errors = _parse_units(commune_rows)
    village_rows: list[Row] = []
    if villages_file is not None:
        try:
            village_rows = read_table(villages_file, columns=VILLAGE_COLUMNS,
                                      required=["commune_code", "village_name", "kind"])
        except TableError as exc:
            errors += exc.errors
        else:
            errors += _check_villages(village_rows, {u.code for u in units if u.level == UnitLevel.COMMUNE})
    row_errors = list(errors)
    province = district = None
    if province_code:
        province = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code=province_code).current().first()
        if province is None and not province_name:
            errors.append(_("Chưa có tỉnh mã %(code)s: cần ghi tên tỉnh.") % {"code": province_code})
    if district_code:
        district = AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT, code=district_code).first()
        if district is None and not district_name:
            errors.append(_("Chưa có huyện mã %(code)s: cần ghi tên huyện (hoặc bỏ mã huyện để các xã trực thuộc "  # names the district level
                            "tỉnh).") % {"code": district_code})
        if district is None and province is None and not province_code:
            errors.append(_("Huyện mã %(code)s cần một tỉnh: hãy ghi mã tỉnh.") % {"code": district_code})
    if len(errors) > len(row_errors):
        raise TableError(errors)

    reports: dict = {"units": LoadReport(), "households": LoadReport(), "merged": []}
    try:
        with transaction.atomic():
            if province_code:
                province = _upsert(reports["units"], {"level": UnitLevel.PROVINCE, "code": province_code},
                                   {"kind": province.kind if province else UnitKind.PROVINCE,
                                    "name": province_name or province.name, "parent": None})
            if district_code:
                district = _upsert(reports["units"], {"level": UnitLevel.DISTRICT, "code": district_code},
                                   {"kind": UnitKind.DISTRICT, "name": district_name or district.name,
                                    "parent": district.parent if district and not province else province})
            errors += _resolve(units, province=province, district=district)
            if errors:
                raise TableError(errors)
            merges = _write_units(units, reports["units"])
            reports["merged"] = _carry_over(merges, actor, note=Path(communes_file).name)
            _write_villages(units, village_rows, villages_file, households_as_of, reports["units"],
                            reports["households"])
            changed = (reports["units"].created or reports["units"].updated or reports["households"].created
                       or reports["households"].updated)
            if changed:
                target = district or province or units[0].unit
                audit_record(actor=actor, action="territory.load", target=target, unit=target,
                             note=f"{Path(communes_file).name}, {Path(villages_file).name if villages_file else '-'}: "
                                  f"{reports['units']}; số hộ: {reports['households']}")
    except IntegrityError:  # a conflict the checks did not foresee: still one plain message, nothing saved
        logger.exception("load_territory: integrity error")
        raise TableError([_("Tệp mâu thuẫn với địa bàn đã nạp (trùng mã hoặc trùng tên đơn vị đang có hiệu lực); "
                            "không nạp gì cả.")]) from None
    return reports


def _write_units(units: list[UnitRow], report: LoadReport) -> list:
    """Write the rows; returns the merges the file newly states: (successor, date, former communes)."""
    # Parents before children; rows closing a stored unit before rows that take its code.
    order = sorted(units, key=lambda u: (UNIT_LEVELS.index(u.level), u.unit is None, u.valid_to is None))
    for unit in order:
        values = {
            "kind": unit.kind, "name": unit.name, "parent": _parent_unit(unit.parent),
            "valid_from": unit.valid_from, "valid_to": unit.valid_to,
            "ntm_status": unit.row.get("ntm_status_2021"), "note": unit.row.get("notes"),
        }
        # A file without the validity columns says nothing about them: a unit closed by a merger stays closed.
        for column in ("valid_from", "valid_to"):
            if column not in unit.row.values and unit.unit is not None:
                del values[column]
        if unit.unit is None:
            unit.unit = AdministrativeUnit.objects.create(level=unit.level, code=unit.code, **values)
            report.add("created")
        else:
            unit.unit = _upsert(report, {"pk": unit.unit.pk}, values)
    merged: dict[tuple[int, datetime.date], list[AdministrativeUnit]] = {}
    successors: dict[int, AdministrativeUnit] = {}
    for unit in units:
        if "successor_code" not in unit.row.values:
            continue
        successor = _parent_unit(unit.successor)
        if unit.unit.successor_id != (successor.pk if successor else None):
            unit.unit.successor = successor
            unit.unit.save(update_fields=["successor"])
            if successor is not None and unit.level == UnitLevel.COMMUNE and unit.unit.valid_to:
                on = unit.unit.valid_to + datetime.timedelta(days=1)
                merged.setdefault((successor.pk, on), []).append(unit.unit)
                successors[successor.pk] = successor
    return [(successors[pk], on, former) for (pk, on), former in merged.items()]


def _carry_over(merges, actor, note: str) -> list:
    """Communes the file closes into a successor: their villages, roles and assignments follow (as a merger)."""
    from .reorganisation import MergerReport, carry_over

    reports: dict[datetime.date, MergerReport] = {}
    for successor, on, former in merges:
        report = reports.setdefault(on, MergerReport(on=on))
        report.closed += len(former)
        moved = carry_over(former=former, successor=successor, on=on, note=note, report=report)
        audit_record(actor=actor, action="territory.merge", target=successor, unit=_parent_unit(successor.parent),
                     note=note, before={"đơn vị": [f"{u.full_name} ({u.code})" for u in former]},
                     after={"đơn vị": f"{successor.full_name} ({successor.code})", "từ ngày": on.isoformat(),
                            "số thôn, tổ dân phố": moved})
    return list(reports.values())


def _write_villages(units, village_rows, villages_file, households_as_of, unit_report: LoadReport,
                    report: LoadReport) -> None:
    # A village goes to the commune of its code in force now (the latest one if none is).
    communes: dict[str, AdministrativeUnit] = {}
    for unit in sorted((u for u in units if u.level == UnitLevel.COMMUNE),
                       key=lambda u: (u.unit.valid_to is None, u.unit.valid_from or datetime.date.min)):
        communes[unit.code] = unit.unit
    for row in village_rows:
        commune = communes[row.get("commune_code")]
        name = normalise_name(row.get("village_name"))
        values = {"kind": _kind(row, "kind", UnitLevel.VILLAGE, []),
                  "is_demo": row.get("demo") in {"1", "true", "True"}}
        lookup = {"level": UnitLevel.VILLAGE, "parent": commune, "name": name}
        if not AdministrativeUnit.objects.filter(**lookup).exists():
            # A village that moved to a new commune in a merger is still found by its former commune and name.
            move = (UnitMove.objects.filter(from_parent=commune).filter(Q(old_name=name) | Q(old_name="", unit__name=name))
                    .order_by("on").first())
            if move is not None:
                lookup = {"pk": move.unit_id}
        village = _upsert(unit_report, lookup, values)
        if row.get("households"):
            as_of = datetime.date.fromisoformat(row.get("as_of")[:10]) if row.get("as_of") else households_as_of
            households = int(row.get("households"))
            current = HouseholdCount.objects.filter(village=village, as_of=as_of).first()
            if current is None:
                HouseholdCount.objects.create(village=village, as_of=as_of, households=households,
                                              source=Path(villages_file).name)
                report.add("created")
            elif current.households != households:
                current.households = households
                current.save(update_fields=["households"])
                report.add("updated")
            else:
                report.add("unchanged")
