"""The steering committee's tasks through the API: each role reads the deadlines of the tasks the
pages show it (ntm_portal.access.directive_tasks_q), with the same overdue rule as the board."""

import datetime

import time_machine
from django.urls import reverse

from tests.directives.factories import dated, make_directive

URL = reverse("api:task_list")


def _directive(district, agency, hoa_ninh, coordinator):
    return make_directive(owner=district, actor=coordinator, tasks=[
        dated("Xây dựng cơ chế hỗ trợ cụ thể cho các xã", datetime.date(2026, 11, 30), lead_agency=agency, point="7"),
        dated("Xã báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 20), lead_commune=hoa_ninh, point="2a"),
    ])


@time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0), tick=False)
def test_each_role_reads_the_tasks_the_pages_show_it(token_client, district, agency, hoa_ninh, coordinator,
                                                      focal_point, commune_officer, other_focal_point,
                                                      other_commune_officer):
    document = _directive(district, agency, hoa_ninh, coordinator)

    office = token_client(coordinator).get(URL).json()
    assert [(r["point"], r["due_on"], r["overdue"]) for r in office["results"]] == [
        ("2a", "2026-11-20", True), ("7", "2026-11-30", False)]
    first = office["results"][0]
    assert first["document_id"] == document.pk and first["document_number"] == "12-TB/BCĐ"
    assert first["lead"] == hoa_ninh.full_name and first["state"] == "not_started"

    assert [r["point"] for r in token_client(focal_point).get(URL).json()["results"]] == ["7"]
    assert [r["point"] for r in token_client(commune_officer).get(URL).json()["results"]] == ["2a"]
    assert token_client(other_focal_point).get(URL).json()["results"] == []
    assert token_client(other_commune_officer).get(URL).json()["results"] == []

    overdue = token_client(coordinator).get(URL, {"state": "overdue"}).json()["results"]
    assert [r["point"] for r in overdue] == ["2a"]
    refused = token_client(coordinator).get(URL, {"state": "xong"})
    assert refused.status_code == 400 and refused.json()["field"] == "state"
