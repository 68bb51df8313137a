"""Reads of rosters: what a commune receives, what an agency owes, who goes to which village.

Each function costs a fixed number of queries whatever the number of rosters or people.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from directory.models import Agency, Assignment, Commune, Person
from ntm_portal.access import Scope
from ntm_portal.collation import vi

from ..models import ActionDay, Programme, Roster, RosterEntry, RosterStatus


def roster_entries_for_village(*, action_day: ActionDay, village) -> QuerySet[RosterEntry]:
    """The people the commune assigned to a village for an action day, with their agency (1 query).

    Issue 5 (day reports) reads this to record attendance village by village.
    """
    return (
        RosterEntry.objects.filter(action_day=action_day, village=village)
        .select_related("roster__agency")
        .order_by(vi("roster__agency__name"), vi("full_name"))
    )


def roster_entries_for_commune(*, action_day: ActionDay, commune) -> QuerySet[RosterEntry]:
    """Every person sent to a commune for an action day, with agency and village (1 query)."""
    return (
        RosterEntry.objects.filter(roster__action_day=action_day, roster__commune=commune)
        .select_related("roster__agency", "village")
        .order_by(vi("roster__agency__name"), vi("full_name"))
    )


def programme_of_district(district_id: int) -> Programme | None:
    """The active programme of a coordinating unit (district, province's office, merged commune)."""
    return Programme.objects.filter(owner_id=district_id, is_active=True).order_by("pk").first()


def programme_owner_id_of(commune) -> int | None:
    """The id of the unit whose programme a commune (today's or a former one) takes part in."""
    from directory.services import coordinating_unit_of

    unit = coordinating_unit_of(commune)
    return unit.pk if unit is not None else None


def programme_of_commune(commune) -> Programme | None:
    owner_id = programme_owner_id_of(commune)
    return programme_of_district(owner_id) if owner_id else None


def next_action_day(programme: Programme, *, now: datetime.datetime | None = None) -> ActionDay | None:
    """The first open action day from today (local date) on."""
    today = timezone.localdate(now or timezone.now())
    return programme.action_days.filter(status=ActionDay.Status.OPEN, date__gte=today).order_by("date").first()


def upcoming_action_days(programme: Programme, *, weeks: int = 4, now=None) -> list[ActionDay]:
    today = timezone.localdate(now or timezone.now())
    return list(
        programme.action_days.filter(status=ActionDay.Status.OPEN, date__gte=today).order_by("date")[:weeks]
    )


def assigned_agencies(*, commune, on: datetime.date) -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=Assignment.objects.open_on(on).filter(commune=commune).values("agency_id"), is_active=True
    ).order_by(vi("name"))


def assigned_communes(*, agency, on: datetime.date) -> QuerySet[Commune]:
    return Commune.objects.filter(
        pk__in=Assignment.objects.open_on(on).filter(agency=agency).values("commune_id")
    ).order_by(vi("name"))


def is_assigned(*, agency, commune, on: datetime.date) -> bool:
    return Assignment.objects.open_on(on).filter(agency=agency, commune=commune).exists()


@dataclasses.dataclass
class StatusRow:
    """One agency × commune × action day, with its roster if any."""

    agency: Agency
    commune: Commune
    action_day: ActionDay
    roster: Roster | None

    @property
    def status(self) -> str:
        return self.roster.status if self.roster else RosterStatus.MISSING

    @property
    def status_label(self) -> str:
        return RosterStatus(self.status).label


def roster_status_rows(*, action_days: list[ActionDay], agency_ids=None, commune_ids=None) -> list[StatusRow]:
    """Status of every expected roster (assignment in force on the day) for the given days.

    Two queries: assignments with agency and commune, then rosters.
    """
    if not action_days:
        return []
    first, last = min(d.date for d in action_days), max(d.date for d in action_days)
    assignments = Assignment.objects.filter(valid_from__lte=last, agency__is_active=True).exclude(
        valid_to__lt=first
    ).select_related("agency", "commune")
    rosters = Roster.objects.filter(action_day__in=action_days)
    if agency_ids is not None:
        assignments = assignments.filter(agency_id__in=agency_ids)
        rosters = rosters.filter(agency_id__in=agency_ids)
    if commune_ids is not None:
        assignments = assignments.filter(commune_id__in=commune_ids)
        rosters = rosters.filter(commune_id__in=commune_ids)
    by_key = {(r.agency_id, r.commune_id, r.action_day_id): r for r in rosters}
    rows = []
    for day in sorted(action_days, key=lambda d: d.date):
        for a in sorted(assignments, key=lambda a: (a.commune.name, a.agency.name)):
            if a.valid_from <= day.date and (a.valid_to is None or a.valid_to >= day.date):
                rows.append(StatusRow(a.agency, a.commune, day, by_key.get((a.agency_id, a.commune_id, day.pk))))
    return rows


def previous_roster(*, agency, commune, action_day: ActionDay) -> Roster | None:
    """The agency's last roster for the commune before this day ("copy last week's roster")."""
    return (
        Roster.objects.filter(agency=agency, commune=commune, action_day__programme_id=action_day.programme_id,
                              action_day__date__lt=action_day.date)
        .order_by("-action_day__date").first()
    )


def staff_with_roster(*, agency, action_day: ActionDay) -> list[Person]:
    """Active staff of the agency; each with `busy_commune` = the commune of another roster that day."""
    entries = RosterEntry.objects.filter(action_day=action_day, person__agency=agency).select_related("roster__commune")
    busy = {e.person_id: e.roster.commune for e in entries}
    people = list(Person.objects.filter(agency=agency, is_active=True).order_by(vi("full_name")))
    for person in people:
        person.busy_commune = busy.get(person.pk)
    return people


def rosters_for_commune(*, commune, action_day: ActionDay) -> list[Roster]:
    """Rosters received by a commune for a day, each with its entries (2 queries)."""
    return list(
        Roster.objects.filter(commune=commune, action_day=action_day)
        .select_related("agency", "submitted_by")
        .prefetch_related(Prefetch("entries", queryset=RosterEntry.objects.select_related("village")
                                   .order_by(vi("full_name"))))
        .order_by(vi("agency__name"))
    )


def commune_roster_board(*, commune, action_day: ActionDay) -> dict:
    """Everything the commune page needs: received rosters, missing agencies, village choices."""
    from directory.selectors import villages_of

    rosters = rosters_for_commune(commune=commune, action_day=action_day)
    received = {r.agency_id for r in rosters}
    expected = list(assigned_agencies(commune=commune, on=action_day.date))
    villages = list(villages_of([commune.pk], on=action_day.date))
    per_village: dict[int, int] = defaultdict(int)
    for roster in rosters:
        for entry in roster.entries.all():
            if entry.village_id:
                per_village[entry.village_id] += 1
    return {
        "rosters": rosters,
        "missing": [a for a in expected if a.pk not in received],
        "villages": villages,
        "per_village": per_village,
        "people": sum(r.entry_count for r in rosters),
        "unassigned": sum(1 for r in rosters for e in r.entries.all() if e.village_id is None),
    }


def commune_may_see_rosters(scope: Scope, commune) -> bool:
    """Rosters of a commune are read by its officers, area monitors and the district — not by agencies."""
    return scope.can_read_commune_work(commune)


def home_roster_rows(scope: Scope) -> list[StatusRow]:
    """For the home page of a focal point or commune officer: the next action day's rosters they
    send or receive, with their status (4 queries at most)."""
    if not scope.agency_ids and not scope.officer_commune_ids:
        return []
    owners = Agency.objects.filter(pk__in=scope.agency_ids).values("owner_id")
    communes = Commune.objects.filter(pk__in=scope.officer_commune_ids).values("parent_id")
    today = timezone.localdate()
    days = list(
        ActionDay.objects.filter(status=ActionDay.Status.OPEN, date__gte=today, programme__is_active=True)
        .filter(Q(programme__owner_id__in=owners) | Q(programme__owner_id__in=communes)).select_related("programme").order_by("programme_id", "date")
    )
    next_days = {}
    for day in days:
        next_days.setdefault(day.programme_id, day)
    rows = []
    if scope.agency_ids:
        rows += roster_status_rows(action_days=list(next_days.values()), agency_ids=list(scope.agency_ids))
    if scope.officer_commune_ids:
        rows += roster_status_rows(action_days=list(next_days.values()), commune_ids=list(scope.officer_commune_ids))
    return rows

