"""The list pages of areas and funds cost a fixed number of queries, whatever the data (2× check)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recognition.services.areas import area_case_register
from recognition.services.funds import EntryInput, fund_entry_add

pytestmark = pytest.mark.django_db


def _fill(villages, officer, area_set, n):
    for village in villages:
        for i in range(n):
            fund_entry_add(village=village, actor=officer, data=EntryInput(
                direction="in", kind="money", source="households", on=datetime.date(2023, 1, 1 + i),
                amount=Decimal(100_000 + i), description="Đóng góp"))
        if not village.pk % 2 and area_set is not None:
            area_case_register(village=village, criteria_set=area_set, registered_on=datetime.date(2023, 1, 1),
                               actor=officer)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["recognition:area_overview", "recognition:fund_overview",
                                  "recognition:fund_commune", "recognition:area_commune",
                                  "recognition:fund_village"])
def test_pages_cost_the_same_with_twice_the_data(login, leader, commune_officer, hoa_ninh, village, second_village,
                                                 area_set, name):
    client = login(leader)
    client.get(reverse("home"))
    args = {"recognition:fund_commune": [hoa_ninh.pk], "recognition:area_commune": [hoa_ninh.pk],
            "recognition:fund_village": [village.pk]}.get(name, [])
    url = reverse(name, args=args)
    _fill([village], commune_officer, None, 2)
    before = _count(client, url)
    _fill([village, second_village], commune_officer, area_set, 4)
    assert _count(client, url) == before
    # session, user, memberships, communes, the page's aggregates, the notices count: a small fixed number
    assert before <= 12
