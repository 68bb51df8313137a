"""The review's figures are the roll-up's and the criteria comparison's for the same period (issue 19)."""

import datetime

import pytest

from criteria import selectors as criteria_selectors
from criteria.models import SetLevel
from directory.models import Commune
from recognition.models import ReviewReport
from recognition.selectors.reviews import build_review_draft, unit_figures
from reporting.figures import totals
from reporting.rollup import build_weekly_rollup

pytestmark = pytest.mark.django_db


def test_the_period_figures_equal_the_sum_of_the_weekly_rollups(review, district, action_day, previous_day,
                                                               last_year_day):
    draft = build_review_draft(review)
    weekly = [build_weekly_rollup(district=district, action_day=day) for day in (previous_day, action_day)]
    summed = totals(c for r in weekly for c in r.communes)
    t = draft.programme.totals
    assert draft.programme.action_days == 2
    assert t.residents == summed.residents > 0
    assert t.households == summed.households > 0
    assert t.agency_staff_present == summed.agency_staff_present
    assert t.waste_kg == summed.waste_kg
    assert t.filed == summed.filed == 3  # Hòa Ninh both weeks, Gia Bắc (late) the second
    assert {k: v.quantity for k, v in t.tasks.items()} == {k: v.quantity for k, v in summed.tasks.items()}
    # The same period last year: the roll-up of 16/03/2024.
    ly = build_weekly_rollup(district=district, action_day=last_year_day)
    assert draft.programme_last_year.totals.residents == ly.totals.residents > 0
    change = next(c for c in draft.changes if str(c.label) == "Người dân tham gia")
    assert (change.current, change.previous) == (summed.residents, ly.totals.residents)


def test_a_day_outside_the_period_does_not_count(review, district, programme, hoa_ninh):
    from campaigns.models import ActionDay
    from tests.reporting.conftest import file_report

    before = build_review_draft(review).programme.totals.residents
    july = ActionDay.objects.create(programme=programme, date=datetime.date(2025, 7, 5))
    file_report(hoa_ninh, july, seed=9)
    assert build_review_draft(review).programme.totals.residents == before


def test_the_criteria_figures_are_the_comparisons(review, district, criteria_rounds, hoa_ninh, gia_bac):
    draft = build_review_draft(review)
    communes = list(Commune.objects.current(review.period_end).filter(parent=district))
    choice = criteria_selectors.set_for(SetLevel.COMMUNE, review.period_end, unit=district)
    comparison = criteria_selectors.compare(choice.criteria_set, communes, review.baseline_date, review.period_end)
    by_commune = {c.commune.pk: c for c in comparison.communes}
    rows = {c.commune_id: c for c in draft.criteria.communes}
    for pk in (hoa_ninh.pk, gia_bac.pk):
        assert rows[pk].met == by_commune[pk].met_after
        assert rows[pk].change_label == by_commune[pk].change_label
    total = comparison.total_criteria
    assert rows[hoa_ninh.pk].met == total and rows[hoa_ninh.pk].met_before == total - 2
    assert rows[hoa_ninh.pk].change_label == "+2"
    assert (rows[gia_bac.pk].met, rows[gia_bac.pk].approaching, rows[gia_bac.pk].not_met) == (total - 1, 1, 0)
    assert draft.criteria.full_after == comparison.full_after == 1


def test_a_communes_prefilled_figures_are_its_own(review, hoa_ninh, district, action_day, previous_day):
    report = ReviewReport.objects.get(review=review, commune=hoa_ninh)
    figures = unit_figures(report)
    weekly = [build_weekly_rollup(district=district, action_day=d) for d in (previous_day, action_day)]
    own = sum(c.residents for r in weekly for c in r.communes if c.commune_id == hoa_ninh.pk)
    assert figures.programme.totals.residents == own > 0
    assert figures.as_json()["changes"][2]["current"] == str(own)


def test_funds_and_model_areas_are_those_of_the_recognition_selectors(review, hoa_ninh, commune_officer, district):
    from directory.models import Village
    from recognition.review_documents import review_outline
    from recognition.selectors.areas import model_area_summary
    from recognition.selectors.funds import fund_totals
    from recognition.services.funds import EntryInput, fund_entry_add

    village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
    for on, amount in ((datetime.date(2025, 3, 4), 500000), (datetime.date(2025, 7, 4), 700000)):
        fund_entry_add(village=village, actor=commune_officer, data=EntryInput(
            direction="in", kind="money", source="households", on=on, amount=amount, description="Đóng góp quỹ thôn"))
    draft = build_review_draft(review)
    ids = list(draft.commune_names)
    assert draft.funds == fund_totals(ids, review.period_start, review.period_end)
    assert draft.funds[hoa_ninh.pk]["contributions"] == 500000  # July is outside the period
    assert draft.funds_total["contributions"] == 500000
    assert draft.areas == model_area_summary(ids, review.period_end)
    table = next(b for b in review_outline(draft) if b.key == "resources")
    assert next(r for r in table.rows if r[1] == "Xã Hòa Ninh")[2] == "500.000"
    report = ReviewReport.objects.get(review=review, commune=hoa_ninh)
    assert unit_figures(report).funds["contributions"] == 500000
