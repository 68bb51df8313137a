"""The demo data of model residential areas and village funds: consistent with criteria.demo, every
case a state its dates allow, ledgers that balance, idempotent."""

import pytest
from django.db.models import Count
from django.utils import timezone

from criteria.demo import seed_criteria
from criteria.models import Evidence, RecognitionLevel
from directory.demo import seed_directory
from directory.models import Commune, Village
from recognition.demo import seed_recognition
from recognition.models import AreaState, ModelAreaCase, ModelAreaCheck
from recognition.selectors.areas import model_area_summary
from recognition.selectors.funds import fund_month_and_year, village_balances

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_state_and_filled_ledgers_and_runs_once(district):
    seed_directory()
    seed_criteria()
    first = seed_recognition()
    assert first.cases > 10 and first.entries > 183 * 5
    assert str(seed_recognition()) == "0 hồ sơ khu dân cư kiểu mẫu, 0 khoản thu chi quỹ thôn"

    states = dict(ModelAreaCase.objects.values_list("state").annotate(n=Count("pk")))
    assert {AreaState.RECOGNISED, AreaState.LOST, AreaState.REGISTERED, AreaState.SURVEYED,
            AreaState.SELF_ASSESSED, AreaState.APPRAISED} <= set(states)
    for case in ModelAreaCase.objects.select_related("recognition"):
        if case.state in (AreaState.RECOGNISED, AreaState.LOST):
            assert case.recognition.level in (RecognitionLevel.MODEL_AREA, RecognitionLevel.MODEL_VILLAGE)
            assert case.registered_on < case.surveyed_on < case.self_assessed_on < case.appraised_on < case.decision_date
        if case.self_assessment_id:
            assert Evidence.objects.filter(assessment_id=case.self_assessment_id).exists()
    lost = ModelAreaCase.objects.get(state=AreaState.LOST)
    assert ModelAreaCheck.objects.get(case=lost, checked_on=lost.lost_on).passed is False

    today = timezone.localdate()
    communes = list(Commune.objects.filter(parent=district).values_list("pk", flat=True))
    summary = model_area_summary(communes, today)
    assert sum(c["lost"] for c in summary.values()) == 1
    assert sum(c["model"] for c in summary.values()) == states[AreaState.RECOGNISED]

    villages = list(Village.objects.filter(parent__parent=district))
    balances = village_balances(villages)
    assert len(balances) == len(villages) and all(b.entries >= 6 and b.balance > 0 for b in balances)
    month = fund_month_and_year(communes, today)
    assert all(v["month"] > 0 and v["year"] >= v["month"] for v in month.values())
