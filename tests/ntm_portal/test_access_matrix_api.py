# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""The role × URL matrix of the REST API (issue 21), signed in with each role's personal API token.

url name → (GET statuses, POST statuses) for ROLES, in order. The same rules as the pages, from
ntm_portal.access: 404 out of scope, 403 in scope but read-only (or without the role), 405 wrong method,
400 a request without its parameters or body, 415 a POST that is not JSON. Objects from
tests/ntm_portal/test_every_url.py's `world`: Hòa Ninh's accepted report of 15/03/2025, the agency's
roster to Hòa Ninh, an assessment of Hòa Ninh, a roll-up with its files.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.demo import mapping_seed
from api.services import api_token_create
from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.ntm_portal.test_every_url import _urls, world  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "focal_point", "leader", "area_monitor", "inspector"]

MATRIX = {
    "api:me": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:unit_list": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    # the commune's work (assessments, day reports, the rosters it received): not an agency (A11)
    "api:unit_assessments": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:assessment_detail": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:agency_list": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:agency_detail": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    # the agency (and its coordinating office) sends its roster; the others read it (400: no body sent)
    "api:roster_detail": ([200, 200, 200, 200, 200, 200], [400, 403, 400, 403, 403, 403]),
    "api:commune_rosters": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:action_day_list": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:day_report_list": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    # only the commune's officer files (as campaigns:day_report_edit)
    "api:day_report_detail": ([200, 200, 404, 200, 200, 200], [403, 400, 404, 403, 403, 403]),
    # roll-ups and the exchange: the units read as a whole (coordinator, leader, inspector)
    "api:rollup_list": ([200, 403, 403, 200, 403, 200], [405, 405, 405, 405, 405, 405]),
    "api:rollup_file:pdf": ([200, 404, 404, 200, 404, 200], [405, 405, 405, 405, 405, 405]),
    "api:rollup_file:xlsx": ([200, 404, 404, 200, 404, 200], [405, 405, 405, 405, 405, 405]),
    "api:criteria_set_list": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:criteria_set_detail": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    # without ?unit=&period=: 400 (the unit is required) before any access question
    "api:data_value_sets": ([400, 400, 400, 400, 400, 400], [400, 400, 400, 400, 400, 400]),
    # with them: read by the units read as a whole; imported by the coordinating office only
    # (400: the empty file sent here is refused whole)
    "api:data_value_sets?unit": ([200, 403, 403, 200, 403, 200], [400, 403, 403, 403, 403, 403]),
    # the values partner systems sent back (default: the caller's own coordinating unit)
    "api:exchange_received": ([200, 403, 403, 200, 403, 200], [405, 405, 405, 405, 405, 405]),
    # the steering committee's tasks each role reads (ntm_portal.access.directive_tasks_q): a list, never 404
    "api:task_list": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:schema": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "api:docs": ([302, 302, 302, 302, 302, 302], [302, 302, 302, 302, 302, 302]),  # a page: the login page
}


def _token_client(user):
    _token, secret = api_token_create(user=user, name="ma tran", actor=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, world, role_index, district):
    mapping_seed()
    client = _token_client(request.getfixturevalue(ROLES[role_index]))
    wrong, seen = {}, set()
    urls = [(name, url) for name, url in _urls(world) if name.startswith("api:")]
    exchange = reverse("api:data_value_sets")
    urls.append(("api:data_value_sets?unit", f"{exchange}?unit={district.pk}&period=2025W11"))
    for name, url in urls:
        key = f"{name}:{url.rsplit('/', 2)[-2]}" if name == "api:rollup_file" else name
        seen.add(key)
        for column, method in enumerate(("get", "post")):
            body = {"data": {"dataValues": []}, "format": "json"} if key == "api:data_value_sets?unit" else {}
            status = getattr(client, method)(url, **body).status_code
            expected = MATRIX.get(key, ([None] * 6, [None] * 6))[column][role_index]
            if status != expected:
                wrong[f"{method} {key}"] = (status, expected)
    assert not wrong, f"{ROLES[role_index]}: {wrong}"
    assert seen == set(MATRIX)
