"""The DHIS2 exchange: the export of a demo week against a fixture file, CSV, and imports accepted whole
or refused whole with every error named."""

import json
import os
import pathlib

import pytest
from django.urls import reverse

from api.exchange import period_parse
from api.models import Dhis2Mapping, ExchangedValue, ExchangeImport
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

FIXTURE = pathlib.Path(__file__).parent / "data" / "dhis2_di_linh_2025W11.json"


def _export(api, district, period="2025W11", **extra):
    return api.get(reverse("api:data_value_sets"), {"unit": district.pk, "period": period, **extra})


def test_the_export_of_a_demo_week_matches_the_fixture(token_client, leader, district, week, mapping):
    response = _export(token_client(leader), district)
    assert response.status_code == 200
    if os.environ.get("REGENERATE_API_FIXTURES"):
        FIXTURE.write_text(json.dumps(response.json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert response.json() == json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_the_export_holds_the_roll_up_figures_of_filed_communes_only(token_client, leader, district, week,
                                                                     mapping, hoa_ninh, gia_bac):
    values = _export(token_client(leader), district).json()["dataValues"]
    assert {v["orgUnit"] for v in values} == {hoa_ninh.code, gia_bac.code}  # the draft and returned ones are out
    residents = Dhis2Mapping.objects.get(figure="residents").data_element
    report = week["reports"]["on_time"]
    expected = sum(vr.residents for vr in report.village_results.all())
    assert [v["value"] for v in values if v["orgUnit"] == hoa_ninh.code and v["dataElement"] == residents] == [
        str(expected)]
    assert {v["period"] for v in values} == {"2025W11"}
    # a month and a quarter take every action day in them: 08/03 and 15/03/2025
    month = _export(token_client(leader), district, period="202503").json()["dataValues"]
    assert {v["period"] for v in month} == {"2025W10", "2025W11"}
    assert _export(token_client(leader), district, period="2025Q1").json()["dataValues"] == month


def test_csv_export(token_client, leader, district, week, mapping):
    response = _export(token_client(leader), district, output="csv")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value"
    assert len(lines) - 1 == len(_export(token_client(leader), district).json()["dataValues"])


def test_bad_periods_and_units_answer_in_the_error_shape(token_client, leader, district, mapping):
    api = token_client(leader)
    bad = _export(api, district, period="2025W54").json()
    assert bad["field"] == "period" and "không hợp lệ" in bad["message"]
    assert api.get(reverse("api:data_value_sets"), {"period": "2025W11"}).json()["field"] == "unit"
    assert api.get(reverse("api:data_value_sets"), {"unit": 999999, "period": "2025W11"}).status_code == 404
    assert period_parse("2024Q4").end.isoformat() == "2024-12-31"
    assert period_parse("202402").end.isoformat() == "2024-02-29"


def _import(api, district, body, **kwargs):
    return api.post(reverse("api:data_value_sets") + f"?unit={district.pk}", body, **kwargs)


def test_an_import_of_the_same_format_is_stored_and_audited(token_client, coordinator, district, week, mapping,
                                                            hoa_ninh):
    api = token_client(coordinator)
    exported = _export(api, district).json()
    response = _import(api, district, exported, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["importCount"]["imported"] == len(exported["dataValues"])
    assert ExchangedValue.objects.count() == len(exported["dataValues"])
    batch = ExchangeImport.objects.get()
    assert AuditEntry.objects.filter(action="exchange.import", target_id=str(batch.pk)).count() == 1
    # the same values again update, never duplicate
    again = _import(api, district, _export(api, district, output="csv").content.decode(), content_type="text/csv")
    assert again.status_code == 200 and again.json()["importCount"]["updated"] == len(exported["dataValues"])
    assert ExchangedValue.objects.count() == len(exported["dataValues"])


def test_a_bad_file_is_refused_whole_with_each_error_named(token_client, coordinator, district, week, mapping,
                                                           hoa_ninh):
    api = token_client(coordinator)
    good = _export(api, district).json()["dataValues"]
    values = [*good[:3],
              {**good[0], "orgUnit": "99999"},
              {**good[1], "value": "-4"},
              {**good[2], "period": "2025-03"},
              {**good[0], "dataElement": "KhongCoMa00"}]
    response = _import(api, district, {"dataValues": values}, format="json")
    assert response.status_code == 400
    by_field = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(by_field) == {"dataValues[3].orgUnit", "dataValues[4].value", "dataValues[5].period",
                             "dataValues[6].dataElement"}
    assert by_field["dataValues[3].orgUnit"].startswith("Giá trị thứ 4, orgUnit: mã đơn vị “99999”")
    assert "số không âm" in by_field["dataValues[4].value"]
    assert not ExchangedValue.objects.exists() and not ExchangeImport.objects.exists()
    assert not AuditEntry.objects.filter(action="exchange.import").exists()


def test_a_bad_csv_names_the_row(token_client, coordinator, district, week, mapping):
    api = token_client(coordinator)
    text = _export(api, district, output="csv").content.decode().splitlines()
    text[2] = text[2].rsplit(",", 1)[0] + ",mười"
    response = _import(api, district, "\n".join(text), content_type="text/csv")
    assert response.status_code == 400
    assert response.json()["field"] == "row 3.value" and response.json()["message"].startswith("Dòng 3, value:")
    assert not ExchangedValue.objects.exists()


def test_only_the_coordinating_office_imports(token_client, leader, commune_officer, district, mapping):
    body = {"dataValues": []}
    assert _import(token_client(leader), district, body, format="json").status_code == 403
    assert _import(token_client(commune_officer), district, body, format="json").status_code == 403
