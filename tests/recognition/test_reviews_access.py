# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""The role × view matrix of the reviews and commendations (issue 19).

url name → (GET statuses, POST statuses) for ROLES, in order, on the objects of
tests/ntm_portal/test_every_url.py's `world` (tests/recognition/world.py): a review of the first half of 2025,
Hòa Ninh's report (a draft) and Hòa Ninh's proposal (a draft). 404: out of scope (an agency does not read a
commune's work); 403: in scope, read-only; 405: wrong method; 302: done or refused with a message.
"""

import pytest

from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.ntm_portal.test_every_url import _urls, world  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "focal_point", "leader", "area_monitor", "inspector"]
M405 = [405] * 6

MATRIX = {
    "reviews:review_list": ([200, 200, 200, 200, 200, 200], M405),
    "reviews:review_create": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "reviews:review_detail": ([200, 200, 200, 200, 200, 200], M405),
    # the district's draft: its office, leaders and inspectors
    "reviews:review_draft_docx": ([200, 403, 403, 200, 403, 200], M405),
    "reviews:review_draft_pdf": ([200, 403, 403, 200, 403, 200], M405),
    # Hòa Ninh's report: its officer writes; the district reads; an agency does not see it
    "reviews:report_edit": ([200, 200, 404, 200, 200, 200], [403, 200, 404, 403, 403, 403]),
    "reviews:report_accept": (M405, [302, 403, 404, 403, 403, 403]),
    "reviews:report_return": (M405, [302, 403, 404, 403, 403, 403]),
    "reviews:commendation_list": ([200, 200, 200, 200, 200, 200], M405),
    # proposals come from a commune's officer or an agency's focal point
    "reviews:commendation_create": ([403, 200, 200, 403, 403, 403], [403, 200, 200, 403, 403, 403]),
    "reviews:quota_edit": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "reviews:decision_create": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "reviews:commendation_pdf": ([200, 200, 200, 200, 200, 200], M405),
    "reviews:commendation_xlsx": ([200, 200, 200, 200, 200, 200], M405),
    # Hòa Ninh's public short-list: the commune's work rule
    "reviews:commune_shortlist": ([200, 200, 404, 200, 200, 200], M405),
    "reviews:commendation_detail": ([200, 200, 404, 200, 200, 200], [403, 302, 404, 403, 403, 403]),
}


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, client, world, role_index):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    wrong = {}
    seen = set()
    for name, url in _urls(world):
        if name not in MATRIX:
            continue
        seen.add(name)
        for column, method in enumerate(("get", "post")):
            expected = MATRIX[name][column][role_index]
            status = getattr(client, method)(url).status_code
            if status != expected:
                wrong[f"{method} {name}"] = (status, expected)
    assert seen == set(MATRIX)
    assert not wrong, f"{ROLES[role_index]}: {wrong}"


def test_another_commune_sees_none_of_hoa_ninhs_proposals(client, world, other_commune_officer):
    from django.urls import reverse

    client.force_login(other_commune_officer)
    assert client.get(reverse("reviews:commendation_detail", args=[world["commendation_id"]])).status_code == 404
    assert client.get(reverse("reviews:report_edit", args=[world["review_report_id"]])).status_code == 404
    page = client.get(reverse("reviews:commendation_list", args=[world["review_id"]])).content.decode()
    assert "Thôn" not in page.split('id="commendations"')[1]
