"""Reads of the directory, always through the user's scope, at a fixed number of queries."""

from __future__ import annotations

import bisect
import dataclasses
import datetime
from collections import defaultdict

from django.db.models import BigIntegerField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal.access import Scope
from ntm_portal.collation import vi

from .models import (
    AdministrativeUnit,
    Agency,
    Assignment,
    Commune,
    DocumentIssuer,
    HouseholdCount,
    Person,
    SignerAuthority,
    Village,
    coordinated_communes_q,
    in_sentence,
)


def latest_households(on: datetime.date | None = None) -> Subquery:
    """Subquery: the village's household count in force on a date (latest before it)."""
    counts = HouseholdCount.objects.filter(village=OuterRef("pk"))
    if on is not None:
        counts = counts.filter(as_of__lte=on)
    return Subquery(counts.order_by("-as_of").values("households")[:1])


def villages_of(commune_ids, on: datetime.date | None = None) -> QuerySet[Village]:
    """The villages of communes (with households) as they were on a date: before a merger a former
    commune still has its villages, the new commune not yet (one query)."""
    if on is None:
        return (
            Village.objects.current(on).filter(parent_id__in=commune_ids)
            .annotate(households=latest_households(on))
            .order_by("parent_id", vi("name"))
        )
    return (
        villages_on_q(commune_ids, on)
        .annotate(households=latest_households(on))
        .order_by("parent_on", vi("name"))
    )


def villages_on_q(commune_ids, on: datetime.date) -> QuerySet[Village]:
    """Villages valid on a date that belonged then to one of the communes, `parent_on` annotated: the
    first move after the date says where the village was (one query, with subqueries)."""
    from django.db.models.functions import Coalesce

    from .models import UnitMove

    commune_ids = list(commune_ids)
    moved_out = UnitMove.objects.filter(from_parent_id__in=commune_ids, on__gt=on).values("unit_id")
    first_move = UnitMove.objects.filter(unit_id=OuterRef("pk"), on__gt=on).order_by("on")
    return (
        Village.objects.current(on).filter(Q(parent_id__in=commune_ids) | Q(pk__in=moved_out))
        .annotate(parent_on=Coalesce(Subquery(first_move.values("from_parent_id")[:1]), "parent_id",
                                     output_field=BigIntegerField()))
        .filter(parent_on__in=commune_ids)
    )


@dataclasses.dataclass
class CommuneRow:
    commune: Commune
    villages: list[Village]
    agency_count: int

    @property
    def households(self) -> int:
        return sum(v.households or 0 for v in self.villages)


def commune_rows(scope: Scope) -> list[CommuneRow]:
    """The communes the scope reads, each with its villages (households) and agency count.

    Three queries whatever the number of communes. Each commune comes with its district and province
    (its coordinating unit is then found without a query per level: the officer's home).
    """
    today = timezone.localdate()
    communes = list(
        Commune.objects.current().filter(scope.commune_filter()).select_related("parent__parent")
        .annotate(agency_count=Count("assignments", filter=Q(assignments__valid_from__lte=today)
                                     & (Q(assignments__valid_to__isnull=True) | Q(assignments__valid_to__gte=today))))
        .order_by(vi("name"))
    )
    by_commune: dict[int, list[Village]] = defaultdict(list)
    for village in villages_of([c.pk for c in communes]):
        by_commune[village.parent_id].append(village)
    return [CommuneRow(c, by_commune[c.pk], c.agency_count) for c in communes]


def assignments_of_commune(commune: Commune) -> QuerySet[Assignment]:
    """Every assignment to the commune, current first, with each agency's staff count."""
    return (
        Assignment.objects.filter(commune=commune)
        .select_related("agency")
        .annotate(staff_count=Count("agency__staff", filter=Q(agency__staff__is_active=True)))
        .order_by("valid_to", vi("agency__name"))
    )


def agencies_for(scope: Scope, *, kind: str = "", search: str = "") -> QuerySet[Agency]:
    today = timezone.localdate()
    qs = (
        Agency.objects.filter(scope.agency_filter())
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True), distinct=True))
        .prefetch_related(Prefetch(
            "assignments", queryset=Assignment.objects.open_on(today).select_related("commune"),
            to_attr="current_assignments",
        ))
        .order_by("kind", vi("name"))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        from ntm_portal.text import fold

        folded = fold(search)
        ids = [a.pk for a in Agency.objects.filter(scope.agency_filter()).only("pk", "name") if folded in fold(a.name)]
        qs = qs.filter(pk__in=ids)
    return qs


def staff_of(agency: Agency, *, search: str = "") -> QuerySet[Person]:
    qs = Person.objects.filter(agency=agency).order_by("-is_active", vi("full_name"))
    return qs.search(search) if search else qs


# --- history across a reorganisation ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Period:
    unit_id: int
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def covers(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)


def lineage(unit_ids) -> dict[int, list[Period]]:
    """Each unit → the units whose history it carries: itself and its predecessors, recursively.

    A commune merged on 01/07/2025 carries the former communes merged into it (and those merged
    into them earlier). One query when nothing was ever merged, one more per generation of mergers.
    """
    unit_ids = list(unit_ids)
    fields = ("pk", "valid_from", "valid_to", "successor_id")
    found = list(AdministrativeUnit.objects.filter(Q(pk__in=unit_ids) | Q(successor_id__in=unit_ids)).values(*fields))
    rows = {r["pk"]: r for r in found if r["pk"] in set(unit_ids)}
    root_of = {pk: pk for pk in rows}
    generation = [r for r in found if r["pk"] not in root_of]
    while generation:
        for row in generation:
            root_of[row["pk"]] = root_of[row["successor_id"]]
            rows[row["pk"]] = row
        generation = list(AdministrativeUnit.objects.filter(successor_id__in=[r["pk"] for r in generation])
                          .exclude(pk__in=list(root_of)).values(*fields))
    result: dict[int, list[Period]] = {pk: [] for pk in unit_ids if pk in rows}
    for pk, root in root_of.items():
        row = rows[pk]
        result[root].append(Period(pk, row["valid_from"], row["valid_to"]))
    for periods in result.values():
        periods.sort(key=lambda p: (p.valid_from or datetime.date.min, p.unit_id))
    return result


def carried_on(periods: list[Period], on: datetime.date) -> list[int]:
    """The units of a lineage in force on a date: the former communes before a merger, the new one after."""
    return [p.unit_id for p in periods if p.covers(on)]


def units_carried_on(unit_ids, on: datetime.date) -> dict[int, list[int]]:
    """Each unit → the ids whose figures of date `on` are shown summed under it."""
    return {pk: carried_on(periods, on) for pk, periods in lineage(unit_ids).items()}


def village_parents_on(village_ids, on: datetime.date) -> dict[int, int]:
    """Each village → the commune it belonged to on a date (moves recorded by a reorganisation); two queries."""
    from .models import UnitMove

    Unit = AdministrativeUnit

    parents = dict(Unit.objects.filter(pk__in=list(village_ids)).values_list("pk", "parent_id"))
    # The earliest move after the date says where the village was on it.
    for unit_id, from_parent, _on in (UnitMove.objects.filter(unit_id__in=list(parents), on__gt=on)
                                      .order_by("-on").values_list("unit_id", "from_parent_id", "on")):
        parents[unit_id] = from_parent
    return parents


def villages_on(commune_ids, on: datetime.date) -> list[int]:
    """The villages of communes as they were on a date, before or after a reorganisation (three queries)."""
    from .models import UnitMove

    commune_ids = list(commune_ids)
    candidates = set(Village.objects.current(on).filter(parent_id__in=commune_ids).values_list("pk", flat=True))
    candidates |= set(UnitMove.objects.filter(from_parent_id__in=commune_ids, on__gt=on).values_list("unit_id", flat=True))
    wanted = set(commune_ids)
    village_ids = Village.objects.current(on).filter(pk__in=candidates).values_list("pk", flat=True)
    parents = village_parents_on(village_ids, on)
    return sorted(pk for pk, parent in parents.items() if parent in wanted)


def villages_by_commune_on(commune_ids, dates, *, fields=("pk", "name", "parent_id", "valid_from", "valid_to")):
    """For each date: the villages valid on it that belonged then to one of the communes, each with
    `commune_id` set to that commune (before a merger: the former commune; after it: the new one).

    Two queries whatever the number of dates: the moves touching the communes, the villages.
    """
    from .models import UnitMove

    commune_ids = list(commune_ids)
    wanted = set(commune_ids)
    # Every move into or out of one of the communes, and every move of a village now in one of them:
    # the first of these after a date says where the village was on it (see the test of villages_on).
    moves = list(UnitMove.objects.filter(Q(from_parent_id__in=commune_ids) | Q(to_parent_id__in=commune_ids)
                                         | Q(unit__parent_id__in=commune_ids))
                 .order_by("on").values_list("unit_id", "from_parent_id", "on"))
    moves_of: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for unit_id, from_parent, on in moves:
        moves_of[unit_id].append((from_parent, on))
    villages = list(Village.objects.filter(Q(parent_id__in=commune_ids) | Q(pk__in=list(moves_of)))
                    .values(*dict.fromkeys((*fields, "pk", "parent_id", "valid_from", "valid_to"))))
    # Every test below reads "on < X" for a date X of the data (a start, the day after an end, a move):
    # dates between the same two such X give the same villages, so each span is computed once (two
    # years of weekly dates with no reorganisation in them: one pass instead of 104).
    edges = sorted({v["valid_from"] for v in villages if v["valid_from"]}
                   | {v["valid_to"] + datetime.timedelta(days=1) for v in villages if v["valid_to"]}
                   | {moved_on for moved in moves_of.values() for _f, moved_on in moved})
    by_span: dict[int, list[dict]] = {}
    result: dict[datetime.date, list[dict]] = {}
    for on in dates:
        span = bisect.bisect_right(edges, on)
        if span not in by_span:
            rows = []
            for v in villages:
                if (v["valid_from"] and v["valid_from"] > on) or (v["valid_to"] and v["valid_to"] < on):
                    continue
                parent = next((f for f, moved_on in moves_of.get(v["pk"], ()) if moved_on > on), v["parent_id"])
                if parent in wanted:
                    rows.append({**v, "commune_id": parent})
            by_span[span] = rows
        result[on] = list(by_span[span])  # a list per date; the rows are shared (read them, do not change them)
    return result


def issuer_of(unit: AdministrativeUnit) -> DocumentIssuer:
    """The unit's issuing data; when none has been entered, defaults derived from the unit itself
    (issued by its People's Committee, signed on its behalf by the chair), not saved."""
    issuer = DocumentIssuer.objects.filter(unit=unit).select_related("unit").first()
    return issuer if issuer is not None else issuer_of_default(unit)


def issuers_for_coordinator(district: AdministrativeUnit) -> list[DocumentIssuer]:
    """The coordinating unit first, then its communes in Vietnamese order; unsaved defaults where none (2 queries)."""
    communes = Commune.objects.current().filter(coordinated_communes_q(district)).exclude(pk=district.pk)
    units = [district, *communes.order_by(vi("name"))]
    saved = {i.unit_id: i for i in DocumentIssuer.objects.filter(unit__in=units)}
    return [saved.get(u.pk) or issuer_of_default(u) for u in units]


def issuer_of_default(unit: AdministrativeUnit) -> DocumentIssuer:
    committee = _("ỦY BAN NHÂN DÂN")
    return DocumentIssuer(
        unit=unit, parent_body="", body=f"{committee}|{unit.full_name.upper()}",
        name_in_text=_("UBND %(unit)s") % {"unit": in_sentence(unit.full_name)}, place=unit.name,
        report_symbol="BC-UBND", plan_symbol="KH-UBND", list_symbol="",
        signer_authority=SignerAuthority.ON_BEHALF, signer_authority_of=committee, signer_title=_("CHỦ TỊCH"),
        signer_name="", recipients=_("Lưu: VT."))
