"""Every role against every page and object of its own and of another scope.

404: the object is outside the user's scope (it does not exist for them).
403: in scope, but the role may only read.
"""

import pytest
from django.urls import reverse

from directory.models import Village

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "focal_point", "leader", "area_monitor", "inspector"]
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404

# page → expected status for each role, in ROLES order
MATRIX = {
    "home": [OK, OK, OK, OK, OK, OK],
    "commune_list": [OK, FORBIDDEN, FORBIDDEN, OK, OK, OK],
    "own_commune": [OK, OK, OK, OK, OK, OK],
    "other_commune": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "own_household_edit": [OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "other_household_edit": [OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN],
    "agency_list": [OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
    "own_agency": [OK, OK, OK, OK, OK, OK],
    "other_agency": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "own_person_create": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "other_person_create": [OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN],
    "own_person_edit": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "audit_list": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "issuer_list": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "own_issuer_edit": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
}


def _url(page, hoa_ninh, gia_bac, agency, other_agency):
    own_village = Village.objects.filter(parent=hoa_ninh).first()
    other_village = Village.objects.filter(parent=gia_bac).first()
    return {
        "home": reverse("home"),
        "commune_list": reverse("directory:commune_list"),
        "own_commune": reverse("directory:commune_detail", args=[hoa_ninh.pk]),
        "other_commune": reverse("directory:commune_detail", args=[gia_bac.pk]),
        "own_household_edit": reverse("directory:household_edit", args=[own_village.pk]),
        "other_household_edit": reverse("directory:household_edit", args=[other_village.pk]),
        "agency_list": reverse("directory:agency_list"),
        "own_agency": reverse("directory:agency_detail", args=[agency.pk]),
        "other_agency": reverse("directory:agency_detail", args=[other_agency.pk]),
        "own_person_create": reverse("directory:person_create", args=[agency.pk]),
        "other_person_create": reverse("directory:person_create", args=[other_agency.pk]),
        "own_person_edit": reverse("directory:person_edit", args=[agency.staff.first().pk]),
        "audit_list": reverse("audit_list"),
        "issuer_list": reverse("directory:issuer_list"),
        "own_issuer_edit": reverse("directory:issuer_edit", args=[hoa_ninh.pk]),
    }[page]


@pytest.mark.parametrize("page_name", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, client, page_name, role_index, hoa_ninh, gia_bac, agency, other_agency):
    user = request.getfixturevalue(ROLES[role_index])
    client.force_login(user)
    response = client.get(_url(page_name, hoa_ninh, gia_bac, agency, other_agency))
    assert response.status_code == MATRIX[page_name][role_index]


@pytest.mark.parametrize("page_name", list(MATRIX))
def test_anonymous_is_sent_to_the_login_page(client, page_name, hoa_ninh, gia_bac, agency, other_agency):
    response = client.get(_url(page_name, hoa_ninh, gia_bac, agency, other_agency))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_id_is_404_like_another_scope(login, coordinator):
    client = login(coordinator)
    assert client.get(reverse("directory:commune_detail", args=[999999])).status_code == 404
    assert client.get(reverse("directory:agency_detail", args=[999999])).status_code == 404
    assert client.get(reverse("directory:person_edit", args=[999999])).status_code == 404


def test_writes_are_refused_the_same_way(login, leader, other_commune_officer, hoa_ninh):
    village = Village.objects.filter(parent=hoa_ninh).first()
    url = reverse("directory:household_edit", args=[village.pk])
    data = {"households": 1, "as_of": "01/01/2025"}
    assert login(leader).post(url, data).status_code == 403
    assert login(other_commune_officer).post(url, data).status_code == 404
    assert not village.household_counts.filter(households=1).exists()


def test_wrong_method_is_405(login, coordinator):
    assert login(coordinator).post(reverse("home")).status_code == 405
