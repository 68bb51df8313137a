"""Reads of village funds: totals per commune over a period (roll-up, dashboard, review builder),
balances per village, a village's ledger with its running balance. Each is a fixed number of queries."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from ..models import EntryDirection, EntryKind, FundEntry, FundSource

ZERO = Decimal(0)
TOTAL_KEYS = ["contributions", "spending", "money", "in_kind", "labour", "working_days", "entries",
              *[f"source_{s}" for s in FundSource.values]]


def _sum(field: str, condition: Q):
    return Coalesce(Sum(field, filter=condition), Value(ZERO), output_field=DecimalField(max_digits=20, decimal_places=1))


def _empty() -> dict:
    return {key: (0 if key == "entries" else ZERO) for key in TOTAL_KEYS} | {"balance_change": ZERO}


def fund_totals(commune_ids, start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """{commune_id: {...}} for entries dated start..end inclusive (every commune asked, zeros if none):
    contributions and spending (đồng), contributions by kind (money, in_kind, labour — đồng),
    working_days, contributions by source (source_households, source_businesses, source_benefactors,
    source_state), entries, balance_change (contributions − spending). One query."""
    ids = list(commune_ids)
    inn, out = Q(direction=EntryDirection.CONTRIBUTION), Q(direction=EntryDirection.SPENDING)
    aggregates = {
        "contributions": _sum("amount", inn), "spending": _sum("amount", out),
        "money": _sum("amount", inn & Q(kind=EntryKind.MONEY)), "in_kind": _sum("amount", inn & Q(kind=EntryKind.IN_KIND)),
        "labour": _sum("amount", inn & Q(kind=EntryKind.LABOUR)), "working_days": _sum("working_days", inn),
        "entries": Count("pk"),
        **{f"source_{s}": _sum("amount", inn & Q(source=s)) for s in FundSource.values},
    }
    result = {pk: _empty() for pk in ids}
    rows = (FundEntry.objects.filter(commune_id__in=ids, on__gte=start, on__lte=end).values("commune_id")
            .annotate(**aggregates))
    for row in rows:
        data = {key: row[key] for key in TOTAL_KEYS}
        data["balance_change"] = data["contributions"] - data["spending"]
        result[row["commune_id"]] = data
    return result


@dataclasses.dataclass
class VillageBalance:
    village_id: int
    village_name: str
    contributions: Decimal
    spending: Decimal
    entries: int

    @property
    def balance(self) -> Decimal:
        return self.contributions - self.spending


def village_balances(villages) -> list[VillageBalance]:
    """Every village given (objects with pk and name), with its all-time totals and balance. One query."""
    villages = list(villages)
    rows = {row["village_id"]: row for row in FundEntry.objects.filter(village__in=villages).values("village_id")
            .annotate(contributions=_sum("amount", Q(direction=EntryDirection.CONTRIBUTION)),
                      spending=_sum("amount", Q(direction=EntryDirection.SPENDING)), entries=Count("pk"))}
    return [VillageBalance(v.pk, v.name, rows.get(v.pk, {}).get("contributions", ZERO),
                           rows.get(v.pk, {}).get("spending", ZERO), rows.get(v.pk, {}).get("entries", 0))
            for v in villages]


@dataclasses.dataclass
class LedgerLine:
    entry: FundEntry
    balance: Decimal


@dataclasses.dataclass
class Ledger:
    village: object
    start: datetime.date | None
    end: datetime.date | None
    opening: Decimal
    lines: list[LedgerLine]
    contributions: Decimal
    spending: Decimal
    working_days: Decimal
    by_source: dict[str, Decimal]
    by_kind: dict[str, Decimal]

    @property
    def closing(self) -> Decimal:
        return self.opening + self.contributions - self.spending

    @property
    def source_rows(self) -> list[tuple[str, Decimal]]:
        return [(str(label), self.by_source.get(value, ZERO)) for value, label in FundSource.choices]

    @property
    def kind_rows(self) -> list[tuple[str, Decimal]]:
        return [(str(label), self.by_kind.get(value, ZERO)) for value, label in EntryKind.choices]


def village_ledger(village, start: datetime.date | None = None, end: datetime.date | None = None) -> Ledger:
    """The ledger of a village for start..end (both optional): opening balance, each entry with the
    balance after it, totals by source and kind. Two queries."""
    qs = FundEntry.objects.filter(village=village)
    opening = ZERO
    if start is not None:
        before = qs.filter(on__lt=start).aggregate(
            i=_sum("amount", Q(direction=EntryDirection.CONTRIBUTION)), o=_sum("amount", Q(direction=EntryDirection.SPENDING)))
        opening = before["i"] - before["o"]
        qs = qs.filter(on__gte=start)
    if end is not None:
        qs = qs.filter(on__lte=end)
    balance, lines = opening, []
    contributions = spending = working_days = ZERO
    by_source: dict[str, Decimal] = {}
    by_kind: dict[str, Decimal] = {}
    for entry in qs.select_related("created_by").order_by("on", "pk"):
        balance += entry.signed_amount
        lines.append(LedgerLine(entry, balance))
        if entry.direction == EntryDirection.CONTRIBUTION:
            contributions += entry.amount
            working_days += entry.working_days or ZERO
            by_source[entry.source] = by_source.get(entry.source, ZERO) + entry.amount
            by_kind[entry.kind] = by_kind.get(entry.kind, ZERO) + entry.amount
        else:
            spending += entry.amount
    return Ledger(village, start, end, opening, lines, contributions, spending, working_days, by_source, by_kind)


def fund_month_and_year(commune_ids, on: datetime.date) -> dict[int, dict[str, Decimal]]:
    """{commune_id: {"month": contributions this month, "year": contributions this year}} up to `on`
    (every commune asked, zeros if none): the dashboard's "nguồn lực xã hội hóa". One query."""
    ids = list(commune_ids)
    month_start, year_start = on.replace(day=1), on.replace(month=1, day=1)
    inn = Q(direction=EntryDirection.CONTRIBUTION)
    result = {pk: {"month": ZERO, "year": ZERO} for pk in ids}
    rows = (FundEntry.objects.filter(commune_id__in=ids, on__gte=year_start, on__lte=on).values("commune_id")
            .annotate(month=_sum("amount", inn & Q(on__gte=month_start)), year=_sum("amount", inn)))
    for row in rows:
        result[row["commune_id"]] = {"month": row["month"], "year": row["year"]}
    return result
