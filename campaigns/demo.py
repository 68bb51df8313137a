"""Demo data for rosters: the Di Linh programme, its action days since the launch, 12 past weeks.

Deterministic and idempotent: a second run adds nothing. Runs after `directory.demo.seed_directory`.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from directory.models import Assignment, District, Person
from ntm_portal.audit import audit_record

from .models import ActionDay, Programme, Roster, RosterEntry
from .services.programme import action_days_ensure, holiday_proposals

LAUNCH = datetime.date(2023, 2, 25)
PAST_WEEKS = 12
# A few agencies that answer "nobody" or not at all most weeks: what the Inspection Committee follows.
SLACK_AGENCIES = {"Công ty TNHH Chè Tâm Châu Di Linh", "Chi cục Thống kê huyện", "Hội Chữ thập đỏ huyện"}


@dataclasses.dataclass
class RosterSeedResult:
    action_days: int = 0
    rosters: int = 0
    entries: int = 0
    created: int = 0

    def __str__(self) -> str:
        return (f"{self.action_days} ngày ra quân, {self.rosters} danh sách, {self.entries} lượt cán bộ "
                f"(thêm mới lần này: {self.created})")


@transaction.atomic
def seed_rosters(*, district_code: str = "679", today: datetime.date | None = None) -> RosterSeedResult:
    today = today or timezone.localdate()
    district = District.objects.get(code=district_code)
    result = RosterSeedResult()
    programme, _created = Programme.objects.get_or_create(owner=district, name=Programme._meta.get_field("name").default)

    # Every Saturday since the launch, plus the next 8 weeks.
    dates, day = [], LAUNCH
    while day <= today:
        dates.append(day)
        day += datetime.timedelta(weeks=1)
    existing = set(programme.action_days.values_list("date", flat=True))
    new_days = [ActionDay(programme=programme, date=d,
                          kind=ActionDay.Kind.EXTRA if d == LAUNCH else ActionDay.Kind.REGULAR,
                          title="Lễ ra quân toàn huyện" if d == LAUNCH else "")
                for d in dates if d not in existing]
    ActionDay.objects.bulk_create(new_days, batch_size=500)
    result.created += len(new_days)
    result.created += len(action_days_ensure(programme=programme, today=today))
    if new_days:
        # Tết and other holidays falling on an action day were not held.
        fresh = list(programme.action_days.filter(date__in=[d.date for d in new_days]))
        for day_id, name in holiday_proposals(action_days=fresh).items():
            ActionDay.objects.filter(pk=day_id).update(status=ActionDay.Status.CANCELLED, cancel_reason=f"Nghỉ {name}")

    past_days = list(programme.action_days.filter(status=ActionDay.Status.OPEN, date__lt=today)
                     .order_by("-date")[:PAST_WEEKS])
    seeded = set(Roster.objects.filter(action_day__in=past_days).values_list("action_day_id", flat=True))
    todo = [d for d in past_days if d.pk not in seeded]
    if todo:
        created = _seed_weeks(district, todo)
        result.created += created
    result.action_days = programme.action_days.count()
    result.rosters = Roster.objects.filter(action_day__programme=programme).count()
    result.entries = RosterEntry.objects.filter(action_day__programme=programme).count()
    if result.created:
        audit_record(actor=None, action="demo.seed", target=programme, unit=district,
                     note=f"{result.created} bản ghi minh họa (danh sách tham gia)")
    return result


def _seed_weeks(district, days: list[ActionDay]) -> int:
    rng = random.Random(20230225)
    staff: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(agency__owner=district, is_active=True).order_by("pk"):
        staff[person.agency_id].append(person)
    assignments = list(Assignment.objects.filter(agency__owner=district, agency__is_active=True)
                       .select_related("agency", "commune").order_by("agency_id", "commune_id"))
    villages: dict[int, list[int]] = defaultdict(list)
    from directory.models import Village

    for vid, parent_id in Village.objects.filter(parent__parent=district).values_list("pk", "parent_id"):
        villages[parent_id].append(vid)

    rosters, planned = [], []
    for day in days:
        deadline = day.roster_deadline
        used: set[int] = set()
        for a in assignments:
            if a.valid_from > day.date or (a.valid_to and a.valid_to < day.date):
                continue
            slack = a.agency.name in SLACK_AGENCIES
            draw = rng.random()
            if (slack and draw < 0.5) or (not slack and draw < 0.10):
                continue  # missing
            nobody = (slack and draw < 0.85) or (not slack and draw < 0.15)
            late = not nobody and draw > 0.86
            sent = deadline - datetime.timedelta(hours=rng.randint(2, 60)) if not late else \
                deadline + datetime.timedelta(hours=rng.randint(1, 50))
            pool = [p for p in staff[a.agency_id] if p.pk not in used]
            people = [] if nobody else rng.sample(pool, min(len(pool), rng.randint(2, 6)))
            used.update(p.pk for p in people)
            rosters.append(Roster(agency=a.agency, commune=a.commune, action_day=day, submitted_at=sent,
                                  updated_at=sent, is_late=sent > deadline, entry_count=len(people),
                                  source=rng.choice(list(Roster.Source.values))))
            planned.append(people)
    Roster.objects.bulk_create(rosters, batch_size=500)
    entries = []
    for roster, people in zip(rosters, planned, strict=True):
        choices = villages.get(roster.commune_id) or [None]
        for person in people:
            entries.append(RosterEntry(
                roster=roster, action_day=roster.action_day, person=person, full_name=person.full_name,
                position=person.position, phone=person.phone, is_party_member=person.is_party_member,
                village_id=rng.choice(choices),
            ))
    RosterEntry.objects.bulk_create(entries, batch_size=1000)
    return len(rosters) + len(entries)
