# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""The role × URL matrix of the follow-up pages (issue 18), on test_every_url's `world`: a conclusion
of the district with task "7" led by the focal point's agency (the ids in the URLs: its document, the
task, its deadline, a file of its progress report) and task "2a" led by Hòa Ninh.

url name → (GET statuses, POST statuses) for ROLES, in order. 404: out of scope (another commune,
another agency); 403: in scope but read-only (the leader and the inspector read the board; only the
office enters documents and extends deadlines; only the lead and the office report).
"""

import pytest

from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.ntm_portal.test_every_url import _urls, world  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "other_commune_officer", "focal_point", "other_focal_point", "leader",
         "area_monitor", "inspector"]
ALL_405 = [405] * 8

MATRIX = {
    "directives:board": ([200, 403, 403, 403, 403, 200, 403, 200], ALL_405),
    "directives:my_tasks": ([200] * 8, ALL_405),
    "directives:directive_new": ([200, 403, 403, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403, 403, 403]),
    # the document: its unit's office, leader, inspector; whoever reads one of its tasks (Hòa Ninh reads "2a")
    "directives:document_detail": ([200, 200, 404, 200, 404, 200, 200, 200], ALL_405),
    "directives:task_add": ([200, 403, 404, 403, 404, 403, 403, 403], [200, 403, 404, 403, 404, 403, 403, 403]),
    "directives:document_file": ([200, 200, 404, 200, 404, 200, 200, 200], ALL_405),
    # task "7" (the focal point's agency leads): Hòa Ninh's officer and monitor do not read it
    "directives:task_detail": ([200, 404, 404, 200, 404, 200, 404, 200], ALL_405),
    "directives:progress_file": ([200, 404, 404, 200, 404, 200, 404, 200], ALL_405),
    "directives:deadline_report": ([200, 404, 404, 200, 404, 403, 404, 403], [200, 404, 404, 200, 404, 403, 404, 403]),
    "directives:deadline_extend": ([200, 404, 404, 403, 404, 403, 404, 403], [200, 404, 404, 403, 404, 403, 404, 403]),
    "directives:followup": ([200, 403, 403, 403, 403, 200, 403, 200], ALL_405),
}


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, client, world, role_index):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    wrong, seen = {}, set()
    for name, url in _urls(world):
        if name not in MATRIX:
            continue
        seen.add(name)
        for column, method in enumerate(("get", "post")):
            expected = MATRIX[name][column][role_index]
            status = getattr(client, method)(url).status_code
            if status != expected:
                wrong[f"{method} {url}"] = (status, expected)
    assert seen == set(MATRIX)
    assert not wrong, f"{ROLES[role_index]}: {wrong}"
