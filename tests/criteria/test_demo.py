"""The demo seeder: consistent with the 2021 statuses, fast, and idempotent."""

import datetime
import time

import pytest

from criteria.demo import seed_criteria
from criteria.models import Assessment, IndicatorResult, Recognition, RoadmapTarget
from criteria.selectors import compare, readiness, standard_set, standing
from directory.demo import seed_directory
from directory.models import Commune

pytestmark = pytest.mark.django_db


def test_demo_is_consistent_fast_and_idempotent(district):
    seed_directory()
    started = time.perf_counter()
    first = seed_criteria()
    elapsed = time.perf_counter() - started
    assert elapsed < 10, elapsed
    assert first.assessments == 19 * 3 + 1
    assert first.results == 19 * 3 * 56 + 9
    counts = (Assessment.objects.count(), IndicatorResult.objects.count(), Recognition.objects.count(),
              RoadmapTarget.objects.count())
    second = seed_criteria()
    assert second.created == 0
    assert counts == (Assessment.objects.count(), IndicatorResult.objects.count(), Recognition.objects.count(),
                      RoadmapTarget.objects.count())

    today = datetime.date(2025, 1, 15)
    communes = list(Commune.objects.filter(parent=district).order_by("code"))
    rows = {r.commune.name: r for r in standing(standard_set(on=today), communes, today).rows}
    assert rows["Hòa Ninh"].met == 19 and rows["Hòa Ninh"].level == "model"
    assert rows["Đinh Lạc"].met == 19 and rows["Đinh Lạc"].level == "advanced"
    for name in ("Sơn Điền", "Gia Bắc"):
        assert rows[name].met < 19 and rows[name].level is None
    assert all(rows[name].met == 19 for name in rows if name not in ("Sơn Điền", "Gia Bắc"))
    # Gia Bắc's latest round waits for the coordinator; its verified standing is from 31/07/2023.
    assert rows["Gia Bắc"].assessment.as_of == datetime.date(2023, 7, 31)

    comparison = compare(standard_set(on=today), communes, datetime.date(2023, 1, 18), datetime.date(2023, 7, 31))
    by_name = {c.commune.name: c for c in comparison.communes}
    assert by_name["Gia Bắc"].met_after > by_name["Gia Bắc"].met_before
    assert by_name["Sơn Điền"].improved

    ready = readiness(district, today)
    assert (ready.communes, ready.standard, ready.advanced) == (19, 16, 2)
    assert not ready.ready
