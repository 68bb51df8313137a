"""The dashboards' bodies come from the cache until the data change (issue 16): fixed queries at 1× and
2× data, and a filing shows at once."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.models import Commune
from tests.reporting.conftest import SATURDAY, file_report

pytestmark = pytest.mark.django_db
DAY = SATURDAY.isoformat()
BODY = "reporting/dashboard/_district_body.html"
COMMUNE_BODY = "reporting/dashboard/_commune_body.html"


def drawn(response, name) -> bool:
    return any(t.name == name for t in response.templates)


def filed_card(html: str) -> str:
    return re.search(r'<div class="value">(\d+/\d+)</div>xã đã báo cáo', html)[1]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_district_dashboard_body_is_drawn_once_per_state_of_the_data(login, leader, week, district, action_day):
    client = login(leader)
    first = client.get(reverse("dashboards:district"), {"ngay": DAY})
    assert drawn(first, BODY)
    second = client.get(reverse("dashboards:district"), {"ngay": DAY})
    assert not drawn(second, BODY)
    assert filed_card(second.content.decode()) == filed_card(first.content.decode())
    before = filed_card(second.content.decode())
    commune = Commune.objects.filter(parent=district).exclude(day_reports__action_day=action_day).first()
    file_report(commune, action_day, seed=77)
    third = client.get(reverse("dashboards:district"), {"ngay": DAY})
    assert drawn(third, BODY)
    filed, units = map(int, before.split("/"))
    assert filed_card(third.content.decode()) == f"{filed + 1}/{units}"
    # another sort order is another drawing of the same data
    assert drawn(client.get(reverse("dashboards:district"), {"ngay": DAY, "sap_xep": "ten"}), BODY)


def test_the_commune_dashboard_costs_the_same_at_1x_and_2x(login, leader, week, district, action_day, hoa_ninh,
                                                           django_assert_num_queries):
    client = login(leader)
    url = reverse("dashboards:commune", args=[hoa_ninh.pk])
    client.get(url, {"ngay": DAY})
    # session, user, memberships (scope), the commune, programme, action days,
    # lineage, stamps of the days (2); board (with its villages) and body from the cache
    with django_assert_num_queries(9):
        response = client.get(url, {"ngay": DAY})
    assert not drawn(response, COMMUNE_BODY)
    # Twice the data: every other commune files the day — which leaves this commune's page as it was.
    for i, commune in enumerate(Commune.objects.filter(parent=district).exclude(day_reports__action_day=action_day)):
        file_report(commune, action_day, seed=50 + i)
    response = client.get(url, {"ngay": DAY})
    assert not drawn(response, COMMUNE_BODY)
    with django_assert_num_queries(9):
        response = client.get(url, {"ngay": DAY})
    assert not drawn(response, COMMUNE_BODY)


def test_the_commune_dashboard_shows_its_own_refiling_at_once(login, leader, week, action_day, hoa_ninh):
    from django.utils import timezone

    from campaigns.models import DayReport, VillageResult

    client = login(leader)
    url = reverse("dashboards:commune", args=[hoa_ninh.pk])
    client.get(url, {"ngay": DAY})
    report = DayReport.objects.get(commune=hoa_ninh, action_day=action_day)
    VillageResult.objects.filter(report=report).update(residents=4321)  # as day_report_save: rows and updated_at
    DayReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    response = client.get(url, {"ngay": DAY})
    assert drawn(response, COMMUNE_BODY) and "4.321" in response.content.decode()


def test_the_compliance_table_is_drawn_once_per_content(login, inspector, week, hoa_ninh, action_day):
    from tests.reporting.conftest import roster

    client = login(inspector)
    table = "reporting/dashboard/_compliance_table.html"
    first = client.get(reverse("dashboards:compliance"), {"ngay": DAY})
    assert drawn(first, table)
    second = client.get(reverse("dashboards:compliance"), {"ngay": DAY})
    assert not drawn(second, table) and second.content.count(b"<tr>") == first.content.count(b"<tr>")
    missing = second.content.decode().count("Chưa gửi")
    roster(week["lazy"], hoa_ninh, action_day, people=1, present=1)  # the agency that sent nothing sends
    third = client.get(reverse("dashboards:compliance"), {"ngay": DAY})
    assert drawn(third, table) and third.content.decode().count("Chưa gửi") == missing - 1
