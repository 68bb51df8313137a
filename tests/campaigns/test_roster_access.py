"""Every role against every roster and programme page, of its own scope and of another.

404: outside the user's scope; 403: in scope but read-only (or not this role's page).
"""

import pytest
from django.urls import reverse

from campaigns.models import Roster

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "focal_point", "leader", "area_monitor", "inspector"]
OK, FOUND, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

GET_MATRIX = {
    "roster_overview": [OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
    "action_day_list": [OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
    "programme_settings": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    # a commune reads the agencies assigned to it (partners)
    "own_agency_rosters": [OK, OK, OK, OK, OK, OK],
    "other_agency_rosters": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "own_roster_edit": [OK, OK, OK, OK, OK, OK],
    "other_roster_edit": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    # the pre-filled template (staff names and phones) is a tool for sending
    "own_roster_template": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "own_commune_rosters": [OK, OK, NOT_FOUND, OK, OK, OK],
    "other_commune_rosters": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "own_commune_pdf": [OK, OK, NOT_FOUND, OK, OK, OK],
    "own_commune_xlsx": [OK, OK, NOT_FOUND, OK, OK, OK],
    "other_commune_xlsx": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "notice_list": [OK, OK, OK, OK, OK, OK],
}

POST_MATRIX = {
    # the agency sends (the coordinator may send on its behalf); readers get 403
    "own_roster_edit": [FOUND, FORBIDDEN, FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "other_roster_edit": [FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN],
    # only the commune's own officers place people in villages
    "own_commune_rosters": [FORBIDDEN, FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "other_commune_rosters": [FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN],
}


def _url(page, hoa_ninh, gia_bac, agency, other_agency, day):
    return {
        "roster_overview": reverse("campaigns:roster_overview"),
        "action_day_list": reverse("campaigns:action_day_list"),
        "programme_settings": reverse("campaigns:programme_settings"),
        "own_agency_rosters": reverse("campaigns:agency_rosters", args=[agency.pk]),
        "other_agency_rosters": reverse("campaigns:agency_rosters", args=[other_agency.pk]),
        "own_roster_edit": reverse("campaigns:roster_edit", args=[agency.pk, hoa_ninh.pk, day.pk]),
        "other_roster_edit": reverse("campaigns:roster_edit", args=[other_agency.pk, gia_bac.pk, day.pk]),
        "own_roster_template": reverse("campaigns:roster_template", args=[agency.pk, hoa_ninh.pk, day.pk]),
        "own_commune_rosters": reverse("campaigns:commune_rosters", args=[hoa_ninh.pk, day.pk]),
        "other_commune_rosters": reverse("campaigns:commune_rosters", args=[gia_bac.pk, day.pk]),
        "own_commune_pdf": reverse("campaigns:commune_rosters_pdf", args=[hoa_ninh.pk, day.pk]),
        "own_commune_xlsx": reverse("campaigns:commune_rosters_xlsx", args=[hoa_ninh.pk, day.pk]),
        "other_commune_xlsx": reverse("campaigns:commune_rosters_xlsx", args=[gia_bac.pk, day.pk]),
        "notice_list": reverse("notice_list"),
    }[page]


@pytest.mark.parametrize("page_name", list(GET_MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_get(request, client, page_name, role_index, hoa_ninh, gia_bac, agency, other_agency, action_day, frozen_monday):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    response = client.get(_url(page_name, hoa_ninh, gia_bac, agency, other_agency, action_day))
    assert response.status_code == GET_MATRIX[page_name][role_index]


@pytest.mark.parametrize("page_name", list(POST_MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_post(request, client, page_name, role_index, hoa_ninh, gia_bac, agency, other_agency, action_day, frozen_monday):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    expected = POST_MATRIX[page_name][role_index]
    response = client.post(_url(page_name, hoa_ninh, gia_bac, agency, other_agency, action_day), {"sends_nobody": "on"})
    assert response.status_code == expected
    if page_name.endswith("roster_edit"):
        assert Roster.objects.exists() == (expected == FOUND)


def test_wrong_method(client, coordinator, hoa_ninh, agency, action_day):
    client.force_login(coordinator)
    assert client.get(reverse("campaigns:roster_upload", args=[agency.pk, hoa_ninh.pk, action_day.pk])).status_code == 405
    assert client.get(reverse("campaigns:action_day_cancel", args=[action_day.pk])).status_code == 405


def test_bad_ids_are_404(client, coordinator, hoa_ninh, agency, action_day):
    client.force_login(coordinator)
    assert client.get(reverse("campaigns:roster_edit", args=[agency.pk, hoa_ninh.pk, 999999])).status_code == 404
    assert client.get(reverse("campaigns:commune_rosters", args=[999999, action_day.pk])).status_code == 404
