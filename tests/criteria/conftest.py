"""Fixtures for the criteria tests: the shipped sets, district targets, assessments in any state."""

import datetime
from decimal import Decimal

import pytest

from criteria import services
from criteria.loaders import load_shipped_sets
from criteria.models import Assessment, AssessmentStatus, CriteriaSet, Indicator, IndicatorResult, Target


@pytest.fixture
def sets(db):
    load_shipped_sets()
    return {s.code: s for s in CriteriaSet.objects.all()}


@pytest.fixture
def commune_set(sets):
    return sets["QD318-XA"]


@pytest.fixture
def district_set(sets):
    return sets["QD320-HUYEN"]


@pytest.fixture
def targets(commune_set, district):
    """Targets for 3.1 (≥ 80 %, margin 10 %) and 11 (poverty ≤ 5 %, margin 20 %)."""
    i31 = Indicator.objects.get(criteria_set=commune_set, code="3.1")
    i11 = Indicator.objects.get(criteria_set=commune_set, code="11")
    i11.comparator = "lte"
    i11.save(update_fields=["comparator"])
    return {
        "3.1": Target.objects.create(indicator=i31, unit=district, value=Decimal("80"), approaching_margin=Decimal("10")),
        "11": Target.objects.create(indicator=i11, unit=district, value=Decimal("5"), approaching_margin=Decimal("20")),
    }


def make_assessment(*, criteria_set, unit, as_of, actor, statuses=None, default="met",
                    status=AssessmentStatus.VERIFIED) -> Assessment:
    """An assessment with every indicator at `default` except those named in `statuses` (code → status)."""
    statuses = statuses or {}
    assessment = services.assessment_create(criteria_set=criteria_set, unit=unit, as_of=as_of, actor=actor)
    IndicatorResult.objects.bulk_create([
        IndicatorResult(assessment=assessment, indicator=i, status=statuses.get(i.code, default))
        for i in Indicator.objects.filter(criteria_set=criteria_set)
    ])
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def assess():
    return make_assessment


@pytest.fixture
def day():
    return lambda text: datetime.datetime.strptime(text, "%d/%m/%Y").date()
