"""Weekly figures in and out as DHIS2 `dataValueSets` (JSON) and DHIS2's CSV layout.

Out: for a period (week `2025W11`, month `202503`, quarter `2025Q1`) and a coordinating unit, every
action day of the unit's programme in the period gives one value per filed commune and mapped figure:
period = the ISO week of the action day, orgUnit = the commune's GSO code, dataElement and
categoryOptionCombo from the office's mapping table (api.Dhis2Mapping). The figures are the roll-up's
(reporting.figures.commune_figures), so the exchange and the Monday roll-up say the same numbers.

In: the same format, checked whole before anything is written; one wrong value refuses the file
with every error named (row, field) in Vietnamese. Values are kept as received (api.ExchangedValue).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import ActionDay
from directory.models import AdministrativeUnit, Commune, coordinated_communes_q
from ntm_portal.audit import audit_record
from ntm_portal.collation import vi, vi_sorted
from reporting.figures import commune_figures

from .models import Dhis2Mapping, ExchangedValue, ExchangeImport

CSV_COLUMNS = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value"]
MAX_VALUES = 50_000
MAX_VALUE = Decimal("999999999999.99")
WEEK = re.compile(r"^(\d{4})W(\d{1,2})$")
MONTH = re.compile(r"^(\d{4})(\d{2})$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


@dataclasses.dataclass(frozen=True)
class Period:
    code: str
    start: datetime.date
    end: datetime.date


def period_parse(code: str) -> Period:
    """A DHIS2 period id (weekly, monthly or quarterly) → its first and last day; ValidationError otherwise."""
    code = (code or "").strip()
    try:
        if m := WEEK.match(code):
            start = datetime.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Period(f"{m[1]}W{int(m[2])}", start, start + datetime.timedelta(days=6))
        if m := MONTH.match(code):
            start = datetime.date(int(m[1]), int(m[2]), 1)
            following = datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return Period(code, start, following - datetime.timedelta(days=1))
        if m := QUARTER.match(code):
            year, quarter = int(m[1]), int(m[2])
            start = datetime.date(year, 3 * quarter - 2, 1)
            following = datetime.date(year + quarter // 4, (3 * quarter) % 12 + 1, 1)
            return Period(code, start, following - datetime.timedelta(days=1))
    except ValueError:
        pass
    raise ValidationError({"period": _("Kỳ “%(code)s” không hợp lệ: dùng tuần (2025W11), tháng (202503) "
                                       "hoặc quý (2025Q1).") % {"code": code[:20]}}, code="period")


def week_code(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}W{week}"


def _value_text(value) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)


def data_values(*, unit: AdministrativeUnit, period: Period) -> list[dict]:
    """The dataValues of the unit's filed communes for every action day in the period (a fixed number of queries)."""
    mappings = list(Dhis2Mapping.objects.filter(is_active=True))
    if not mappings:
        raise ValidationError(_("Chưa có bảng ánh xạ DHIS2: văn phòng điều phối cần khai báo trước khi xuất."),
                              code="no_mapping")
    days = list(ActionDay.objects.filter(programme__owner=unit, date__gte=period.start, date__lte=period.end)
                .exclude(status=ActionDay.Status.CANCELLED).order_by("date"))
    out = []
    for day in days:
        communes = dict(Commune.objects.current(day.date).filter(coordinated_communes_q(unit))
                        .exclude(code="").order_by(vi("name")).values_list("pk", "code"))
        figures = commune_figures(action_day_ids=[day.pk], commune_ids=list(communes))
        for commune_id, code in communes.items():
            fig = figures[(day.pk, commune_id)]
            if not fig.is_filed:
                continue
            for m in mappings:
                value = {"dataElement": m.data_element, "period": week_code(day.date), "orgUnit": code,
                         "categoryOptionCombo": m.category_option_combo,
                         "value": _value_text(getattr(fig, m.figure))}
                if m.attribute_option_combo:
                    value["attributeOptionCombo"] = m.attribute_option_combo
                out.append(value)
    out.sort(key=lambda v: (v["period"], v["orgUnit"], v["dataElement"], v["categoryOptionCombo"]))
    return out


def data_value_set(*, unit: AdministrativeUnit, period: Period) -> dict:
    return {"period": period.code, "orgUnit": unit.code, "dataValues": data_values(unit=unit, period=period)}


def data_values_csv(values: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in values:
        writer.writerow([v["dataElement"], v["period"], v["orgUnit"], v["categoryOptionCombo"],
                         v.get("attributeOptionCombo", ""), v["value"]])
    return buffer.getvalue()


# --- import ---------------------------------------------------------------------------------------

@dataclasses.dataclass
class Row:
    label: str  # "Giá trị thứ 3" / "Dòng 4"
    field_prefix: str  # "dataValues[2]." / "row 4."
    data: dict


def rows_from_json(payload) -> list[Row]:
    if not isinstance(payload, dict) or not isinstance(payload.get("dataValues"), list):
        raise ValidationError({"dataValues": _("Tệp cần có danh sách “dataValues”.")}, code="format")
    rows = []
    for index, item in enumerate(payload["dataValues"]):
        rows.append(Row(_("Giá trị thứ %(n)s") % {"n": index + 1}, f"dataValues[{index}].",
                        item if isinstance(item, dict) else {"_not_object": True}))
    return rows


def rows_from_csv(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header[:6]] != CSV_COLUMNS:
        raise ValidationError({"row 1": _("Dòng 1 phải là tiêu đề: %(cols)s.") % {"cols": ",".join(CSV_COLUMNS)}},
                              code="format")
    names = {"dataelement": "dataElement", "period": "period", "orgunit": "orgUnit",
             "categoryoptioncombo": "categoryOptionCombo", "attributeoptioncombo": "attributeOptionCombo",
             "value": "value"}
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        data = {names[col]: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(CSV_COLUMNS)}
        rows.append(Row(_("Dòng %(n)s") % {"n": number}, f"row {number}.", data))
    return rows


def _mapping_of(mappings: list[Dhis2Mapping], element: str, combo: str) -> Dhis2Mapping | None:
    exact = [m for m in mappings if m.data_element == element and m.category_option_combo == combo]
    if exact:
        return exact[0]
    if not combo:
        alone = [m for m in mappings if m.data_element == element]
        return alone[0] if len(alone) == 1 else None
    return None


def validate_rows(*, unit: AdministrativeUnit, rows: list[Row]) -> tuple[list[tuple[int, str, str, Decimal]],
                                                                         list[tuple[str, str]]]:
    """(values to store as (commune id, week, figure, value), errors as (field, message)) — every row checked."""
    errors: list[tuple[str, str]] = []
    if not rows:
        return [], [("dataValues", _("Tệp không có giá trị nào."))]
    if len(rows) > MAX_VALUES:
        return [], [("dataValues", _("Tệp có %(n)s giá trị, tối đa %(max)s.") % {"n": len(rows), "max": MAX_VALUES})]
    mappings = list(Dhis2Mapping.objects.filter(is_active=True))
    communes: dict[str, list[Commune]] = {}
    for commune in Commune.objects.filter(coordinated_communes_q(unit)).exclude(code=""):
        communes.setdefault(commune.code, []).append(commune)
    seen, values = {}, []
    for row in rows:
        def bad(field, message, row=row):
            errors.append((f"{row.field_prefix}{field}", f"{row.label}, {field}: {message}"))

        if row.data.get("_not_object"):
            bad("value", _("cần một đối tượng JSON."))
            continue
        text = {k: row.data.get(k) for k in ("dataElement", "period", "orgUnit", "categoryOptionCombo", "value")}
        wrong_type = [k for k, v in text.items() if v is not None and not isinstance(v, (str, int, float))]
        for k in wrong_type:
            bad(k, _("kiểu dữ liệu không đúng."))
        if wrong_type:
            continue
        element = str(text["dataElement"] or "").strip()
        combo = str(text["categoryOptionCombo"] or "").strip()
        mapping = _mapping_of(mappings, element, combo)
        if not element:
            bad("dataElement", _("thiếu mã phần tử dữ liệu."))
        elif mapping is None:
            bad("dataElement", _("“%(de)s” (tổ hợp “%(coc)s”) không có trong bảng ánh xạ.") % {
                "de": element[:40], "coc": combo[:40]})
        period_code = str(text["period"] or "").strip()
        week = None
        if not WEEK.match(period_code):
            bad("period", _("“%(p)s” không phải kỳ tuần (ví dụ 2025W11).") % {"p": period_code[:20]})
        else:
            try:
                week = period_parse(period_code)
            except ValidationError:
                bad("period", _("tuần “%(p)s” không tồn tại.") % {"p": period_code[:20]})
        code = str(text["orgUnit"] or "").strip()
        commune = None
        if not code:
            bad("orgUnit", _("thiếu mã đơn vị."))
        elif code not in communes:
            bad("orgUnit", _("mã đơn vị “%(code)s” không phải xã do %(unit)s điều phối.") % {
                "code": code[:20], "unit": unit.full_name})
        elif week is not None:
            commune = next((c for c in communes[code] if c.in_force_on(week.end) or c.in_force_on(week.start)), None)
            if commune is None:
                bad("orgUnit", _("xã mã “%(code)s” không còn hiệu lực trong tuần %(p)s.") % {
                    "code": code, "p": week.code})
        raw = text["value"]
        amount = None
        try:
            amount = Decimal(str(raw).strip().replace(",", ".")) if raw is not None and str(raw).strip() else None
            if amount is None:
                bad("value", _("thiếu giá trị."))
            elif not amount.is_finite() or amount < 0 or amount > MAX_VALUE:
                bad("value", _("giá trị “%(v)s” phải là số không âm, nhỏ hơn một nghìn tỷ.") % {"v": str(raw)[:20]})
                amount = None
            elif amount != amount.quantize(Decimal("0.01")):
                bad("value", _("tối đa hai chữ số thập phân."))
                amount = None
        except InvalidOperation:
            bad("value", _("“%(v)s” không phải là số.") % {"v": str(raw)[:20]})
        if mapping is not None and week is not None and commune is not None and amount is not None:
            key = (commune.pk, week.code, mapping.figure)
            if key in seen:
                bad("dataElement", _("trùng với %(other)s.") % {"other": seen[key]})
                continue
            seen[key] = row.label
            values.append((commune.pk, week.code, mapping.figure, amount))
    return values, errors


@transaction.atomic
def exchange_import(*, unit: AdministrativeUnit, rows: list[Row], source_format: str, raw: bytes,
                    actor) -> ExchangeImport:
    """Store a partner's values whole or not at all; the audit row names the file's SHA-256."""
    values, errors = validate_rows(unit=unit, rows=rows)
    if errors:
        raise ValidationError({field: message for field, message in errors}, code="invalid")
    batch = ExchangeImport.objects.create(unit=unit, source_format=source_format, imported_by=actor,
                                          value_count=len(values), digest=hashlib.sha256(raw).hexdigest())
    existing = {(v.org_unit_id, v.period, v.figure): v for v in ExchangedValue.objects.filter(
        org_unit_id__in={c for c, *_rest in values}, period__in={p for _c, p, *_rest in values})}
    created, updated = [], []
    for commune_id, period, figure, amount in values:
        current = existing.get((commune_id, period, figure))
        if current is None:
            created.append(ExchangedValue(batch=batch, org_unit_id=commune_id, period=period, figure=figure,
                                          value=amount))
        else:
            current.batch, current.value = batch, amount
            updated.append(current)
    ExchangedValue.objects.bulk_create(created)
    ExchangedValue.objects.bulk_update(updated, ["batch", "value"])
    audit_record(actor=actor, action="exchange.import", target=batch, unit=unit,
                 after={"values": len(values), "created": len(created), "updated": len(updated),
                        "format": source_format, "sha256": batch.digest})
    batch.created_count, batch.updated_count = len(created), len(updated)
    return batch


# --- what partner systems sent back, next to the portal's own figures ------------------------------------

@dataclasses.dataclass
class ReceivedRow:
    org_unit_id: int
    org_unit_code: str
    org_unit_name: str
    period: str
    figure: str
    figure_label: str
    data_element: str | None
    category_option_combo: str | None
    received: Decimal
    portal: Decimal | None
    imported_at: datetime.datetime

    @property
    def difference(self) -> Decimal | None:
        return None if self.portal is None else self.received - self.portal

    @property
    def differs(self) -> bool:
        return self.portal is not None and self.received != self.portal


def _week_codes(period: Period) -> list[str]:
    days = (period.end - period.start).days + 1
    return sorted({week_code(period.start + datetime.timedelta(days=i)) for i in range(days)})


def received_values(*, unit: AdministrativeUnit, period: Period | None = None) -> list[ReceivedRow]:
    """The values partner systems sent back through the unit's imports (the latest import of a commune ×
    week × figure), each next to the portal's own figure for the same cell — the one the export would send
    (reporting.figures.commune_figures of the filed report; several action days in a week: their sum) —
    where the figure has an active mapping row. A fixed number of queries."""
    values = (ExchangedValue.objects.filter(batch__unit=unit).select_related("org_unit", "batch"))
    if period is not None:
        values = values.filter(period__in=_week_codes(period))
    values = list(values)
    mappings = {m.figure: m for m in Dhis2Mapping.objects.filter(is_active=True)}
    weeks = {v.period for v in values}
    days_of_week: dict[str, list[int]] = {}
    if weeks:
        starts = [period_parse(w).start for w in weeks]
        for day in (ActionDay.objects.filter(programme__owner=unit, date__gte=min(starts),
                                             date__lte=max(starts) + datetime.timedelta(days=6))
                    .exclude(status=ActionDay.Status.CANCELLED).only("pk", "date")):
            days_of_week.setdefault(week_code(day.date), []).append(day.pk)
    figures = commune_figures(action_day_ids=[d for ids in days_of_week.values() for d in ids],
                              commune_ids=list({v.org_unit_id for v in values}))
    labels = dict(ExchangedValue._meta.get_field("figure").choices)
    rows = []
    for v in values:
        portal = None
        if v.figure in mappings:
            filed = [figures[(d, v.org_unit_id)] for d in days_of_week.get(v.period, [])
                     if (d, v.org_unit_id) in figures and figures[(d, v.org_unit_id)].is_filed]
            if filed:
                portal = sum((Decimal(getattr(f, v.figure) or 0) for f in filed), Decimal(0))
        mapping = mappings.get(v.figure)
        rows.append(ReceivedRow(
            org_unit_id=v.org_unit_id, org_unit_code=v.org_unit.code, org_unit_name=v.org_unit.full_name,
            period=v.period, figure=v.figure, figure_label=str(labels.get(v.figure, v.figure)),
            data_element=mapping.data_element if mapping else None,
            category_option_combo=mapping.category_option_combo if mapping else None,
            received=v.value, portal=portal, imported_at=v.batch.imported_at))
    order = {figure: i for i, figure in enumerate(labels)}
    keyed = {r.org_unit_id: r.org_unit_name for r in rows}
    names = {pk: i for i, pk in enumerate(vi_sorted(keyed, key=keyed.get))}
    rows.sort(key=lambda r: (-period_parse(r.period).start.toordinal(), names[r.org_unit_id], order.get(r.figure, 99)))
    return rows
