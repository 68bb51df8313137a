"""Reads of weekly plans, day reports and proposals, at a fixed number of queries.

`day_report_sections` is what the filing page shows: one section per village with its
figures, planned tasks, results, photos and the roster people assigned to it, built from
eight queries whatever the number of villages.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from directory.models import Agency, Assignment, Commune, Village, self_and_ancestor_ids
from directory.selectors import latest_households, villages_of
from ntm_portal.access import Scope, scope_of
from ntm_portal.collation import vi

from ..models import (
    ActionDay,
    DayReport,
    Proposal,
    ReportPhoto,
    RosterEntry,
    Task,
    TaskResult,
    TaskType,
    VillageResult,
    WeeklyPlan,
)
from .filing import filed_q
from .rosters import programme_owner_id_of


def action_day_for(*, commune: Commune, action_day_id) -> ActionDay:
    """The action day if it belongs to a programme of the commune's district, else 404."""
    day = (
        ActionDay.objects.select_related("programme")
        .filter(pk=action_day_id, programme__owner_id__in=self_and_ancestor_ids(commune))
        .first()
    )
    if day is None:
        raise Http404
    return day


def action_days_of_commune(commune: Commune, *, weeks: int = 16) -> list[ActionDay]:
    """Recent and coming action days of the commune's district, newest first (1 query)."""
    horizon = timezone.localdate() + datetime.timedelta(days=14)
    return list(
        ActionDay.objects.select_related("programme")
        .filter(programme__owner_id=programme_owner_id_of(commune), date__lte=horizon)
        .order_by("-date")[:weeks]
    )


def villages_on(commune: Commune, day: datetime.date) -> list[Village]:
    return list(villages_of([commune.pk], on=day))


# --- weekly plans ------------------------------------------------------------------------------

def plan_tasks(plan: WeeklyPlan | None) -> list[Task]:
    """The plan's tasks with type, village and supporting agencies (2 queries)."""
    if plan is None:
        return []
    return list(
        Task.objects.filter(plan=plan).select_related("task_type", "village").prefetch_related("supporting_agencies")
        .order_by(vi("village__name"), "task_type__order", "pk")
    )


def supporting_agency_choices(*, commune: Commune, day: datetime.date) -> QuerySet[Agency]:
    """Agencies that can support the commune that day: those assigned to it, rosters first."""
    assigned = Assignment.objects.open_on(day).filter(commune=commune).values("agency_id")
    return (
        Agency.objects.filter(Q(pk__in=assigned) | Q(rosters__commune=commune, rosters__action_day__date=day))
        .distinct().order_by(vi("name"))
    )


def previous_plan(*, commune: Commune, action_day: ActionDay) -> WeeklyPlan | None:
    return (
        WeeklyPlan.objects.filter(commune=commune, action_day__programme=action_day.programme,
                                  action_day__date__lt=action_day.date)
        .annotate(n=Count("tasks")).filter(n__gt=0).order_by("-action_day__date").first()
    )


# --- day reports -------------------------------------------------------------------------------

@dataclasses.dataclass
class VillageSection:
    village: Village
    households_total: int | None
    result: VillageResult | None
    tasks: list[Task]
    planned_results: dict[int, TaskResult]
    extra_results: list[TaskResult]
    photos: list[ReportPhoto]
    entries: list[RosterEntry]
    last_week: dict[str, Decimal | int | None]

    @property
    def present_count(self) -> int:
        return sum(1 for e in self.entries if e.attendance == "present")


VILLAGE_EMPTY, VILLAGE_DRAFT, VILLAGE_DONE = "empty", "draft", "done"


def village_state(section: VillageSection) -> str:
    """empty (nothing typed), draft (something, not the required figures) or done (people and households)."""
    vr = section.result
    if vr is not None and vr.residents is not None and vr.households is not None:
        return VILLAGE_DONE
    typed = vr is not None and any(getattr(vr, name) not in (None, "") for name in (
        "residents", "households", "commune_staff", "teachers", "students", "waste_kg", "waste_m3", "remarks"))
    return VILLAGE_DRAFT if typed or section.photos or section.planned_results else VILLAGE_EMPTY


SECTION_FIELDS = ("residents", "households", "commune_staff", "teachers", "students", "waste_kg", "waste_m3",
                  "remarks", "proposal_text", "households_total")


def section_data(section: VillageSection, task_types: list[TaskType]) -> tuple:
    """Everything a village's section of the filing page is drawn from, as plain values: the key of
    its cached HTML (ntm_portal.fragments), so any change to the village's figures, tasks, photos,
    roster people or attendance draws it anew. No query: the section is already loaded."""
    vr = section.result
    return (
        section.village.pk, section.village.name, section.households_total,
        None if vr is None else tuple(getattr(vr, name) for name in SECTION_FIELDS),
        tuple((t.pk, t.task_type_id, t.task_type.name, t.task_type.unit, t.quantity, t.place) for t in section.tasks),
        tuple(sorted((task_id, tr.quantity) for task_id, tr in section.planned_results.items())),
        tuple((tr.pk, tr.task_type.name, tr.task_type.unit, tr.quantity) for tr in section.extra_results),
        tuple(p.pk for p in section.photos),
        tuple((e.pk, e.full_name, e.position, e.roster.agency.name, e.attendance, e.absence_reason)
              for e in section.entries),
        tuple(sorted((k, v) for k, v in section.last_week.items() if k != "tasks")),
        tuple((t.pk, str(t)) for t in task_types),
    )


@dataclasses.dataclass
class ReportPage:
    report: DayReport | None
    sections: list[VillageSection]
    unassigned_entries: list[RosterEntry]
    task_types: list[TaskType]


def day_report_of(*, commune: Commune, action_day: ActionDay) -> DayReport | None:
    return DayReport.objects.filter(commune=commune, action_day=action_day).first()


def _previous_reports(commune_id: int, action_day: ActionDay) -> QuerySet[DayReport]:
    """The commune's filed reports of the programme's earlier action days, the latest first."""
    return (
        DayReport.objects.filter(commune_id=commune_id, action_day__programme_id=action_day.programme_id,
                                 action_day__date__lt=action_day.date)
        .filter(filed_q())
        .order_by("-action_day__date")
    )


def previous_report(report_or_commune, action_day: ActionDay) -> DayReport | None:
    commune_id = getattr(report_or_commune, "commune_id", None) or report_or_commune.pk
    return _previous_reports(commune_id, action_day).first()


def last_week_figures(*, commune: Commune, action_day: ActionDay) -> dict[int, dict]:
    """Per village: last filed week's figures and task quantities by task type (1 query: the previous
    report's village results, each joined with its task results)."""
    previous = Subquery(_previous_reports(commune.pk, action_day).values("pk")[:1])
    figures: dict[int, dict] = {}
    rows = VillageResult.objects.filter(report_id=previous).values_list(
        "village_id", "residents", "households", "waste_kg", "waste_m3",
        "task_results__task_type_id", "task_results__quantity")
    for village_id, residents, households, waste_kg, waste_m3, task_type_id, quantity in rows:
        if village_id not in figures:
            figures[village_id] = {
                "residents": residents, "households": households,
                "waste_kg": waste_kg, "waste_m3": waste_m3, "tasks": defaultdict(Decimal),
            }
        if task_type_id is not None:
            figures[village_id]["tasks"][task_type_id] += quantity
    return figures


def day_report_page(*, commune: Commune, action_day: ActionDay, report: DayReport | None) -> ReportPage:
    """Everything the filing page shows, in a fixed number of queries (see the test)."""
    villages = villages_on(commune, action_day.date)                       # 1
    tasks_by_village: dict[int, list[Task]] = defaultdict(list)
    for task in (Task.objects.filter(plan__commune=commune, plan__action_day=action_day)  # 2: the week's plan
                 .select_related("task_type").order_by("task_type__order", "pk")):
        tasks_by_village[task.village_id].append(task)
    results: dict[int, VillageResult] = {}
    planned: dict[int, dict[int, TaskResult]] = defaultdict(dict)
    extras: dict[int, list[TaskResult]] = defaultdict(list)
    photos: dict[int, list[ReportPhoto]] = defaultdict(list)
    if report is not None:
        results = {vr.village_id: vr for vr in VillageResult.objects.filter(report=report)}  # 3
        for tr in TaskResult.objects.filter(village_result__report=report).select_related("task_type"):  # 4
            if tr.task_id:
                planned[tr.village_result_id][tr.task_id] = tr
            else:
                extras[tr.village_result_id].append(tr)
        for photo in ReportPhoto.objects.filter(village_result__report=report):  # 5
            photos[photo.village_result_id].append(photo)
    entries_by_village: dict[int | None, list[RosterEntry]] = defaultdict(list)
    for entry in (RosterEntry.objects.filter(action_day=action_day, roster__commune=commune)   # 6
                  .select_related("roster__agency").order_by(vi("roster__agency__name"), vi("full_name"))):
        entries_by_village[entry.village_id].append(entry)
    last = last_week_figures(commune=commune, action_day=action_day)       # 7
    village_ids = {v.pk for v in villages}
    sections = []
    for village in villages:
        vr = results.get(village.pk)
        sections.append(VillageSection(
            village=village,
            households_total=vr.households_total if vr is not None and vr.households_total is not None
            else village.households,
            result=vr,
            tasks=tasks_by_village.get(village.pk, []),
            planned_results=planned.get(vr.pk, {}) if vr else {},
            extra_results=extras.get(vr.pk, []) if vr else [],
            photos=photos.get(vr.pk, []) if vr else [],
            entries=entries_by_village.get(village.pk, []),
            last_week=last.get(village.pk, {}),
        ))
    unassigned = [e for vid, group in entries_by_village.items() if vid not in village_ids for e in group]
    task_types = list(TaskType.objects.filter(is_active=True))            # 8
    return ReportPage(report=report, sections=sections, unassigned_entries=unassigned, task_types=task_types)


def day_report_snapshot(report: DayReport) -> dict:
    """The report's content as JSON-ready data, for the version history (5 queries)."""
    results = list(VillageResult.objects.filter(report=report).select_related("village").order_by(vi("village__name")))
    tasks = defaultdict(list)
    for tr in TaskResult.objects.filter(village_result__report=report).select_related("task_type"):
        tasks[tr.village_result_id].append({
            "task_type": tr.task_type.name, "unit": tr.task_type.unit, "quantity": str(tr.quantity),
            "planned_task": tr.task_id,
        })
    photos = defaultdict(list)
    for photo in ReportPhoto.objects.filter(village_result__report=report):
        photos[photo.village_result_id].append(photo.image.name)
    attendance = defaultdict(list)
    for entry in RosterEntry.objects.filter(action_day_id=report.action_day_id, roster__commune_id=report.commune_id):
        attendance[entry.village_id].append({"entry": entry.pk, "name": entry.full_name,
                                             "attendance": entry.attendance, "reason": entry.absence_reason})
    fields = ["households_total", "residents", "households", "commune_staff", "teachers", "students",
              "waste_kg", "waste_m3", "remarks", "proposal_text"]
    return {
        "status": report.status,
        "remarks": report.remarks,
        "villages": [
            {"village": vr.village_id, "name": vr.village.name,
             **{f: (str(getattr(vr, f)) if isinstance(getattr(vr, f), Decimal) else getattr(vr, f)) for f in fields},
             "tasks": tasks[vr.pk], "photos": photos[vr.pk], "attendance": attendance[vr.village_id]}
            for vr in results
        ],
        "unassigned_attendance": attendance[None],
    }


@dataclasses.dataclass
class CommuneFiling:
    commune: Commune
    report: DayReport | None


def filings_for_day(*, scope: Scope, action_day: ActionDay) -> list[CommuneFiling]:
    """Each commune the scope reads, with its report for the action day (2 queries)."""
    communes = list(Commune.objects.current(action_day.date).filter(scope.commune_filter())
                    .filter(parent_id=action_day.programme.owner_id).order_by(vi("name")))
    reports = {r.commune_id: r for r in DayReport.objects.filter(action_day=action_day,
                                                                 commune_id__in=[c.pk for c in communes])}
    return [CommuneFiling(c, reports.get(c.pk)) for c in communes]


def commune_weeks(*, commune: Commune) -> list[tuple[ActionDay, WeeklyPlan | None, DayReport | None]]:
    """The commune's recent action days with its plan and report of each (3 queries)."""
    days = action_days_of_commune(commune)
    ids = [d.pk for d in days]
    plans = {p.action_day_id: p for p in WeeklyPlan.objects.filter(commune=commune, action_day_id__in=ids)
             .annotate(task_count=Count("tasks"))}
    reports = {r.action_day_id: r for r in DayReport.objects.filter(commune=commune, action_day_id__in=ids)}
    return [(d, plans.get(d.pk), reports.get(d.pk)) for d in days]


@dataclasses.dataclass
class FilingDue:
    """A day report the commune still has to file (the day has taken place, not cancelled, not filed)."""

    commune: Commune
    action_day: ActionDay
    report: DayReport | None

    @property
    def overdue(self) -> bool:
        return timezone.now() > self.action_day.filing_deadline


def filings_due(*, commune: Commune, weeks=None) -> list[FilingDue]:
    """The commune's reports due now, the most urgent (oldest) first (commune_weeks: 3 queries, or none
    when the caller has them already)."""
    today = timezone.localdate()
    weeks = commune_weeks(commune=commune) if weeks is None else weeks
    return [FilingDue(commune, day, report) for day, _plan, report in reversed(weeks)
            if day.date <= today and day.status != ActionDay.Status.CANCELLED
            and not (report is not None and report.is_filed)]


def filings_to_review(*, scope: Scope) -> tuple[ActionDay | None, list[CommuneFiling]]:
    """Coordinator: the latest action day that took place and the communes' reports waiting for review."""
    day = (ActionDay.objects.select_related("programme")
           .filter(programme__owner_id__in=scope.coordinated_district_ids, date__lte=timezone.localdate())
           .exclude(status=ActionDay.Status.CANCELLED).order_by("-date").first())
    if day is None:
        return None, []
    filings = filings_for_day(scope=scope, action_day=day)
    return day, filings


# --- proposals ---------------------------------------------------------------------------------

def proposals_for(user, *, status: str = "", commune_id: int | None = None) -> QuerySet[Proposal]:
    """Proposals of the communes the user reads (coordinator: the whole district)."""
    scope = scope_of(user)
    qs = (
        Proposal.objects.filter(Q(commune__parent_id__in=scope.district_ids)
                                | Q(commune_id__in=scope.officer_commune_ids | scope.monitored_commune_ids
                                    | scope.district_ids))
        .select_related("commune", "village", "agency", "action_day")
        .order_by("status", "created_at")
    )
    if status:
        qs = qs.filter(status=status)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    return qs


def proposal_for(user, pk) -> Proposal:
    proposal = proposals_for(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def households_on(village_ids, day: datetime.date) -> dict[int, int | None]:
    return dict(Village.objects.filter(pk__in=village_ids).annotate(h=latest_households(day)).values_list("pk", "h"))
