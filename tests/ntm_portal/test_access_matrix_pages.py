# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""The role × view matrix for the pages not in the other matrices: dashboards and their exports,
plans, day reports, proposals, assessments, comparison downloads, notices (issue 12 C).

url name → (GET statuses, POST statuses) for ROLES, in order. 404: out of the user's scope
(an agency does not read a commune's work: issue 12 A11); 403: in scope, read-only; 405: wrong
method; 302: done or redirected (e.g. the comparison without its dates). The objects come from
tests/ntm_portal/test_every_url.py's `world`: Hòa Ninh's filed report, its proposal, an
assessment with evidence, a roll-up; missing photo, task and notice ids answer 404 for everyone.
"""

import pytest

from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.ntm_portal.test_every_url import _urls, world  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "focal_point", "leader", "area_monitor", "inspector"]

MATRIX = {
    # the library; the world's document is the district's, limited to Hòa Ninh (an agency: 404)
    "library:index": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "library:upload": ([200, 200, 403, 403, 403, 403], [200, 200, 403, 403, 403, 403]),
    "library:detail": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "library:edit": ([200, 403, 404, 403, 403, 403], [200, 403, 404, 403, 403, 403]),
    "library:version_add": ([200, 403, 404, 403, 403, 403], [200, 403, 404, 403, 403, 403]),
    "library:version_file": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "directory:monitor_list": ([200, 403, 403, 403, 403, 403], [405, 405, 405, 405, 405, 405]),
    "directory:monitor_edit": ([404, 403, 403, 403, 403, 403], [404, 403, 403, 403, 403, 403]),
    "dashboards:district": ([200, 403, 403, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "dashboards:district?xlsx": ([200, 403, 403, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "dashboards:commune": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "dashboards:commune?xlsx": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "dashboards:village": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "dashboards:village?xlsx": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "dashboards:compliance": ([200, 403, 403, 200, 403, 200], [405, 405, 405, 405, 405, 405]),
    "dashboards:compliance?xlsx": ([200, 403, 403, 200, 403, 200], [405, 405, 405, 405, 405, 405]),
    "criteria:assessment_detail": ([200, 200, 404, 200, 200, 200], [403, 200, 404, 403, 403, 403]),
    "criteria:assessment_submit": ([405, 405, 405, 405, 405, 405], [403, 302, 404, 403, 403, 403]),
    "criteria:assessment_verify": ([405, 405, 405, 405, 405, 405], [302, 403, 404, 403, 403, 403]),
    "criteria:assessment_return": ([405, 405, 405, 405, 405, 405], [302, 403, 404, 403, 403, 403]),
    "criteria:compare_xlsx": ([302, 302, 302, 302, 302, 302], [405, 405, 405, 405, 405, 405]),
    "criteria:compare_pdf": ([302, 302, 302, 302, 302, 302], [405, 405, 405, 405, 405, 405]),
    "campaigns:action_day_add": ([405, 405, 405, 405, 405, 405], [302, 403, 403, 403, 403, 403]),
    "campaigns:action_day_reopen": ([405, 405, 405, 405, 405, 405], [302, 404, 404, 403, 404, 403]),
    "campaigns:roster_upload_preview": ([302, 403, 302, 403, 403, 403], [302, 403, 302, 403, 403, 403]),
    "campaigns:roster_person_add": ([405, 405, 405, 405, 405, 405], [302, 403, 302, 403, 403, 403]),
    "campaigns:commune_rosters_next": ([404, 404, 404, 404, 404, 404], [405, 405, 405, 405, 405, 405]),
    "campaigns:commune_weeks": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "campaigns:plan_edit": ([403, 200, 404, 403, 403, 403], [403, 200, 404, 403, 403, 403]),
    "campaigns:plan_copy": ([405, 405, 405, 405, 405, 405], [403, 302, 404, 403, 403, 403]),
    "campaigns:plan_print": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "campaigns:plan_task_delete": ([405, 405, 405, 405, 405, 405], [404, 404, 404, 404, 404, 404]),
    "campaigns:day_report_edit": ([403, 200, 404, 403, 403, 403], [403, 200, 404, 403, 403, 403]),
    "campaigns:day_report_detail": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "campaigns:day_report_version": ([404, 404, 404, 404, 404, 404], [405, 405, 405, 405, 405, 405]),
    "campaigns:day_report_accept": ([405, 405, 405, 405, 405, 405], [302, 403, 404, 403, 403, 403]),
    "campaigns:day_report_return": ([405, 405, 405, 405, 405, 405], [302, 403, 404, 403, 403, 403]),
    "campaigns:day_filings": ([200, 403, 403, 200, 403, 200], [405, 405, 405, 405, 405, 405]),
    "campaigns:day_filings_latest": ([302, 403, 403, 302, 403, 302], [405, 405, 405, 405, 405, 405]),
    "campaigns:report_photo": ([404, 404, 404, 404, 404, 404], [405, 405, 405, 405, 405, 405]),
    "campaigns:report_photo_thumb": ([404, 404, 404, 404, 404, 404], [405, 405, 405, 405, 405, 405]),
    "campaigns:proposal_list": ([200, 200, 403, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "campaigns:proposal_detail": ([200, 200, 404, 200, 200, 200], [200, 403, 404, 403, 403, 403]),
    "campaigns:task_type_list": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "campaigns:task_type_edit": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "reporting:recipient_delete": ([405, 405, 405, 405, 405, 405], [302, 403, 403, 403, 403, 403]),
    "notice_read": ([405, 405, 405, 405, 405, 405], [404, 404, 404, 404, 404, 404]),
    # the office's criteria work (QĐ 51: indicators, group targets, commune groups): the coordinator only
    "criteria:targets_upload": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "criteria:indicator_add": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "criteria:indicator_edit": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "criteria:commune_groups": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    # the plan as a KẾ HOẠCH (PDF): read like the plan; a photo sent on its own: the commune files it
    "campaigns:plan_pdf": ([200, 200, 404, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "campaigns:day_report_photo_add": ([405, 405, 405, 405, 405, 405], [403, 302, 404, 403, 403, 403]),
    # the BCĐ members' reports (issue 18): the focal point's user is the member, in charge of Hòa Ninh;
    # the district reads all, the area monitor those of the members in charge of their communes;
    # only the member files, only the coordinator (or the head) accepts / returns
    "directives:members_status": ([200, 403, 403, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "directives:member_history": ([200, 404, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "directives:member_report_edit": ([403, 404, 200, 403, 403, 403], [403, 404, 200, 403, 403, 403]),
    "directives:my_member_reports": ([200, 200, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "directives:member_report_detail": ([200, 404, 200, 200, 200, 200], [405, 405, 405, 405, 405, 405]),
    "directives:member_report_accept": ([405, 405, 405, 405, 405, 405], [302, 404, 403, 403, 403, 403]),
    "directives:member_report_return": ([405, 405, 405, 405, 405, 405], [302, 404, 403, 403, 403, 403]),
    # the BCĐ's seats, kept by the coordinating office only (in scope 403; a seat out of scope 404)
    "directives:seats": ([200, 403, 403, 403, 403, 403], [405, 405, 405, 405, 405, 405]),
    "directives:seat_add": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    "directives:seat_edit": ([200, 404, 403, 403, 403, 403], [200, 404, 403, 403, 403, 403]),
    # the DHIS2 mapping of the exchange (issue 21): the coordinating office edits it
    "api_mapping": ([200, 403, 403, 403, 403, 403], [200, 403, 403, 403, 403, 403]),
    # the values a partner system sent back: read by the units read as a whole (as the roll-ups)
    "api_received": ([200, 403, 403, 200, 403, 200], [405, 405, 405, 405, 405, 405]),
}


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, client, world, role_index):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    wrong = {}
    for name, url in _urls(world):
        if name not in MATRIX:
            continue
        for column, method in enumerate(("get", "post")):
            expected = MATRIX[name][column][role_index]
            status = getattr(client, method)(url).status_code
            if status != expected:
                wrong[f"{method} {name}"] = (status, expected)
    assert not wrong, f"{ROLES[role_index]}: {wrong}"
