import datetime

import pytest

from reporting.demo import DEMO_RECIPIENTS, seed_rollups
from reporting.models import RollUp, RollupRecipient

pytestmark = pytest.mark.django_db


def test_seed_rollups_builds_the_last_two_weeks_once(week, action_day, previous_day):
    result = seed_rollups(today=datetime.date(2025, 3, 20))
    assert (result.recipients, result.rollups) == (len(DEMO_RECIPIENTS), 2)
    assert set(RollUp.objects.values_list("action_day_id", "status")) == {
        (action_day.pk, RollUp.Status.READY), (previous_day.pk, RollUp.Status.READY)}
    again = seed_rollups(today=datetime.date(2025, 3, 20))
    assert (again.recipients, again.rollups) == (0, 0)
    assert RollUp.objects.count() == 2 and RollupRecipient.objects.count() == len(DEMO_RECIPIENTS)
