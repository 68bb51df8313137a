# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""The role × view matrix of model residential areas and village funds.

url name → (GET statuses, POST statuses) for ROLES, in order. The objects come from
tests/ntm_portal/test_every_url.py's `world`: a registered case and one ledger entry (no photo) of
Hòa Ninh's first village. Commune officers write for their commune's villages (another commune: 404);
the coordinator also records the decision and the re-check; leaders, monitors, inspectors read (403 on
writes); an agency's focal point reads no commune's work (404, or 403 on the lists).
"""

import pytest

from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.ntm_portal.test_every_url import _urls, world  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "other_commune_officer", "focal_point", "leader", "area_monitor",
         "inspector"]

MATRIX = {
    "recognition:area_overview": ([200, 200, 200, 403, 200, 200, 200], [405] * 7),
    "recognition:area_commune": ([200, 200, 404, 404, 200, 200, 200], [403, 400, 404, 404, 403, 403, 403]),
    # a registered case: the next step (survey) is the commune's; a bare POST is refused as a stale step (302)
    "recognition:area_case": ([200, 200, 404, 404, 200, 200, 200], [403, 302, 404, 404, 403, 403, 403]),
    "recognition:area_decision": ([404, 404, 404, 404, 404, 404, 404], [405] * 7),
    "recognition:fund_overview": ([200, 200, 200, 403, 200, 200, 200], [405] * 7),
    "recognition:fund_commune": ([200, 200, 404, 404, 200, 200, 200], [405] * 7),
    "recognition:fund_village": ([200, 200, 404, 404, 200, 200, 200], [403, 400, 404, 404, 403, 403, 403]),
    "recognition:fund_statement": ([200, 200, 404, 404, 200, 200, 200], [405] * 7),
    "recognition:fund_receipt": ([404, 404, 404, 404, 404, 404, 404], [405] * 7),
    "recognition:fund_entry_remove": ([405] * 7, [403, 302, 404, 404, 403, 403, 403]),
}


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, client, world, role_index):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    wrong = {}
    urls = sorted(_urls(world), key=lambda item: item[0] == "recognition:fund_entry_remove")  # the delete last
    seen = set()
    for name, url in urls:
        if name not in MATRIX:
            continue
        seen.add(name)
        for column, method in enumerate(("get", "post")):
            expected = MATRIX[name][column][role_index]
            status = getattr(client, method)(url).status_code
            if status != expected:
                wrong[f"{method} {name} {url}"] = (status, expected)
    assert seen == set(MATRIX)
    assert not wrong, f"{ROLES[role_index]}: {wrong}"
