"""Numbers typed the Vietnamese way (12,5 / 1.234,5) are stored right; ambiguous ones are refused; shown as 12,5."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import VillageResult
from ntm_portal.forms import parse_vn_number
from tests.campaigns.day_report_fixtures import report_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "read"), [
    ("12,5", "12.5"), ("1.234", "1234"), ("1.234,5", "1234.5"), ("1.234.567,89", "1234567.89"),
    ("12.5", "12.5"), ("0,75", "0.75"), (" 3 ", "3"), ("494.00", "494.00"),
    ("1,234.5", None), ("1.23.4", None), ("12,5,1", None), ("abc", None), ("1.2345,6", None),
])
def test_parse_vn_number(typed, read):
    assert parse_vn_number(typed) == read


def edit_url(commune, day):
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


def test_decimal_comma_and_thousands_dot_are_stored_and_shown_back_in_vietnamese(
    login, commune_officer, hoa_ninh, action_day, villages, sunday
):
    client = login(commune_officer)
    v1 = villages[0]
    client.post(edit_url(hoa_ninh, action_day), report_post(villages, figures={
        v1: {"residents": "1.020", "households": "120", "waste_kg": "12,5", "waste_m3": "1.234,5"}}))
    vr = VillageResult.objects.get(village=v1)
    assert (vr.residents, vr.waste_kg, vr.waste_m3) == (1020, Decimal("12.5"), Decimal("1234.5"))
    html = client.get(edit_url(hoa_ninh, action_day)).content.decode()
    assert f'name="v{v1.pk}-waste_kg" value="12,5" inputmode="decimal"' in html
    assert 'value="1.234,5"' in html and f'name="v{v1.pk}-residents" value="1.020" inputmode="numeric"' in html
    assert 'type="number"' not in html  # a number input depends on the browser's locale


def test_ambiguous_numbers_are_refused_with_a_vietnamese_reason(
    login, commune_officer, hoa_ninh, action_day, villages, sunday
):
    v1 = villages[0]
    response = login(commune_officer).post(edit_url(hoa_ninh, action_day), report_post(villages, figures={
        v1: {"residents": "12,5", "waste_kg": "1,234.5"}}))
    html = response.content.decode()
    assert "“1,234.5” không rõ là số nào" in html
    assert "Cần nhập một số nguyên" in html
    assert not VillageResult.objects.filter(waste_kg__isnull=False).exists()
