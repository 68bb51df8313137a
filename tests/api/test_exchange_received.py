"""What a partner system sent back (a DHIS2 import), shown next to the portal's own figures: the API
endpoint and the coordinating office's page, the differences marked."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from api.models import Dhis2Mapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(token_client, coordinator, district, week, mapping, hoa_ninh):
    """The export of week 2025W11 sent back with Hòa Ninh's residents 5 higher than the portal's."""
    api = token_client(coordinator)
    sent = api.get(reverse("api:data_value_sets"), {"unit": district.pk, "period": "2025W11"}).json()
    residents = Dhis2Mapping.objects.get(figure="residents").data_element
    changed = next(v for v in sent["dataValues"] if v["orgUnit"] == hoa_ninh.code and v["dataElement"] == residents)
    portal = Decimal(changed["value"])
    changed["value"] = str(portal + 5)
    response = api.post(reverse("api:data_value_sets") + f"?unit={district.pk}", sent, format="json")
    assert response.status_code == 200, response.json()
    return {"count": len(sent["dataValues"]), "portal": portal}


def test_the_endpoint_shows_the_values_and_the_difference(token_client, leader, district, imported, hoa_ninh):
    response = token_client(leader).get(reverse("api:exchange_received"), {"unit": district.pk, "period": "2025W11"})
    assert response.status_code == 200, response.json()
    rows = response.json()["results"]
    assert len(rows) == imported["count"]
    differing = [r for r in rows if r["difference"] != "0.00"]
    assert [(r["org_unit"], r["period"], r["figure"], r["value"], r["portal_value"], r["difference"])
            for r in differing] == [(hoa_ninh.code, "2025W11", "residents", f"{imported['portal'] + 5:.2f}",
                                     f"{imported['portal']:.2f}", "5.00")]
    assert differing[0]["data_element"] == Dhis2Mapping.objects.get(figure="residents").data_element
    # another period: nothing received
    other = token_client(leader).get(reverse("api:exchange_received"), {"unit": district.pk, "period": "2025W12"})
    assert other.json()["results"] == []
    # a month holds the week
    month = token_client(leader).get(reverse("api:exchange_received"), {"unit": district.pk, "period": "202503"})
    assert len(month.json()["results"]) == imported["count"]


def test_a_mapping_row_no_longer_active_shows_no_portal_figure(token_client, leader, district, imported):
    Dhis2Mapping.objects.filter(figure="residents").update(is_active=False)
    rows = token_client(leader).get(reverse("api:exchange_received"), {"unit": district.pk}).json()["results"]
    residents = [r for r in rows if r["figure"] == "residents"]
    assert residents and all(r["portal_value"] is None and r["difference"] is None and r["data_element"] is None
                             for r in residents)


def test_the_endpoint_keeps_to_the_units_readers(token_client, commune_officer, district, imported):
    assert token_client(commune_officer).get(reverse("api:exchange_received")).status_code == 403
    bad = token_client(commune_officer).get(reverse("api:exchange_received"), {"period": "2025W99"})
    assert bad.status_code in (400, 403)


def test_the_page_shows_the_values_and_highlights_the_difference(client, coordinator, district, imported, hoa_ninh,
                                                                  django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("api_received"), {"ky": "2025W11"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<tr( class="table-warning")? data-cell="([^"]+)">(.*?)</tr>', html, re.S)
    assert len(rows) == imported["count"]
    marked = [(cell, body) for warn, cell, body in rows if warn]
    assert [cell for cell, _body in marked] == [f"{hoa_ninh.code} 2025W11 residents"]
    body = marked[0][1]
    received, portal = (f"{int(n):,}".replace(",", ".") for n in (imported["portal"] + 5, imported["portal"]))
    assert f">{received}</td>" in body and f">{portal}</td>" in body  # dd.ddd, the Vietnamese grouping
    assert "<strong>+5</strong>" in body and "Hòa Ninh" in body
    assert "1 ô khác số liệu của cổng." in html


def test_the_page_refuses_a_bad_period_in_vietnamese_and_others(client, coordinator, commune_officer, imported):
    client.force_login(coordinator)
    response = client.get(reverse("api_received"), {"ky": "2025W99"})
    assert response.status_code == 200 and "không hợp lệ" in response.content.decode()
    client.force_login(commune_officer)
    assert client.get(reverse("api_received")).status_code == 403
    client.force_login(coordinator)
    assert client.get(reverse("api_received"), {"don-vi": "987654"}).status_code == 404


def test_the_demo_seeds_a_partner_answer_with_one_difference(district, week, mapping):
    from api.demo import received_seed
    from api.exchange import received_values

    assert received_seed(district_code=district.code) > 0
    rows = received_values(unit=district)
    assert rows and [r.difference for r in rows if r.differs] == [Decimal(7)]
    assert received_seed(district_code=district.code) == 0  # once
