"""The dashboard's 52-week trend runs on across the 2025 merger: the weeks before 01/07/2025 show the
former communes' figures summed under the communes that replaced them."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Sum

from campaigns.models import ActionDay, Programme, VillageResult
from directory.models import Commune
from reporting import dashboard as dash
from tests.reporting.conftest import file_report

pytestmark = pytest.mark.django_db
BEFORE = [datetime.date(2025, 6, 21), datetime.date(2025, 6, 28)]
AFTER = [datetime.date(2025, 7, 5), datetime.date(2025, 7, 12)]


def test_the_trend_is_continuous_across_the_merger(district):
    programme = Programme.objects.create(owner=district)
    days = {d: ActionDay.objects.create(programme=programme, date=d) for d in BEFORE + AFTER}
    old = list(Commune.objects.filter(parent=district).order_by("code"))
    for n, day in enumerate(BEFORE):
        for i, commune in enumerate(old):
            file_report(commune, days[day], seed=100 * n + i)
    call_command("merge_communes", verbosity=0)
    new = list(Commune.objects.current(AFTER[0]).filter(parent=district.parent).order_by("code"))
    assert len(new) == 7
    for n, day in enumerate(AFTER):
        for i, commune in enumerate(new):
            file_report(commune, days[day], seed=1000 + 100 * n + i)

    past = dash.past_action_days(programme, today=AFTER[-1])
    board = dash.district_dashboard(district=district, programme=programme, days=past, action_day=days[AFTER[-1]],
                                    commune_ids=[c.pk for c in new], window=52)
    assert [p.day for p in board.trend] == BEFORE + AFTER
    by_day = {p.day: p for p in board.trend}
    for day in BEFORE:  # the 19 former communes, summed under the 7
        assert by_day[day].totals.units == 19 and by_day[day].totals.filed == 19
        assert by_day[day].totals.villages_reported == 183
        expected = VillageResult.objects.filter(report__action_day=days[day]).aggregate(h=Sum("households"))["h"]
        assert by_day[day].totals.households == expected
        assert by_day[day].participation_rate is not None
    for day in AFTER:
        assert by_day[day].totals.units == 7 and by_day[day].totals.filed == 7
        assert by_day[day].totals.villages_reported == 183
    # Today's table is the 7 communes of today, not the former ones.
    assert sorted(r.figures.commune_code for r in board.communes) == sorted(c.code for c in new)
