"""The demo seeder: 12 past weeks of plans and reports, some late, some missing; idempotent and fast."""

import datetime
import time

from campaigns.demo import seed_rosters
from campaigns.demo_reports import seed_reports
from campaigns.models import DayReport, Proposal, RosterEntry, VillageResult, WeeklyPlan
from directory.demo import seed_directory

TODAY = datetime.date(2025, 3, 12)


def test_demo_weeks(db, django_assert_max_num_queries):
    seed_directory()
    seed_rosters(today=TODAY)
    started = time.monotonic()
    first = seed_reports(today=TODAY)
    elapsed = time.monotonic() - started
    assert elapsed < 20, f"seed_reports took {elapsed:.1f}s"
    days = set(WeeklyPlan.objects.values_list("action_day__date", flat=True))
    assert len(days) == 12 and max(days) < TODAY
    assert first.plans == 19 * 12
    reports = DayReport.objects.all()
    assert 0 < first.reports < 19 * 12  # some communes never filed
    assert reports.filter(is_late=True).exists() and reports.filter(is_late=False, status="accepted").exists()
    assert reports.filter(status="submitted").exists()  # waiting for the coordinator
    low = [vr for vr in VillageResult.objects.exclude(households_total=None) if vr.participation_rate < 20]
    assert low, "some villages take part weakly"
    assert Proposal.objects.filter(status="answered").exists() and Proposal.objects.filter(status="open").exists()
    assert RosterEntry.objects.filter(attendance="present").exists()
    assert RosterEntry.objects.filter(attendance="absent").exclude(absence_reason="").exists()
    # A second run adds nothing.
    with django_assert_max_num_queries(30):
        second = seed_reports(today=TODAY)
    assert second.created == 0 and second.reports == first.reports and second.proposals == first.proposals
