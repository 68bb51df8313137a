"""The figures, checked against sums computed here from the raw rows (not through the selectors)."""

from collections import defaultdict
from decimal import Decimal

import pytest

from campaigns.models import Attendance, DayReport, RosterEntry, TaskResult, VillageResult
from directory.models import Commune, Village
from reporting.figures import (
    FilingStatus,
    agency_figures,
    commune_figures,
    cumulative_figures,
    previous_action_day,
    totals,
    village_figures,
)

pytestmark = pytest.mark.django_db

FILED = [DayReport.Status.SUBMITTED, DayReport.Status.ACCEPTED]


def expected_by_commune(action_day):
    """Plain Python sums over the rows of filed reports."""
    exp = defaultdict(lambda: defaultdict(Decimal))
    for vr in VillageResult.objects.filter(report__action_day=action_day, report__status__in=FILED):
        e = exp[vr.report.commune_id]
        for name in ("residents", "households", "commune_staff", "teachers", "students", "waste_kg", "waste_m3"):
            e[name] += getattr(vr, name) or 0
        e["households_total"] += vr.households_total or 0
        e["villages_reported"] += 1
    for tr in TaskResult.objects.filter(village_result__report__action_day=action_day,
                                        village_result__report__status__in=FILED):
        exp[tr.village_result.report.commune_id][f"task:{tr.task_type_id}"] += tr.quantity
    return exp


def test_commune_figures_match_the_raw_rows(week, action_day, district, django_assert_max_num_queries):
    communes = list(Commune.objects.filter(parent=district).values_list("pk", flat=True))
    with django_assert_max_num_queries(9):  # + the village moves (villages of a commune on each day)
        figs = commune_figures(action_day_ids=[action_day.pk], commune_ids=communes)
    assert len(figs) == len(communes)
    exp = expected_by_commune(action_day)
    assert len(exp) == 2  # on time + late; draft and returned reports do not count
    for commune_id in communes:
        fig, e = figs[(action_day.pk, commune_id)], exp.get(commune_id, {})
        for name in ("residents", "households", "households_total", "commune_staff", "teachers", "students",
                     "waste_kg", "waste_m3", "villages_reported"):
            assert getattr(fig, name) == e.get(name, 0), (commune_id, name)
        for key, quantity in e.items():
            if key.startswith("task:"):
                assert fig.task_quantity(int(key[5:])) == quantity
        assert fig.villages_total == Village.objects.current(action_day.date).filter(parent_id=commune_id).count()
    on_time = figs[(action_day.pk, week["reports"]["on_time"].commune_id)]
    assert on_time.filing == FilingStatus.ON_TIME
    assert on_time.participation_rate == (Decimal(100) * on_time.households / on_time.households_total).quantize(
        Decimal("0.1"))
    assert on_time.agency_staff_listed == 3 and on_time.agency_staff_present == 2
    assert figs[(action_day.pk, week["reports"]["late"].commune_id)].filing == FilingStatus.LATE
    draft = figs[(action_day.pk, week["draft_commune"].pk)]
    assert draft.filing == FilingStatus.DRAFT and draft.residents == 0 and draft.tasks == {}
    assert figs[(action_day.pk, week["returned_commune"].pk)].filing == FilingStatus.RETURNED
    total = totals(figs.values())
    assert total.filed_on_time == 1 and total.filed_late == 1 and total.not_filed == len(communes) - 2
    assert total.residents == sum(e["residents"] for e in exp.values())


def test_query_count_does_not_grow_with_days(week, action_day, previous_day, district, django_assert_max_num_queries):
    communes = list(Commune.objects.filter(parent=district).values_list("pk", flat=True))
    with django_assert_max_num_queries(9):  # + the village moves (villages of a commune on each day)
        figs = commune_figures(action_day_ids=[action_day.pk, previous_day.pk], commune_ids=communes)
    assert figs[(previous_day.pk, week["reports"]["previous"].commune_id)].residents > 0
    with django_assert_max_num_queries(8):  # + communes' names, village moves
        village_figures(action_day_ids=[action_day.pk, previous_day.pk], commune_ids=communes)
    with django_assert_max_num_queries(7):
        agency_figures(district=district, action_day_ids=[action_day.pk, previous_day.pk])


def test_village_figures(week, action_day, hoa_ninh):
    figs = village_figures(action_day_ids=[action_day.pk], commune_ids=[hoa_ninh.pk])
    rows = {vr.village_id: vr for vr in VillageResult.objects.filter(report=week["reports"]["on_time"])}
    assert set(k[1] for k in figs) == set(Village.objects.current(action_day.date).filter(parent=hoa_ninh)
                                          .values_list("pk", flat=True))
    for (_, village_id), fig in figs.items():
        vr = rows[village_id]
        assert fig.reported
        assert (fig.residents, fig.households, fig.households_total, fig.waste_kg) == (
            vr.residents, vr.households, vr.households_total, vr.waste_kg)
        assert fig.participation_rate == round(Decimal(100) * vr.households / vr.households_total, 1)
    draft = village_figures(action_day_ids=[action_day.pk], commune_ids=[week["draft_commune"].pk])
    assert draft and not any(f.reported or f.residents for f in draft.values())


def test_agency_figures(week, action_day, district, agency, other_agency):
    figs = agency_figures(district=district, action_day_ids=[action_day.pk])
    mine = figs[(action_day.pk, agency.pk)]
    assert (mine.on_time, mine.listed, mine.present, mine.weeks_without) == (1, 3, 2, 0)
    nobody = figs[(action_day.pk, other_agency.pk)]
    assert (nobody.sent_nobody, nobody.listed, nobody.weeks_without) == (1, 0, 1)
    lazy = figs[(action_day.pk, week["lazy"].pk)]
    assert (lazy.missing, lazy.weeks_without) == (1, 2)
    assert RosterEntry.objects.filter(roster__agency=agency, roster__action_day=action_day,
                                      attendance=Attendance.PRESENT).count() == mine.present


def test_previous_and_cumulative(week, action_day, previous_day, programme):
    assert previous_action_day(action_day) == previous_day
    assert previous_action_day(previous_day) is None
    cumulative = cumulative_figures(programme=programme, up_to=action_day)
    filed = VillageResult.objects.filter(report__status__in=FILED)
    assert cumulative.residents == sum(v.residents for v in filed)
    assert cumulative.action_days == 2
    # two present this week in a filed commune, two the week before
    assert cumulative.agency_staff_present == 4


def test_an_agency_whose_people_were_all_absent_did_not_take_part(week, action_day, district, agency):
    RosterEntry.objects.filter(roster__agency=agency, action_day=action_day).update(
        attendance=Attendance.ABSENT, absence_reason="Ốm")
    fig = agency_figures(district=district, action_day_ids=[action_day.pk])[(action_day.pk, agency.pk)]
    assert (fig.took_part, fig.weeks_without, fig.listed, fig.present) == (False, 1, 3, 0)


def test_days_before_the_portal_was_in_use_do_not_count_as_weeks_without(week, action_day, previous_day, programme,
                                                                         district):
    """Action days with no roster from any agency of the district (the portal not yet in use) neither
    extend nor break a run: the lazy agency stays at 2, not 2 + the earlier empty days."""
    import datetime

    from campaigns.models import ActionDay

    for weeks_back in range(2, 6):
        ActionDay.objects.create(programme=programme, date=previous_day.date - datetime.timedelta(weeks=weeks_back))
    figs = agency_figures(district=district, action_day_ids=[action_day.pk])
    assert figs[(action_day.pk, week["lazy"].pk)].weeks_without == 2
