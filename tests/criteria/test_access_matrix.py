"""Every role against every criteria page, for its own commune and another: 404 out of scope, 403 read-only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria import services

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "focal_point", "leader", "area_monitor", "inspector"]
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
ALL_OK = [OK] * 6
COORDINATOR_ONLY = [OK] + [FORBIDDEN] * 5

MATRIX = {
    "matrix": ALL_OK,
    # An agency does not read the commune's work (issue 12 A11, ntm_portal.access.can_read_commune_work).
    "own_standing": [OK, OK, NOT_FOUND, OK, OK, OK],
    "other_standing": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "own_assessment_create": [FORBIDDEN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "other_assessment_create": [FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN],
    "district_assessment_create": [OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN],
    "own_assessment": [OK, OK, NOT_FOUND, OK, OK, OK],
    "other_assessment": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "own_evidence": [OK, OK, NOT_FOUND, OK, OK, OK],
    "other_evidence": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "set_list": ALL_OK,
    "set_detail": ALL_OK,
    "set_upload": COORDINATOR_ONLY,
    "targets_edit": COORDINATOR_ONLY,
    "set_agencies": COORDINATOR_ONLY,
    "roadmap": [OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
    "recognition_create": COORDINATOR_ONLY,
    "roadmap_target_create": COORDINATOR_ONLY,
    "compare": ALL_OK,
}


@pytest.fixture
def urls(commune_set, hoa_ninh, gia_bac, district, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    own = services.assessment_create(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2023, 7, 31),
                                     actor=coordinator)
    other = services.assessment_create(criteria_set=commune_set, unit=gia_bac, as_of=datetime.date(2023, 7, 31),
                                       actor=coordinator)
    pdf = b"%PDF-1.4\n%%EOF\n"
    own_evidence = services.evidence_add(assessment=own, indicator=None, upload=SimpleUploadedFile("a.pdf", pdf),
                                         actor=coordinator)
    other_evidence = services.evidence_add(assessment=other, indicator=None, upload=SimpleUploadedFile("b.pdf", pdf),
                                           actor=coordinator)
    return {
        "matrix": reverse("criteria:matrix"),
        "own_standing": reverse("criteria:commune_standing", args=[hoa_ninh.pk]),
        "other_standing": reverse("criteria:commune_standing", args=[gia_bac.pk]),
        "own_assessment_create": reverse("criteria:assessment_create", args=[hoa_ninh.pk]),
        "other_assessment_create": reverse("criteria:assessment_create", args=[gia_bac.pk]),
        "district_assessment_create": reverse("criteria:assessment_create", args=[district.pk]),
        "own_assessment": own.get_absolute_url(),
        "other_assessment": other.get_absolute_url(),
        "own_evidence": reverse("criteria:evidence_download", args=[own_evidence.pk]),
        "other_evidence": reverse("criteria:evidence_download", args=[other_evidence.pk]),
        "set_list": reverse("criteria:set_list"),
        "set_detail": reverse("criteria:set_detail", args=[commune_set.pk]),
        "set_upload": reverse("criteria:set_upload"),
        "targets_edit": reverse("criteria:targets_edit", args=[commune_set.pk]),
        "set_agencies": reverse("criteria:set_agencies", args=[commune_set.pk]),
        "roadmap": reverse("criteria:roadmap"),
        "recognition_create": reverse("criteria:recognition_create"),
        "roadmap_target_create": reverse("criteria:roadmap_target_create"),
        "compare": reverse("criteria:compare") + "?date_before=18/01/2023&date_after=31/07/2023",
    }


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, client, urls, role_index):
    user = request.getfixturevalue(ROLES[role_index])
    client.force_login(user)
    wrong = {}
    for page, expected in MATRIX.items():
        status = client.get(urls[page]).status_code
        if status != expected[role_index]:
            wrong[page] = (status, expected[role_index])
    assert not wrong, f"{ROLES[role_index]}: {wrong}"
