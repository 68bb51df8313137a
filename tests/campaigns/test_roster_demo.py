"""The demo seeder: the Di Linh programme since 25/02/2023 and 12 past weeks of rosters with gaps."""

import datetime

import pytest

from campaigns.demo import seed_rosters
from campaigns.models import ActionDay, Roster
from campaigns.selectors.rosters import roster_status_rows
from directory.demo import seed_directory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)


def test_seed_is_realistic_and_idempotent(district):
    seed_directory()
    first = seed_rosters(today=TODAY)
    launch = ActionDay.objects.get(date=datetime.date(2023, 2, 25))
    assert (launch.kind, launch.title) == ("extra", "Lễ ra quân toàn huyện")
    tet = ActionDay.objects.get(date=datetime.date(2024, 2, 10))
    assert tet.status == "cancelled" and "Tết" in tet.cancel_reason
    # the next 8 weeks are open
    assert ActionDay.objects.filter(date__gt=TODAY, status="open").count() == 8

    past = list(ActionDay.objects.filter(status="open", date__lt=TODAY).order_by("-date")[:12])
    rows = roster_status_rows(action_days=past)
    statuses = {s: sum(1 for r in rows if r.status == s) for s in ("on_time", "late", "missing", "sent_nobody")}
    assert all(statuses.values()), statuses
    assert statuses["on_time"] > statuses["late"] and statuses["on_time"] > statuses["missing"]
    assert not Roster.objects.filter(action_day__date__gt=TODAY).exists()

    again = seed_rosters(today=TODAY)
    assert again.created == 0 and (again.rosters, again.entries) == (first.rosters, first.entries)
