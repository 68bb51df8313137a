# ruff: noqa: F811  (fixtures imported from the reporting conftest are used by name)
"""The Monday roll-up's village funds ("nguồn lực xã hội hóa"): the month's and the year's totals per
commune, the same in the data, the PDF and the workbook, and equal to recognition.selectors.funds."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from recognition.models import EntryDirection, EntryKind, FundSource
from recognition.selectors.funds import fund_totals
from recognition.services.funds import EntryInput, fund_entry_add
from reporting.rollup import build_weekly_rollup
from reporting.rollup_pdf import rollup_pdf
from reporting.rollup_xlsx import rollup_xlsx
from tests.pdf_checks import pages_text
from tests.reporting.conftest import action_day, previous_day, programme  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _add(village, actor, direction, amount, on, **kw):
    fund_entry_add(village=village, actor=actor, data=EntryInput(
        direction=direction, kind=kw.get("kind", EntryKind.MONEY), on=on, amount=Decimal(amount),
        source=kw.get("source", FundSource.HOUSEHOLDS) if direction == EntryDirection.CONTRIBUTION else "",
        working_days=kw.get("days"), description="Quỹ thôn"))


def test_the_rollup_shows_the_month_and_year_totals_per_commune(district, action_day, village, other_village,
                                                                hoa_ninh, gia_bac, commune_officer,
                                                                other_commune_officer):
    on = action_day.date
    month_start, year_start = on.replace(day=1), on.replace(month=1, day=1)
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 2_500_000, on)
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 600_000, on, kind=EntryKind.LABOUR,
         days=Decimal("10"))
    _add(village, commune_officer, EntryDirection.SPENDING, 1_000_000, on)
    if year_start < month_start:
        _add(village, commune_officer, EntryDirection.CONTRIBUTION, 4_000_000, year_start)
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 7_000_000, year_start - datetime.timedelta(days=1))
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 8_000_000, on + datetime.timedelta(days=1)
         if on + datetime.timedelta(days=1) <= datetime.date.today() else on.replace(day=1) - datetime.timedelta(days=400))
    _add(other_village, other_commune_officer, EntryDirection.CONTRIBUTION, 300_000, on,
         source=FundSource.BUSINESSES)

    rollup = build_weekly_rollup(district=district, action_day=action_day)
    funds = {f.commune_id: f for f in rollup.funds}
    year_in = 3_100_000 + (4_000_000 if year_start < month_start else 0)
    assert (funds[hoa_ninh.pk].month_contributions, funds[hoa_ninh.pk].month_spending) == (3_100_000, 1_000_000)
    assert (funds[hoa_ninh.pk].year_contributions, funds[hoa_ninh.pk].year_working_days) == (year_in, 10)
    assert funds[gia_bac.pk].month_contributions == 300_000
    expected = fund_totals([hoa_ninh.pk, gia_bac.pk], year_start, on)
    assert funds[hoa_ninh.pk].year_contributions == expected[hoa_ninh.pk]["contributions"]
    assert rollup.funds_total.month_contributions == 3_400_000

    text = " ".join(" ".join(pages_text(rollup_pdf(rollup))).split())
    assert "4. Nguồn lực xã hội hóa (quỹ thôn, tổ dân phố)" in text
    assert f"Tháng {on:%m/%Y}, các thôn, tổ dân phố huy động 3.400.000 đồng" in text

    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup)))
    sheet = book["Quỹ thôn"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows[hoa_ninh.full_name][2:5] == (3_100_000, 1_000_000, year_in)
    assert rows["Tổng cộng"][2] == 3_400_000


def test_the_dashboard_shows_the_month_and_year_totals_per_commune(login, leader, district, action_day, village,
                                                                   hoa_ninh, commune_officer):
    on = action_day.date
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 1_250_000, on)
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 750_000, on.replace(month=1, day=1))
    _add(village, commune_officer, EntryDirection.SPENDING, 500_000, on)  # spending is not "raised"
    from django.urls import reverse

    response = login(leader).get(reverse("dashboards:district"), {"ngay": on.isoformat()})
    assert response.status_code == 200
    assert (response.context["fund_month"], response.context["fund_year"]) == (1_250_000, 2_000_000)
    rows = {fig.commune_id: fund for fig, fund in response.context["fund_rows"]}
    assert rows[hoa_ninh.pk] == {"month": 1_250_000, "year": 2_000_000}
    page = response.content.decode()
    # millions on the figure cards (a phone's half-width card holds "7.436,6", not "7.436.600.000")
    assert '<div class="value" id="fund-month">1,3</div>triệu đồng huy động tháng' in page
    assert '<div class="value" id="fund-year">2</div>triệu đồng huy động năm' in page
