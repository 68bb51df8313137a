"""Reads of rosters: what a commune receives, what an agency owes, who goes to which village.

Each function costs a fixed number of queries whatever the number of rosters or people.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Case, Count, F, FilteredRelation, Prefetch, Q, QuerySet, Sum, Value, When, Window
from django.utils import timezone

from directory.models import AdministrativeUnit, Agency, Assignment, Commune, Person
from ntm_portal.access import Scope
from ntm_portal.collation import vi
from ntm_portal.text import fold

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
        .select_related("action_day").order_by("-action_day__date").first()
    )


STAFF_SHOWN_WITHOUT_SEARCH = 40  # a small agency sees its whole list; a large one searches it
SEARCH_RESULTS_MAX = 50


@dataclasses.dataclass
class StaffPick:
    """What the roster page shows of an agency's staff: the ticked people, and of the others either a
    search's first results or, for a small agency, all of them. Each person has `busy_commune`: the
    commune of a roster of that day they are already on (None if none)."""

    chosen: list[Person]
    others: list[Person]
    others_total: int  # active staff not ticked (what the search box searches)
    found_total: int  # how many of them the search matched; len(others) without a search
    staff_total: int  # active staff

    @property
    def more_found(self) -> int:
        return max(self.found_total - len(self.others), 0)


def roster_staff_pick(*, agency, action_day: ActionDay, chosen_ids, query: str = "") -> StaffPick:
    """The staff the roster page shows, searched and cut in the database (issue 16: an agency of 1,000+
    staff is never loaded whole). One query whatever the size of the staff: the ticked people first,
    then the others the search matches (all the others without a search), in Vietnamese order, cut
    after what the page shows; window counts give the totals, a join on that day's roster entries
    gives who is already on a roster."""
    ids = {int(v) for v in chosen_ids if str(v).isdigit()}
    ticked = Case(When(pk__in=ids, then=Value(1)), default=Value(0)) if ids else Value(0)
    if query:
        hit = Case(When(~Q(pk__in=ids) & Q(name_folded__contains=fold(query)), then=Value(1)), default=Value(0)) \
            if ids else Case(When(name_folded__contains=fold(query), then=Value(1)), default=Value(0))
        shown_others = SEARCH_RESULTS_MAX
    else:
        hit = Value(1) - ticked
        shown_others = STAFF_SHOWN_WITHOUT_SEARCH + 1  # one more tells "too many to list"
    rows = list(
        Person.objects.filter(agency=agency, is_active=True)
        .alias(day_entry=FilteredRelation("roster_entries", condition=Q(roster_entries__action_day=action_day)))
        .annotate(ticked=ticked, hit=hit, staff_total=Window(Count("pk")), ticked_total=Window(Sum(ticked)),
                  found_total=Window(Sum(hit)), busy_id=F("day_entry__roster__commune_id"),
                  busy_name=F("day_entry__roster__commune__name"), busy_kind=F("day_entry__roster__commune__kind"),
                  busy_level=F("day_entry__roster__commune__level"))
        .order_by("-ticked", "-hit", vi("full_name"), "pk")[:len(ids) + shown_others]
    )
    for person in rows:
        person.busy_commune = AdministrativeUnit(pk=person.busy_id, name=person.busy_name, kind=person.busy_kind,
                                                 level=person.busy_level) if person.busy_id else None
    chosen = [p for p in rows if p.ticked]
    others = [p for p in rows if not p.ticked and p.hit]
    staff_total = rows[0].staff_total if rows else 0
    others_total = staff_total - (rows[0].ticked_total if rows else 0)
    found_total = rows[0].found_total if rows else 0
    if not query and others_total > STAFF_SHOWN_WITHOUT_SEARCH:
        others = []  # a large agency searches its list
    return StaffPick(chosen=chosen, others=others[:SEARCH_RESULTS_MAX], others_total=others_total,
                     found_total=found_total if query else len(others), staff_total=staff_total)


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

