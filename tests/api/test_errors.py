"""One error shape for every failure; no 500 on bad JSON, wrong types, huge bodies or unknown fields."""

import json

import pytest
from django.urls import reverse

from campaigns.models import DayReport

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "field", "errors"}


@pytest.fixture
def url(hoa_ninh, action_day):
    return reverse("api:day_report_detail", args=[hoa_ninh.pk, action_day.pk])


@pytest.fixture
def api(token_client, commune_officer):
    return token_client(commune_officer)


def test_bad_json(api, url):
    for raw in ['{"villages": [', "NaN", '{"villages": NaN}', "\xff\xfe", "[" * 5000 + "]" * 5000]:
        response = api.generic("POST", url, raw.encode("utf-8", "surrogateescape"), content_type="application/json")
        assert response.status_code == 400, raw[:20]
        assert set(response.json()) == SHAPE
        assert response.json()["code"] in ("parse_error", "invalid", "not_a_dict")


def test_wrong_types_and_unknown_fields(api, url):
    for body, field in [([1, 2], None), ({"villages": "x"}, "villages"), ({"villages": [7]}, "villages[0]"),
                        ({"villages": [], "submit": "có"}, "submit"), ({"villages": [], "thu": 1}, "thu"),
                        ({"villages": [{"village_id": "abc"}]}, "villages[0].village_id"),
                        ({"villages": [{"village_id": 10**30}]}, "villages[0].village_id"),
                        ({"villages": [{"village_id": 1, "waste_kg": "1e999"}]}, "villages[0].waste_kg")]:
        response = api.post(url, body, format="json")
        assert response.status_code == 400, body
        data = response.json()
        assert set(data) == SHAPE and data["field"] == field, (body, data)
        assert any(ord(ch) > 127 for ch in data["message"]), data  # in Vietnamese
    assert not DayReport.objects.exists()


def test_a_huge_body_is_refused_before_it_is_read_whole(api, url, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"villages": [], "remarks": "x" * 2000})
    response = api.generic("POST", url, body, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert response.json()["message"] == "Nội dung gửi lên quá lớn."


def test_other_content_types_methods_and_addresses(api, url):
    form = api.generic("POST", url, "villages=1", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415 and form.json()["code"] == "unsupported_media_type"
    put = api.put(url, {}, format="json")
    assert put.status_code == 405 and put.json()["code"] == "method_not_allowed"
    assert "Phương thức" in put.json()["message"]
    unknown = api.get("/api/v1/khong-co/")
    assert unknown.status_code == 404 and set(unknown.json()) == SHAPE


def test_query_parameters_are_checked(api):
    bad = api.get(reverse("api:unit_list"), {"level": "thon", "on": "31/02/2025"})
    assert bad.status_code == 400 and bad.json()["field"] in ("level", "on")
    assert api.get(reverse("api:action_day_list"), {"from": "x"}).json()["field"] == "from"
    assert api.get(reverse("api:unit_list"), {"page": "999"}).status_code == 404
