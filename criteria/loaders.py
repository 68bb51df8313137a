"""Loading a criteria set from a CSV or XLSX file: checked whole, then written in one transaction.

Columns (headers compared without diacritics or case, any order):
  criterion, criterion_name, group, indicator, indicator_name, unit, certainty[, kind, comparator]
A file with criteria only (like the QĐ 320 district set) gets one yes/no indicator per criterion.
Re-running a file updates wording and adds what is new; it never deletes an indicator that has
results (load a new version instead).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record
from ntm_portal.tabular import TableError, read_table
from ntm_portal.text import fold

from .models import (
    Certainty,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    SetLevel,
    SetTier,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

# QĐ 51/2025/QĐ-TTg takes effect on 15/02/2026: the 2021-2025 sets apply until the day before.
QD51_FROM = datetime.date(2026, 2, 15)

SHIPPED_SETS = [
    {
        "path": DATA_DIR / "criteria_qd318_xa_ntm_2021_2025.csv",
        "code": "QD318-XA", "level": SetLevel.COMMUNE, "tier": SetTier.STANDARD,
        "name": "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025",
        "legal_basis": "Quyết định số 318/QĐ-TTg ngày 08/03/2022 của Thủ tướng Chính phủ",
        "valid_from": datetime.date(2021, 1, 1), "valid_to": QD51_FROM - datetime.timedelta(days=1),
    },
    {
        "path": DATA_DIR / "criteria_qd320_huyen_ntm_2021_2025.csv",
        "code": "QD320-HUYEN", "level": SetLevel.DISTRICT, "tier": SetTier.STANDARD,
        "name": "Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn 2021-2025",  # loader default
        "legal_basis": "Quyết định số 320/QĐ-TTg ngày 08/03/2022 của Thủ tướng Chính phủ",
        "valid_from": datetime.date(2021, 1, 1), "valid_to": QD51_FROM - datetime.timedelta(days=1),
    },
    {
        # The 10 criteria only: the 47 indicators and the group targets are entered by the office
        # (portal or file) from the decision's annex; reloading this file keeps what they entered.
        "path": DATA_DIR / "criteria_qd51_xa_ntm_2026_2030.csv",
        "code": "QD51-XA", "level": SetLevel.COMMUNE, "tier": SetTier.STANDARD,
        "name": "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026-2030",
        "legal_basis": "Quyết định số 51/2025/QĐ-TTg ngày 29/12/2025 của Thủ tướng Chính phủ",
        "valid_from": QD51_FROM, "valid_to": datetime.date(2030, 12, 31),
    },
    {
        # Model residential areas (seed 003): standards at village level, each led by one organisation
        # (the `lead` column, read by recognition.loaders); wording `draft` until the office loads its own.
        "path": DATA_DIR / "khu_dan_cu_kieu_mau_2021_2025.csv",
        "code": "KDC-KIEU-MAU", "level": SetLevel.VILLAGE, "tier": SetTier.MODEL,
        "name": "Bộ tiêu chuẩn khu dân cư kiểu mẫu giai đoạn 2021-2025",
        "legal_basis": "Chỉ thị của Ban Thường vụ Huyện ủy về xây dựng, nhân rộng và nâng cao chất lượng "
                       "khu dân cư kiểu mẫu giai đoạn 2021-2025; Bộ tiêu chuẩn khung của Ủy ban MTTQ Việt Nam",
        "valid_from": datetime.date(2021, 1, 1), "valid_to": None,
        "then": "recognition.loaders.standard_leads_load",
    },
]

COLUMNS = {
    "criterion": ["Tiêu chí", "Số tiêu chí", "STT tiêu chí"],
    "criterion_name": ["Tên tiêu chí"],
    "group": ["Nhóm"],
    "indicator": ["Chỉ tiêu", "Mã chỉ tiêu"],
    "indicator_name": ["Nội dung chỉ tiêu", "Tên chỉ tiêu"],
    "unit": ["Đơn vị tính", "Đơn vị"],
    "certainty": ["Độ chắc chắn"],
    "kind": ["Loại"],
    "comparator": ["So sánh"],
}
KINDS = {
    "yes_no": IndicatorKind.YES_NO, "co/khong": IndicatorKind.YES_NO, "dat/khong dat": IndicatorKind.YES_NO,
    "numeric": IndicatorKind.NUMERIC, "so": IndicatorKind.NUMERIC, "so lieu": IndicatorKind.NUMERIC,
}
COMPARATORS = {">=": Comparator.GTE, "≥": Comparator.GTE, "gte": Comparator.GTE,
               "<=": Comparator.LTE, "≤": Comparator.LTE, "lte": Comparator.LTE,
               "=": Comparator.EQ, "eq": Comparator.EQ}
CODE = re.compile(r"^\d+(\.\d+)*$")


@dataclasses.dataclass
class ParsedIndicator:
    code: str
    name: str
    unit_label: str
    kind: str
    comparator: str
    certainty: str
    certainty_note: str
    placeholder: bool = False  # a criterion listed without indicators: one yes/no indicator stands for it


@dataclasses.dataclass
class ParsedCriterion:
    number: int
    name: str
    group: str
    certainty: str
    indicators: list[ParsedIndicator] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class LoadReport:
    criteria_set: CriteriaSet
    criteria: int = 0
    indicators: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return _("%(set)s: %(c)d tiêu chí, %(i)d chỉ tiêu (mới %(n)d, sửa %(u)d, bỏ %(r)d)") % {
            "set": self.criteria_set.code, "c": self.criteria, "i": self.indicators,
            "n": self.created, "u": self.updated, "r": self.removed,
        }


def _certainty(text: str) -> tuple[str, str]:
    """"confirmed (≥80%)" → (confirmed, "≥80%"); empty or anything else → draft."""
    match = re.match(r"^\s*(\w+)\s*(?:\((.*)\))?\s*$", text or "")
    if match and fold(match.group(1)) in {"confirmed", "da xac nhan", "chinh thuc"}:
        return Certainty.CONFIRMED, (match.group(2) or "").strip()
    return Certainty.DRAFT, (match.group(2) or "").strip() if match else ""


def parse_criteria_file(path: str | Path) -> list[ParsedCriterion]:
    rows = read_table(path, columns=COLUMNS, required=["criterion", "criterion_name"])
    errors: list[str] = []
    criteria: dict[int, ParsedCriterion] = {}
    seen_codes: dict[str, int] = {}
    for row in rows:
        where = _("Dòng %(n)d") % {"n": row.number}
        raw_number = row.get("criterion")
        if not raw_number.isdigit() or int(raw_number) < 1:
            errors.append(_("%(where)s: số tiêu chí «%(v)s» phải là số nguyên dương.") % {"where": where, "v": raw_number})
            continue
        number = int(raw_number)
        name = row.get("criterion_name")
        if not name:
            errors.append(_("%(where)s: thiếu tên tiêu chí.") % {"where": where})
            continue
        certainty, certainty_note = _certainty(row.get("certainty"))
        criterion = criteria.get(number)
        if criterion is None:
            criterion = criteria[number] = ParsedCriterion(number, name, row.get("group"), certainty)
        elif fold(criterion.name) != fold(name):
            errors.append(_("%(where)s: tiêu chí %(n)d đã có tên «%(a)s», dòng này ghi «%(b)s».")
                          % {"where": where, "n": number, "a": criterion.name, "b": name})
            continue
        code = row.get("indicator") or str(number)
        indicator_name = row.get("indicator_name") or (name if not row.get("indicator") else "")
        if not CODE.match(code) or code.split(".")[0] != str(number):
            errors.append(_("%(where)s: mã chỉ tiêu «%(c)s» phải bắt đầu bằng số tiêu chí %(n)d (ví dụ %(n)d.1).")
                          % {"where": where, "c": code, "n": number})
            continue
        if not indicator_name:
            errors.append(_("%(where)s: thiếu nội dung chỉ tiêu %(c)s.") % {"where": where, "c": code})
            continue
        if code in seen_codes:
            errors.append(_("%(where)s: chỉ tiêu %(c)s đã có ở dòng %(first)d.")
                          % {"where": where, "c": code, "first": seen_codes[code]})
            continue
        seen_codes[code] = row.number
        unit_label = row.get("unit")
        kind_text = fold(row.get("kind"))
        if kind_text and kind_text not in KINDS:
            errors.append(_("%(where)s: loại «%(v)s» không hợp lệ (yes_no hoặc numeric).")
                          % {"where": where, "v": row.get("kind")})
            continue
        kind = KINDS[kind_text] if kind_text else (IndicatorKind.NUMERIC if unit_label else IndicatorKind.YES_NO)
        comparator_text = row.get("comparator").strip().lower()
        if comparator_text and comparator_text not in COMPARATORS:
            errors.append(_("%(where)s: phép so sánh «%(v)s» không hợp lệ (>=, <= hoặc =).")
                          % {"where": where, "v": row.get("comparator")})
            continue
        comparator = COMPARATORS.get(comparator_text, Comparator.GTE)
        criterion.indicators.append(ParsedIndicator(code, indicator_name, unit_label, kind, comparator,
                                                    certainty, certainty_note, placeholder=not row.get("indicator")))
    if errors:
        raise TableError(errors)
    return sorted(criteria.values(), key=lambda c: c.number)


@transaction.atomic
def load_criteria_set(
    *, path: str | Path, code: str, name: str, level: str, tier: str = SetTier.STANDARD, version: int = 1,
    legal_basis: str = "", valid_from: datetime.date | None = None, valid_to: datetime.date | None = None,
    owner=None, actor=None,
) -> LoadReport:
    """Load (or reload) one set from a file. Raises TableError and writes nothing if the file is bad."""
    parsed = parse_criteria_file(path)
    if level not in SetLevel.values:
        raise TableError([_("Cấp áp dụng «%(v)s» không hợp lệ (commune, village hoặc district).") % {"v": level}])
    criteria_set, created = CriteriaSet.objects.select_for_update().get_or_create(
        code=code, version=version,
        defaults={"name": name, "level": level, "tier": tier, "legal_basis": legal_basis,
                  "valid_from": valid_from, "valid_to": valid_to, "owner": owner},
    )
    report = LoadReport(criteria_set=criteria_set)
    if not created:
        changed = {k: v for k, v in {"name": name, "level": level, "tier": tier, "legal_basis": legal_basis,
                                     "valid_from": valid_from, "valid_to": valid_to, "owner": owner}.items()
                   if getattr(criteria_set, k) != v}
        if changed and criteria_set.assessments.exists() and "level" in changed:
            raise TableError([_("Bộ %(code)s đã có kết quả đánh giá: không đổi cấp áp dụng được; "
                                "hãy nạp thành phiên bản mới.") % {"code": code}])
        for key, value in changed.items():
            setattr(criteria_set, key, value)
        if changed:
            criteria_set.save(update_fields=list(changed))

    existing_criteria = {c.number: c for c in criteria_set.criteria.all()}
    existing_indicators = {i.code: i for i in criteria_set.indicators.all()}
    # A criterion the file lists without indicators keeps the indicators entered since (portal or file).
    for pc in parsed:
        entered = [i for code_, i in existing_indicators.items()
                   if code_.split(".")[0] == str(pc.number) and code_ != str(pc.number)]
        if entered and all(pi.placeholder for pi in pc.indicators):
            pc.indicators = []
            pc.kept = [i.code for i in entered]
    wanted_codes = {i.code for c in parsed for i in c.indicators} | {
        code_ for c in parsed for code_ in getattr(c, "kept", [])}
    used = set(
        IndicatorResult.objects.filter(indicator__criteria_set=criteria_set).values("indicator__code")
        .annotate(n=Count("pk")).values_list("indicator__code", flat=True)
    )
    stale = [code_ for code_ in existing_indicators if code_ not in wanted_codes]
    blocked = sorted(c for c in stale if c in used)
    if blocked:
        raise TableError([_("Chỉ tiêu %(codes)s đã có kết quả đánh giá nên không bỏ được; "
                            "hãy nạp thành phiên bản mới (--version).") % {"codes": ", ".join(blocked)}])

    for pc in parsed:
        criterion = existing_criteria.get(pc.number)
        fields = {"name": pc.name, "group": pc.group, "certainty": pc.certainty}
        if criterion is None:
            criterion = Criterion.objects.create(criteria_set=criteria_set, number=pc.number, **fields)
            report.created += 1
        elif any(getattr(criterion, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(criterion, k, v)
            criterion.save(update_fields=list(fields))
            report.updated += 1
        for pi in pc.indicators:
            fields = {"criterion": criterion, "name": pi.name, "unit_label": pi.unit_label, "kind": pi.kind,
                      "comparator": pi.comparator, "certainty": pi.certainty,
                      "certainty_note": pi.certainty_note, "sort_key": Indicator.sort_key_of(pi.code)}
            indicator = existing_indicators.get(pi.code)
            if indicator is None:
                Indicator.objects.create(criteria_set=criteria_set, code=pi.code, **fields)
                report.created += 1
            elif any(getattr(indicator, k) != v for k, v in fields.items()):
                if pi.code in used and indicator.kind != pi.kind:
                    raise TableError([_("Chỉ tiêu %(c)s đã có kết quả đánh giá: không đổi loại được.") % {"c": pi.code}])
                for k, v in fields.items():
                    setattr(indicator, k, v)
                indicator.save(update_fields=[k for k in fields])
                report.updated += 1
    if stale:
        report.removed += Indicator.objects.filter(criteria_set=criteria_set, code__in=stale).delete()[1].get(
            "criteria.Indicator", 0)
    wanted_numbers = {c.number for c in parsed}
    gone = [n for n in existing_criteria if n not in wanted_numbers]
    if gone:
        report.removed += Criterion.objects.filter(criteria_set=criteria_set, number__in=gone).delete()[1].get(
            "criteria.Criterion", 0)
    report.criteria = len(parsed)
    report.indicators = len(wanted_codes)
    if created or report.created or report.updated or report.removed:
        audit_record(actor=actor, action="criteria_set.load", target=criteria_set,
                     note=str(report))
    return report


@transaction.atomic
def load_shipped_sets(*, actor=None) -> list[LoadReport]:
    from django.utils.module_loading import import_string

    reports = []
    for spec in SHIPPED_SETS:
        spec = dict(spec)
        then = spec.pop("then", None)  # what another app reads from the same file (e.g. the lead of each standard)
        reports.append(load_criteria_set(actor=actor, **spec))
        if then:
            import_string(then)(path=spec["path"], criteria_set=reports[-1].criteria_set, actor=actor)
    return reports


# --- targets by commune group, and the groups themselves (QĐ 51/2025), from files ---------------

TARGET_COLUMNS = {
    "indicator": ["Chỉ tiêu", "Mã chỉ tiêu"],
    "group": ["Nhóm", "Nhóm xã"],
    "target": ["Chỉ tiêu phải đạt", "Mức phải đạt", "Giá trị"],
    "margin": ["Biên độ gần đạt", "Biên độ"],
    "comparator": ["So sánh"],
}
GROUP_COLUMNS = {
    "commune_code": ["Mã xã", "Mã đơn vị"],
    "group": ["Nhóm", "Nhóm xã"],
    "valid_from": ["Từ ngày", "Hiệu lực từ"],
    "decision": ["Căn cứ", "Quyết định"],
}


def _number(text: str):
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e10") else None


def load_targets(*, path: str | Path, criteria_set: CriteriaSet, unit, actor=None) -> int:
    """Targets of a set's numeric indicators for a coordinating unit, per commune group (blank group: every
    commune). All or nothing; returns the number of changes. Raises TableError naming every bad row."""
    from decimal import Decimal

    from .models import CommuneGroupNumber
    from .services import TargetInput, targets_set

    rows = read_table(path, columns=TARGET_COLUMNS, required=["indicator", "target"])
    indicators = {i.code: i for i in criteria_set.indicators.all()}
    errors, by_group, seen = [], {}, {}
    for row in rows:
        where = _("Dòng %(n)d") % {"n": row.number}
        indicator = indicators.get(row.get("indicator"))
        if indicator is None:
            errors.append(_("%(where)s: bộ %(set)s không có chỉ tiêu «%(c)s».")
                          % {"where": where, "set": criteria_set.code, "c": row.get("indicator")})
            continue
        if indicator.kind != IndicatorKind.NUMERIC:
            errors.append(_("%(where)s: chỉ tiêu %(c)s là loại đạt / không đạt, không có mức phải đạt.")
                          % {"where": where, "c": indicator.code})
            continue
        group_text = row.get("group").lower().replace("nhóm", "").strip()
        group = int(group_text) if group_text.isdigit() else None
        if group_text and group not in CommuneGroupNumber.values:
            errors.append(_("%(where)s: nhóm xã «%(v)s» phải là 1, 2 hoặc 3 (hoặc để trống cho mọi xã).")
                          % {"where": where, "v": row.get("group")})
            continue
        value = _number(row.get("target"))
        if value is None:
            errors.append(_("%(where)s: mức phải đạt «%(v)s» không phải là số.") % {"where": where, "v": row.get("target")})
            continue
        margin = _number(row.get("margin")) if row.get("margin") else Decimal("10")
        if margin is None or not (0 <= margin <= 100):
            errors.append(_("%(where)s: biên độ gần đạt «%(v)s» phải từ 0 đến 100.") % {"where": where, "v": row.get("margin")})
            continue
        comparator = COMPARATORS.get(row.get("comparator").strip().lower(), indicator.comparator) \
            if row.get("comparator") else indicator.comparator
        key = (indicator.code, group)
        if key in seen:
            errors.append(_("%(where)s: chỉ tiêu %(c)s đã có mức cho nhóm này ở dòng %(first)d.")
                          % {"where": where, "c": indicator.code, "first": seen[key]})
            continue
        seen[key] = row.number
        by_group.setdefault(group, []).append(TargetInput(indicator=indicator, comparator=comparator,
                                                          value=value.quantize(Decimal("0.01")), margin=margin))
    if errors:
        raise TableError(errors)
    with transaction.atomic():
        return sum(targets_set(criteria_set=criteria_set, district=unit, rows=rows_, actor=actor, group=group)
                   for group, rows_ in by_group.items())


def load_commune_groups(*, path: str | Path, actor=None, default_from: datetime.date | None = None, unit=None) -> int:
    """The group of each commune from a date (the province's decision). All or nothing; returns rows written."""
    from directory.models import AdministrativeUnit, UnitLevel

    from .models import CommuneGroupNumber
    from .services import commune_group_set

    rows = read_table(path, columns=GROUP_COLUMNS, required=["commune_code", "group"])
    errors, plans = [], []
    codes = {row.get("commune_code") for row in rows}
    communes = list(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code__in=codes))
    for row in rows:
        where = _("Dòng %(n)d") % {"n": row.number}
        try:
            on = (datetime.date.fromisoformat(row.get("valid_from")[:10]) if "-" in row.get("valid_from")
                  else datetime.datetime.strptime(row.get("valid_from")[:10], "%d/%m/%Y").date()
                  ) if row.get("valid_from") else default_from
        except ValueError:
            errors.append(_("%(where)s: ngày «%(v)s» không đúng dạng dd/mm/yyyy.") % {"where": where, "v": row.get("valid_from")})
            continue
        if on is None:
            errors.append(_("%(where)s: thiếu ngày bắt đầu (cột valid_from).") % {"where": where})
            continue
        # A code reused after a merger: the commune of that code in force on the date.
        commune = next((c for c in communes if c.code == row.get("commune_code") and c.in_force_on(on)), None)
        if commune is None:
            errors.append(_("%(where)s: không có xã mã «%(c)s» có hiệu lực ngày %(d)s.")
                          % {"where": where, "c": row.get("commune_code"), "d": on.strftime("%d/%m/%Y")})
            continue
        group_text = row.get("group").lower().replace("nhóm", "").strip()
        if not group_text.isdigit() or int(group_text) not in CommuneGroupNumber.values:
            errors.append(_("%(where)s: nhóm xã «%(v)s» phải là 1, 2 hoặc 3.") % {"where": where, "v": row.get("group")})
            continue
        plans.append((commune, int(group_text), on, row.get("decision")))
    if errors:
        raise TableError(errors)
    with transaction.atomic():
        for commune, group, on, decision in plans:
            commune_group_set(commune=commune, group=group, valid_from=on, decision=decision, actor=actor, unit=unit)
    return len(plans)
