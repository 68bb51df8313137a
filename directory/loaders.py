"""Reference data: the territory (communes and villages) from CSV or XLSX files."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record
from ntm_portal.tabular import Row, TableError, read_table
from ntm_portal.text import fold, normalise_name

from .models import LEVEL_OF_KIND, AdministrativeUnit, HouseholdCount, NtmStatus, UnitKind, UnitLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
DI_LINH = {
    "province_code": "68", "province_name": "Lâm Đồng",
    "district_code": "679", "district_name": "Di Linh",
    "communes": DATA_DIR / "di_linh_communes.csv",
    "villages": DATA_DIR / "di_linh_villages_demo.csv",
}

COMMUNE_COLUMNS = {
    "gso_code": ["Mã", "Mã xã", "Mã đơn vị"],
    "name": ["Tên", "Tên xã", "Tên đơn vị"],
    "kind": ["Loại", "Cấp"],
    "ntm_status_2021": ["Mức đạt chuẩn NTM", "ntm_status"],
    "notes": ["Ghi chú", "note"],
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
}


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


def _kind(row: Row, column: str, level: str, errors: list[str]) -> str | None:
    kind = KIND_ALIASES.get(fold(row.get("kind")).replace(" ", "_")) or KIND_ALIASES.get(fold(row.get("kind")))
    if kind is None or LEVEL_OF_KIND[kind] != level:
        errors.append(_("Dòng %(row)d, cột %(col)s: loại “%(value)s” không hợp lệ.")
                      % {"row": row.number, "col": column, "value": row.get("kind")})
    return kind


def _check_communes(rows: list[Row]) -> list[str]:
    errors, seen = [], {}
    for row in rows:
        code = row.get("gso_code")
        if not code.isdigit():
            errors.append(_("Dòng %(row)d, cột gso_code: mã “%(value)s” phải là số.") % {"row": row.number, "value": code})
        elif code in seen:
            errors.append(_("Dòng %(row)d, cột gso_code: mã %(value)s trùng với dòng %(other)d.")
                          % {"row": row.number, "value": code, "other": seen[code]})
        seen.setdefault(code, row.number)
        if not row.get("name"):
            errors.append(_("Dòng %(row)d, cột name: thiếu tên xã.") % {"row": row.number})
        _kind(row, "kind", UnitLevel.COMMUNE, errors)
        status = row.get("ntm_status_2021")
        if status and status not in NtmStatus.values:
            errors.append(_("Dòng %(row)d, cột ntm_status_2021: mức “%(value)s” không có trong danh mục (%(allowed)s).")
                          % {"row": row.number, "value": status, "allowed": ", ".join(NtmStatus.values)})
    return errors


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


def load_territory(
    *, communes_file: Path, villages_file: Path | None, province_code: str, province_name: str,
    district_code: str, district_name: str, households_as_of: datetime.date, actor=None,
) -> dict[str, LoadReport]:
    """Load (or update) province → district → communes → villages. All or nothing.

    Re-running with the same files changes nothing. Raises TableError listing every bad row.
    """
    commune_rows = read_table(communes_file, columns=COMMUNE_COLUMNS, required=["gso_code", "name", "kind"])
    errors = _check_communes(commune_rows)
    village_rows: list[Row] = []
    if villages_file is not None:
        try:
            village_rows = read_table(villages_file, columns=VILLAGE_COLUMNS,
                                      required=["commune_code", "village_name", "kind"])
        except TableError as exc:
            errors += exc.errors
        else:
            errors += _check_villages(village_rows, {r.get("gso_code") for r in commune_rows})
    if errors:
        raise TableError(errors)

    reports = {"units": LoadReport(), "households": LoadReport()}
    with transaction.atomic():
        province = _upsert(reports["units"], {"level": UnitLevel.PROVINCE, "code": province_code},
                           {"kind": UnitKind.PROVINCE, "name": province_name, "parent": None})
        district = _upsert(reports["units"], {"level": UnitLevel.DISTRICT, "code": district_code},
                           {"kind": UnitKind.DISTRICT, "name": district_name, "parent": province})
        communes = {}
        for row in commune_rows:
            communes[row.get("gso_code")] = _upsert(
                reports["units"], {"level": UnitLevel.COMMUNE, "code": row.get("gso_code")},
                {"kind": _kind(row, "kind", UnitLevel.COMMUNE, []), "name": normalise_name(row.get("name")),
                 "parent": district, "ntm_status": row.get("ntm_status_2021"), "note": row.get("notes")},
            )
        for row in village_rows:
            commune = communes[row.get("commune_code")]
            name = normalise_name(row.get("village_name"))
            village = _upsert(
                reports["units"], {"level": UnitLevel.VILLAGE, "parent": commune, "name": name},
                {"kind": _kind(row, "kind", UnitLevel.VILLAGE, []), "is_demo": row.get("demo") in {"1", "true", "True"}},
            )
            if row.get("households"):
                as_of = datetime.date.fromisoformat(row.get("as_of")[:10]) if row.get("as_of") else households_as_of
                households = int(row.get("households"))
                current = HouseholdCount.objects.filter(village=village, as_of=as_of).first()
                if current is None:
                    HouseholdCount.objects.create(village=village, as_of=as_of, households=households,
                                                  source=Path(villages_file).name)
                    reports["households"].add("created")
                elif current.households != households:
                    current.households = households
                    current.save(update_fields=["households"])
                    reports["households"].add("updated")
                else:
                    reports["households"].add("unchanged")
        if reports["units"].created or reports["units"].updated or reports["households"].created or reports["households"].updated:
            audit_record(actor=actor, action="territory.load", target=district, unit=district,
                         note=f"{Path(communes_file).name}, {Path(villages_file).name if villages_file else '-'}: "
                              f"{reports['units']}; số hộ: {reports['households']}")
    return reports
