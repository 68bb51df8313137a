"""The office's DHIS2 mapping page: edits are checked whole, audited, and change the export."""

import pytest
from django.urls import reverse

from api.models import Dhis2Mapping
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def _post(client, changes):
    rows = list(Dhis2Mapping.objects.order_by("figure"))
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows)}
    for i, m in enumerate(rows):
        row = {"id": m.pk, "data_element": m.data_element, "category_option_combo": m.category_option_combo,
               "attribute_option_combo": "", "is_active": "on", **changes.get(m.figure, {})}
        data.update({f"form-{i}-{k}": v for k, v in row.items() if v is not None})
    return client.post(reverse("api_mapping"), data)


def test_the_coordinator_edits_the_mapping(login, coordinator, mapping):
    client = login(coordinator)
    assert "Số người dân tham gia" in client.get(reverse("api_mapping")).content.decode()
    response = _post(client, {"residents": {"data_element": "abcDEF12345"}})
    assert response.status_code == 302
    residents = Dhis2Mapping.objects.get(figure="residents")
    assert residents.data_element == "abcDEF12345"
    entry = AuditEntry.objects.get(action="dhis2_mapping.change")
    assert entry.target_id == str(residents.pk) and entry.changes["data_element"] == ["NtmResident", "abcDEF12345"]


def test_a_bad_identifier_changes_nothing(login, coordinator, mapping):
    response = _post(login(coordinator), {"residents": {"data_element": "abcDEF12345"},
                                          "households": {"data_element": "1-bad"}})
    assert response.status_code == 200
    assert "không đúng dạng DHIS2" in response.content.decode()
    assert Dhis2Mapping.objects.get(figure="residents").data_element == "NtmResident"
    assert not AuditEntry.objects.filter(action="dhis2_mapping.change").exists()


def test_two_figures_on_one_element_are_refused(login, coordinator, mapping):
    response = _post(login(coordinator), {"households": {"data_element": "NtmResident"}})
    assert "cùng một dataElement" in response.content.decode()
    assert Dhis2Mapping.objects.get(figure="households").data_element == "NtmHousehld"


def test_only_the_coordinator(login, leader, mapping):
    assert login(leader).get(reverse("api_mapping")).status_code == 403
