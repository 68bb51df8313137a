"""The figures of the action-day programme: one source for the Monday roll-up and the dashboards.

Pure reads that aggregate in the database (Sum / Count grouped by action day and unit) and
return plain dataclasses. Each function costs a fixed number of queries whatever the number of
communes, villages, agencies or action days: no query runs inside a loop.

**Only filed reports count.** A commune's figures (people, households, tasks, waste, teachers,
students, agency staff present) come from its day report only when that report is *submitted*
or *accepted*; a draft, a returned report or no report at all counts as not filed and
contributes zeros (the definition lives in ``campaigns.selectors.filing``, with the participation
rate and the low-participation rule). Rosters (people listed by agencies) count whatever the
report's state; agency staff *present* count only where the report is filed, and the totals keep
the staff sent to filed communes (``agency_staff_listed_filed``) apart from the others.

API (signatures are stable; the dashboards import them):

- ``commune_figures(*, action_day_ids, commune_ids) -> dict[(action_day_id, commune_id), CommuneFigures]``
  one entry for every requested pair (communes not filed included, with zeros).
- ``village_figures(*, action_day_ids, village_ids=None, commune_ids=None)
  -> dict[(action_day_id, village_id), VillageFigures]`` every village valid on the day.
- ``agency_figures(*, district, action_day_ids) -> dict[(action_day_id, agency_id), AgencyFigures]``
  roster status per agency × assigned commune, people listed / present, weeks in a row without
  taking part up to that day.
- ``totals(figures) -> Totals`` sums over communes (or villages).
- ``previous_action_day(action_day) -> ActionDay | None`` the last earlier day not cancelled.
- ``cumulative_figures(*, programme, up_to, commune_ids=None) -> Totals`` everything filed since the
  programme began, up to and including the day ``up_to``.
- ``filings_stamp(*, district, action_day) -> str`` changes whenever the figures of that day (and of
  the weeks before it) may have changed: the key under which built figures are cached.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import operator
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, IntegerField, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    ActionDay,
    Attendance,
    DayReport,
    Programme,
    Proposal,
    Roster,
    RosterEntry,
    RosterStatus,
    TaskResult,
    TaskType,
    VillageResult,
)
from campaigns.selectors.filing import FILED_STATUSES, participation_rate
from directory.models import AdministrativeUnit, Agency, Assignment, UnitLevel, coordinated_communes_q
from directory.selectors import villages_by_commune_on
from ntm_portal.collation import vi, vi_key

FILED = FILED_STATUSES  # campaigns.selectors.filing: the one definition of a filed report
ZERO = Decimal("0")


class FilingStatus:
    """How a commune stands on one action day (a plain str: cheap to compare and to hash)."""

    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    DRAFT = "draft"
    NOT_FILED = "not_filed"

    LABELS = {
        ON_TIME: _("Đúng hạn"),
        LATE: _("Trễ hạn"),
        RETURNED: _("Bị trả lại"),
        DRAFT: _("Đang soạn"),
        NOT_FILED: _("Chưa báo cáo"),
    }
    FILED = (ON_TIME, LATE)

    @classmethod
    def label(cls, value: str) -> str:
        return str(cls.LABELS[value])


@dataclasses.dataclass(frozen=True)
class TaskFigure:
    task_type_id: int
    code: str
    name: str
    unit: str
    quantity: Decimal


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclasses.dataclass
class Figures:
    """What a unit (commune, village or a sum of them) did on one or more action days."""

    residents: int = 0
    households: int = 0
    households_total: int = 0  # households of the reporting villages (denominator of the rate)
    commune_staff: int = 0
    teachers: int = 0
    students: int = 0
    agency_staff_listed: int = 0
    agency_staff_present: int = 0
    waste_kg: Decimal = ZERO
    waste_m3: Decimal = ZERO
    tasks: dict[int, TaskFigure] = dataclasses.field(default_factory=dict)  # by task type id

    @property
    def participation_rate(self) -> Decimal | None:
        """Households taking part / households of the reporting villages, in percent (0.1)."""
        return participation_rate(self.households, self.households_total)

    def task_quantity(self, task_type_id: int) -> Decimal:
        task = self.tasks.get(task_type_id)
        return task.quantity if task else ZERO


@dataclasses.dataclass
class CommuneFigures(Figures):
    action_day_id: int = 0
    commune_id: int = 0
    commune_code: str = ""
    commune_name: str = ""
    commune_kind: str = ""  # directory.UnitKind: a thị trấn is not counted among the "xã"
    filing: str = FilingStatus.NOT_FILED
    report_status: str = ""  # DayReport.Status, "" when there is no report
    submitted_at: datetime.datetime | None = None
    villages_total: int = 0
    villages_reported: int = 0

    @property
    def is_filed(self) -> bool:
        return self.filing in FilingStatus.FILED

    @property
    def presence_rate(self) -> Decimal | None:
        """Agency staff present / sent; unknown until the commune has filed."""
        return _rate(self.agency_staff_present, self.agency_staff_listed) if self.is_filed else None

    @property
    def filing_label(self) -> str:
        return FilingStatus.label(self.filing)


@dataclasses.dataclass
class VillageFigures(Figures):
    action_day_id: int = 0
    village_id: int = 0
    village_name: str = ""
    commune_id: int = 0
    commune_name: str = ""
    reported: bool = False  # a filed report holds this village's figures
    remarks: str = ""
    proposal_text: str = ""


@dataclasses.dataclass
class Totals(Figures):
    units: int = 0
    villages_total: int = 0
    villages_reported: int = 0
    filed_on_time: int = 0
    filed_late: int = 0
    not_filed: int = 0  # drafts, returned and missing reports
    action_days: int = 0  # only in cumulative figures
    # Agency staff sent to communes that have filed: the denominator of presence. Staff sent to a
    # commune that has not filed are neither present nor absent yet.
    agency_staff_listed_filed: int = 0

    @property
    def filed(self) -> int:
        return self.filed_on_time + self.filed_late

    @property
    def agency_staff_listed_not_filed(self) -> int:
        return self.agency_staff_listed - self.agency_staff_listed_filed

    @property
    def presence_rate(self) -> Decimal | None:
        """Agency staff present / staff sent, over the communes that have filed only."""
        return _rate(self.agency_staff_present, self.agency_staff_listed_filed)


@dataclasses.dataclass
class AgencyCommuneFigures:
    commune_id: int
    commune_name: str
    status: str  # RosterStatus value
    listed: int = 0
    present: int = 0  # 0 until the commune's report is filed

    @property
    def status_label(self) -> str:
        return str(RosterStatus(self.status).label)


@dataclasses.dataclass
class AgencyFigures:
    action_day_id: int
    agency_id: int
    agency_name: str
    short_name: str
    kind: str
    communes: list[AgencyCommuneFigures] = dataclasses.field(default_factory=list)
    weeks_without: int = 0  # action days in a row, up to this one, on which the agency took no part
    took_part: bool = False  # someone of the agency was on a roster that day and not marked absent

    def _count(self, status: str) -> int:
        return sum(1 for c in self.communes if c.status == status)

    @property
    def on_time(self) -> int:
        return self._count(RosterStatus.ON_TIME)

    @property
    def late(self) -> int:
        return self._count(RosterStatus.LATE)

    @property
    def missing(self) -> int:
        return self._count(RosterStatus.MISSING)

    @property
    def sent_nobody(self) -> int:
        return self._count(RosterStatus.SENT_NOBODY)

    @property
    def listed(self) -> int:
        return sum(c.listed for c in self.communes)

    @property
    def present(self) -> int:
        return sum(c.present for c in self.communes)



# --- helpers ------------------------------------------------------------------------------------

def _int_sum(field: str, **filter_kw):
    return Coalesce(Sum(field, **filter_kw), Value(0), output_field=IntegerField())


def _dec_sum(field: str, **filter_kw):
    return Coalesce(Sum(field, **filter_kw), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2))


def _valid_on(row: dict, day: datetime.date) -> bool:
    return (row["valid_from"] is None or row["valid_from"] <= day) and (row["valid_to"] is None or row["valid_to"] >= day)


def _task_types() -> dict[int, dict]:
    return {t["pk"]: t for t in TaskType.objects.values("pk", "code", "name", "unit", "order")}


def _add_task(tasks: dict[int, TaskFigure], types: dict[int, dict], type_id: int, quantity: Decimal) -> None:
    t = types[type_id]
    before = tasks[type_id].quantity if type_id in tasks else ZERO
    tasks[type_id] = TaskFigure(type_id, t["code"], t["name"], t["unit"], before + quantity)


def _figure_sums(prefix: str = "") -> dict:
    """Sums named `sum_<field>` (an annotation named like a field would shadow it in filters)."""
    p = prefix
    return {
        "sum_residents": _int_sum(f"{p}residents"),
        "sum_households": _int_sum(f"{p}households"),
        "sum_households_total": _int_sum(f"{p}households_total", filter=Q(**{f"{p}households__isnull": False})),
        "sum_commune_staff": _int_sum(f"{p}commune_staff"),
        "sum_teachers": _int_sum(f"{p}teachers"),
        "sum_students": _int_sum(f"{p}students"),
        "sum_waste_kg": _dec_sum(f"{p}waste_kg"),
        "sum_waste_m3": _dec_sum(f"{p}waste_m3"),
    }


FIGURE_FIELDS = ("residents", "households", "households_total", "commune_staff", "teachers", "students",
                 "waste_kg", "waste_m3")


# --- communes -----------------------------------------------------------------------------------

def commune_figures(*, action_day_ids: list[int], commune_ids: list[int]) -> dict[tuple[int, int], CommuneFigures]:
    """Figures of each commune on each action day, one entry per (action_day_id, commune_id).

    Nine queries: action days, communes, village moves and villages (each day's villages are those
    of the commune on that day: a former commune keeps its villages for the weeks before a merger),
    reports, village sums, task types, task sums, roster sums.
    """
    action_day_ids, commune_ids = list(action_day_ids), list(commune_ids)
    if not action_day_ids or not commune_ids:
        return {}
    days = dict(ActionDay.objects.filter(pk__in=action_day_ids).values_list("pk", "date"))
    communes = {c["pk"]: c for c in AdministrativeUnit.objects.filter(pk__in=commune_ids).values("pk", "code", "name",
                                                                                                  "kind", "level")}
    villages_of: dict[tuple[datetime.date, int], int] = defaultdict(int)
    for day, rows in villages_by_commune_on(commune_ids, set(days.values())).items():
        for v in rows:
            villages_of[(day, v["commune_id"])] += 1
    names = {pk: AdministrativeUnit(**{k: c[k] for k in ("name", "kind", "level")}).full_name
             for pk, c in communes.items()}
    result: dict[tuple[int, int], CommuneFigures] = {}
    for day_id, day in days.items():
        for commune_id, c in communes.items():
            result[(day_id, commune_id)] = CommuneFigures(
                action_day_id=day_id, commune_id=commune_id, commune_code=c["code"], commune_name=names[commune_id],
                commune_kind=c["kind"],
                villages_total=villages_of[(day, commune_id)],
            )
    reports = DayReport.objects.filter(action_day_id__in=days, commune_id__in=communes).values(
        "action_day_id", "commune_id", "status", "is_late", "submitted_at")
    for r in reports:
        fig = result[(r["action_day_id"], r["commune_id"])]
        fig.report_status, fig.submitted_at = r["status"], r["submitted_at"]
        if r["status"] in FILED:
            fig.filing = FilingStatus.LATE if r["is_late"] else FilingStatus.ON_TIME
        else:
            fig.filing = FilingStatus.RETURNED if r["status"] == DayReport.Status.RETURNED else FilingStatus.DRAFT
    filed = {"report__action_day_id__in": days, "report__commune_id__in": communes, "report__status__in": FILED}
    sums = (VillageResult.objects.filter(**filed).values("report__action_day_id", "report__commune_id")
            .annotate(villages_reported=Count("pk", filter=Q(residents__isnull=False)), **_figure_sums()))
    for row in sums:
        fig = result[(row["report__action_day_id"], row["report__commune_id"])]
        fig.villages_reported = row["villages_reported"]
        for name in FIGURE_FIELDS:
            setattr(fig, name, row[f"sum_{name}"])
    types = _task_types()
    # One row per (day, commune, task type): gathered as tuples, each commune-day's tasks built once, in
    # the task types' order (two years of a district: ≈ 9,000 rows).
    quantities: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for day_id, commune_id, type_id, quantity in (
            TaskResult.objects.filter(**{f"village_result__{k}": v for k, v in filed.items()})
            .values_list("village_result__report__action_day_id", "village_result__report__commune_id", "task_type_id")
            .annotate(q=_dec_sum("quantity")).order_by()):
        quantities[(day_id, commune_id)][type_id] = quantity
    ordered = [(pk, t["code"], t["name"], t["unit"]) for pk, t in
               sorted(types.items(), key=lambda kv: (kv[1]["order"], kv[1]["name"]))]
    for pair, by_type in quantities.items():
        result[pair].tasks = {pk: TaskFigure(pk, code, name, unit, ZERO + by_type[pk])
                              for pk, code, name, unit in ordered if pk in by_type}
    staff = (RosterEntry.objects.filter(roster__action_day_id__in=days, roster__commune_id__in=communes)
             .values("roster__action_day_id", "roster__commune_id")
             .annotate(listed=Count("pk"), present=Count("pk", filter=Q(attendance=Attendance.PRESENT))).order_by())
    for row in staff:
        fig = result[(row["roster__action_day_id"], row["roster__commune_id"])]
        fig.agency_staff_listed = row["listed"]
        fig.agency_staff_present = row["present"] if fig.is_filed else 0
    return result


# --- villages -----------------------------------------------------------------------------------

def village_figures(
    *, action_day_ids: list[int], village_ids: list[int] | None = None, commune_ids: list[int] | None = None
) -> dict[tuple[int, int], VillageFigures]:
    """Figures of each village valid on each action day (by village ids, or every village of communes).

    Six queries: action days, villages, village results, task types, task sums, roster sums (by
    communes: eight, with the communes' names and the village moves — each day's villages are those
    the communes had on that day, before or after a merger).
    """
    action_day_ids = list(action_day_ids)
    if not action_day_ids or (village_ids is None and commune_ids is None):
        return {}
    days = dict(ActionDay.objects.filter(pk__in=action_day_ids).values_list("pk", "date"))
    result: dict[tuple[int, int], VillageFigures] = {}
    if village_ids is None:
        commune_ids = list(commune_ids)
        names = {u.pk: u.full_name for u in AdministrativeUnit.objects.filter(pk__in=commune_ids)
                 .only("pk", "name", "kind", "level")}
        by_day = villages_by_commune_on(commune_ids, set(days.values()))
        ids = set()
        for day_id, day in sorted(days.items(), key=lambda kv: kv[1]):
            rows = sorted(by_day[day], key=lambda v: (vi_key(names[v["commune_id"]]), vi_key(v["name"])))
            for v in rows:
                ids.add(v["pk"])
                result[(day_id, v["pk"])] = VillageFigures(
                    action_day_id=day_id, village_id=v["pk"], village_name=v["name"],
                    commune_id=v["commune_id"], commune_name=names[v["commune_id"]])
        ids = list(ids)
    else:
        villages_qs = AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE, pk__in=list(village_ids))
        if commune_ids is not None:
            villages_qs = villages_qs.filter(parent_id__in=list(commune_ids))
        villages = list(villages_qs.values("pk", "name", "parent_id", "parent__name", "parent__kind", "parent__level",
                                           "valid_from", "valid_to").order_by(vi("parent__name"), vi("name")))
        for day_id, day in sorted(days.items(), key=lambda kv: kv[1]):
            for v in villages:
                if _valid_on(v, day):
                    parent = AdministrativeUnit(name=v["parent__name"], kind=v["parent__kind"],
                                                level=v["parent__level"])
                    result[(day_id, v["pk"])] = VillageFigures(
                        action_day_id=day_id, village_id=v["pk"], village_name=v["name"],
                        commune_id=v["parent_id"], commune_name=parent.full_name)
        ids = [v["pk"] for v in villages]
    rows = VillageResult.objects.filter(report__action_day_id__in=days, village_id__in=ids, report__status__in=FILED,
                                        residents__isnull=False).values(
        "report__action_day_id", "village_id", "remarks", "proposal_text", *FIGURE_FIELDS)
    for row in rows:
        fig = result.get((row["report__action_day_id"], row["village_id"]))
        if fig is None:  # a village no longer valid that day but still in the report: keep the report's word
            continue
        fig.reported = True
        fig.remarks, fig.proposal_text = row["remarks"], row["proposal_text"]
        for name in FIGURE_FIELDS:
            value = row[name]
            if name == "households_total" and row["households"] is None:
                value = None
            setattr(fig, name, value if value is not None else (ZERO if name.startswith("waste") else 0))
    types = _task_types()
    tasks = (TaskResult.objects.filter(village_result__report__action_day_id__in=days,
                                       village_result__village_id__in=ids, village_result__report__status__in=FILED)
             .values("village_result__report__action_day_id", "village_result__village_id", "task_type_id")
             .annotate(q=_dec_sum("quantity")).order_by())
    for row in tasks:
        fig = result.get((row["village_result__report__action_day_id"], row["village_result__village_id"]))
        if fig is not None:
            _add_task(fig.tasks, types, row["task_type_id"], row["q"])
    staff = (RosterEntry.objects.filter(roster__action_day_id__in=days, village_id__in=ids)
             .values("roster__action_day_id", "village_id")
             .annotate(listed=Count("pk"), present=Count("pk", filter=Q(attendance=Attendance.PRESENT))).order_by())
    for row in staff:
        fig = result.get((row["roster__action_day_id"], row["village_id"]))
        if fig is not None:
            fig.agency_staff_listed = row["listed"]
            fig.agency_staff_present = row["present"] if fig.reported else 0
    return result


# --- agencies -----------------------------------------------------------------------------------

def agency_figures(*, district, action_day_ids: list[int]) -> dict[tuple[int, int], AgencyFigures]:
    """Each agency of the district on each action day: its roster for every commune it was assigned
    to that day (on time / late / missing / sent nobody), people listed and present, and the number
    of action days in a row, ending with that day, on which it took no part.

    An agency *takes part* on a day when at least one of its people is on a roster and was not marked
    absent. Days on which the agency had no assignment, and days on which no agency of the district
    sent any roster (the portal not in use), do not break or extend the run. Present people
    count only where the commune's report is filed.

    Six queries: action days, programme days, agencies, assignments, rosters, people.
    """
    action_day_ids = list(action_day_ids)
    if not action_day_ids:
        return {}
    unit = district if isinstance(district, AdministrativeUnit) else AdministrativeUnit.objects.get(pk=district)
    district_id = unit.pk
    days = {d["pk"]: d for d in ActionDay.objects.filter(pk__in=action_day_ids).values("pk", "date", "programme_id")}
    if not days:
        return {}
    last = max(d["date"] for d in days.values())
    # Days on which the district's agencies sent no roster at all are days the portal was not yet
    # (or not) in use: they neither extend nor break a run.
    programme_days = list(
        ActionDay.objects.filter(programme_id__in={d["programme_id"] for d in days.values()}, date__lte=last)
        .exclude(status=ActionDay.Status.CANCELLED)
        .filter(Exists(Roster.objects.filter(action_day=OuterRef("pk"), agency__owner_id=district_id)))
        .values("pk", "date").order_by("date"))
    all_day_ids = [d["pk"] for d in programme_days] + [pk for pk in days if pk not in {d["pk"] for d in programme_days}]
    first = min([d["date"] for d in programme_days] + [d["date"] for d in days.values()])
    agencies = {a["pk"]: a for a in Agency.objects.filter(owner_id=district_id, is_active=True)
                .values("pk", "name", "short_name", "kind")}
    assignments = list(Assignment.objects.filter(agency_id__in=agencies, valid_from__lte=last)
                       .exclude(valid_to__lt=first)
                       .values("agency_id", "commune_id", "commune__name", "commune__kind", "commune__level",
                               "valid_from", "valid_to"))
    rosters = {(r["agency_id"], r["commune_id"], r["action_day_id"]): r for r in
               Roster.objects.filter(agency_id__in=agencies, action_day_id__in=days)
               .values("agency_id", "commune_id", "action_day_id", "is_late", "entry_count")}
    people = (RosterEntry.objects.filter(roster__agency_id__in=agencies, roster__action_day_id__in=all_day_ids)
              .values("roster__agency_id", "roster__commune_id", "roster__action_day_id")
              .annotate(listed=Count("pk"),
                        present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
                        not_absent=Count("pk", filter=~Q(attendance=Attendance.ABSENT))).order_by())
    filed_pairs = set(DayReport.objects.filter(action_day_id__in=days, status__in=FILED,
                                               ).filter(coordinated_communes_q(unit, "commune__"))
                      .values_list("action_day_id", "commune_id"))
    counts = {(p["roster__agency_id"], p["roster__commune_id"], p["roster__action_day_id"]): p for p in people}
    took_part: dict[tuple[int, int], bool] = defaultdict(bool)
    for (agency_id, _commune_id, day_id), p in counts.items():
        if p["not_absent"]:
            took_part[(agency_id, day_id)] = True

    def assigned(a: dict, day: datetime.date) -> bool:
        return a["valid_from"] <= day and (a["valid_to"] is None or a["valid_to"] >= day)

    by_agency: dict[int, list[dict]] = defaultdict(list)
    for a in assignments:
        by_agency[a["agency_id"]].append(a)
    result: dict[tuple[int, int], AgencyFigures] = {}
    for day_id, day in sorted(days.items(), key=lambda kv: kv[1]["date"]):
        for agency_id, ag in sorted(agencies.items(), key=lambda kv: vi_key(kv[1]["name"])):
            todays = sorted((a for a in by_agency[agency_id] if assigned(a, day["date"])),
                            key=lambda a: vi_key(a["commune__name"]))
            if not todays:
                continue
            fig = AgencyFigures(action_day_id=day_id, agency_id=agency_id, agency_name=ag["name"],
                                short_name=ag["short_name"], kind=ag["kind"])
            for a in todays:
                roster = rosters.get((agency_id, a["commune_id"], day_id))
                if roster is None:
                    status = RosterStatus.MISSING
                elif roster["entry_count"] == 0:
                    status = RosterStatus.SENT_NOBODY
                else:
                    status = RosterStatus.LATE if roster["is_late"] else RosterStatus.ON_TIME
                c = counts.get((agency_id, a["commune_id"], day_id), {})
                name = AdministrativeUnit(name=a["commune__name"], kind=a["commune__kind"],
                                          level=a["commune__level"]).full_name
                present = c.get("present", 0) if (day_id, a["commune_id"]) in filed_pairs else 0
                fig.communes.append(AgencyCommuneFigures(a["commune_id"], name, status, c.get("listed", 0), present))
            fig.took_part = took_part[(agency_id, day_id)]
            fig.weeks_without = _weeks_without(agency_id, day["date"], programme_days, by_agency[agency_id],
                                               took_part, assigned)
            result[(day_id, agency_id)] = fig
    return result


def _weeks_without(agency_id, up_to, programme_days, assignments, took_part, assigned) -> int:
    run = 0
    for d in reversed(programme_days):
        if d["date"] > up_to:
            continue
        if not any(assigned(a, d["date"]) for a in assignments):
            continue
        if took_part[(agency_id, d["pk"])]:
            break
        run += 1
    return run


# --- sums ---------------------------------------------------------------------------------------

_SUMMED = FIGURE_FIELDS + ("agency_staff_listed", "agency_staff_present")
_summed_of = operator.attrgetter(*_SUMMED)


def totals(figures: Iterable[Figures]) -> Totals:
    """Sum of commune (or village) figures; the rate is recomputed from the sums."""
    total = Totals()
    sums = list(_summed_of(total))  # zeros of the right types (int, Decimal)
    quantities: dict[int, Decimal] = {}
    first: dict[int, TaskFigure] = {}
    for fig in figures:
        total.units += 1
        sums = [a + b for a, b in zip(sums, _summed_of(fig), strict=True)]
        for type_id, task in fig.tasks.items():
            quantities[type_id] = quantities.get(type_id, ZERO) + task.quantity
            first.setdefault(type_id, task)
        if isinstance(fig, CommuneFigures):
            total.villages_total += fig.villages_total
            total.villages_reported += fig.villages_reported
            total.filed_on_time += fig.filing == FilingStatus.ON_TIME
            total.filed_late += fig.filing == FilingStatus.LATE
            total.not_filed += not fig.is_filed
            total.agency_staff_listed_filed += fig.agency_staff_listed if fig.is_filed else 0
        elif isinstance(fig, VillageFigures):
            total.villages_total += 1
            total.villages_reported += fig.reported
    for name, value in zip(_SUMMED, sums, strict=True):
        setattr(total, name, value)
    total.tasks = {type_id: dataclasses.replace(first[type_id], quantity=q) for type_id, q in quantities.items()}
    return total


def filings_stamp(*, district: AdministrativeUnit, action_day: ActionDay) -> str:
    """A digest that changes whenever anything the roll-up of `action_day` is built from changes: the
    programme's day reports and rosters up to that day (a save, a submission, a review, a roster sent or
    edited moves their count or last change; attendance is saved with the report) and the unit's
    proposals (sent, assigned, answered). Three aggregate queries on indexed filters, whatever the size.

    Directory changes (agencies, assignments, merged communes) are not in it: caches keyed by it also
    expire after `settings.FIGURES_CACHE_SECONDS`. A later week's filings do not change it, so the
    figures of a closed week stay cached while this week's are being filed.
    """
    days = {"action_day__programme_id": action_day.programme_id, "action_day__date__lte": action_day.date}
    reports = DayReport.objects.filter(**days).aggregate(
        n=Count("pk"), changed=Max("updated_at"), reviewed=Max("reviewed_at"))
    rosters = Roster.objects.filter(**days).aggregate(n=Count("pk"), changed=Max("updated_at"))
    proposals = Proposal.objects.filter(coordinated_communes_q(district, "commune__")).aggregate(
        n=Count("pk"), created=Max("created_at"), assigned=Max("assigned_at"), answered=Max("answered_at"))
    return hashlib.sha1(repr((reports, rosters, proposals)).encode()).hexdigest()[:16]


def previous_action_day(action_day: ActionDay) -> ActionDay | None:
    """The programme's last action day before this one that was not cancelled (1 query)."""
    return (ActionDay.objects.filter(programme_id=action_day.programme_id, date__lt=action_day.date)
            .exclude(status=ActionDay.Status.CANCELLED).order_by("-date").first())


def cumulative_figures(*, programme: Programme, up_to: ActionDay, commune_ids: list[int] | None = None) -> Totals:
    """Everything filed since the programme began, up to and including `up_to` (4 queries).

    `residents` and `households` are person-days and household-days (a household taking part on
    three days counts three times); `action_days` is the number of days not cancelled.
    """
    days = ActionDay.objects.filter(programme=programme, date__gte=programme.started_on,
                                    date__lte=up_to.date).exclude(status=ActionDay.Status.CANCELLED)
    total = Totals(action_days=days.count())
    filters = {"report__action_day__in": days, "report__status__in": FILED}
    if commune_ids is not None:
        filters["report__commune_id__in"] = list(commune_ids)
    row = VillageResult.objects.filter(**filters).aggregate(**_figure_sums())
    for name in FIGURE_FIELDS:
        setattr(total, name, row[f"sum_{name}"])
    types = _task_types()
    for t in (TaskResult.objects.filter(**{f"village_result__{k}": v for k, v in filters.items()})
              .values("task_type_id").annotate(q=_dec_sum("quantity")).order_by()):
        _add_task(total.tasks, types, t["task_type_id"], t["q"])
    staff_filter = {"roster__action_day__in": days, "attendance": Attendance.PRESENT,
                    "roster__commune__day_reports__action_day_id": F("roster__action_day_id"),
                    "roster__commune__day_reports__status__in": FILED}
    if commune_ids is not None:
        staff_filter["roster__commune_id__in"] = list(commune_ids)
    total.agency_staff_present = RosterEntry.objects.filter(**staff_filter).count()
    total.tasks = dict(sorted(total.tasks.items(), key=lambda kv: (types[kv[0]]["order"], kv[1].name)))
    return total

