"""The coordinator builds the weekly roll-up from the portal, watches it finish and downloads it;
a leader sees the history read-only."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import ActionDay, DayReport, Programme
from directory.models import Commune, District, Role
from reporting.models import RollUp
from tests.browser.conftest import log_in
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.conftest import file_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filed_week(territory):
    district = District.objects.get(code="679")
    programme = Programme.objects.create(owner=district)
    day = ActionDay.objects.create(programme=programme, date=timezone.localdate() - datetime.timedelta(days=3))
    file_report(Commune.objects.get(code="25036"), day, status=DayReport.Status.SUBMITTED, seed=7)
    for username, role in (("dieuphoi.bt", Role.COORDINATOR), ("lanhdao.bt", Role.LEADER)):
        MembershipFactory(user=UserFactory(username=username), role=role, unit=district)
    return day


def test_coordinator_builds_and_downloads_the_rollup(filed_week, live_server, page, screenshot):
    log_in(page, live_server, "dieuphoi.bt")
    page.goto(f"{live_server.url}/bao-cao/tuan/")
    page.get_by_role("link", name="Tổng hợp báo cáo").click()
    page.get_by_label("Ngày ra quân").select_option(label=filed_week.date.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Tổng hợp").click()
    # Tasks run in-process here, so the page after the redirect shows the finished roll-up.
    page.wait_for_url(f"{live_server.url}/bao-cao/tuan/*/")
    assert "Đã xong" in page.locator("#status").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo (PDF)").click()
    path = download.value.path()
    assert open(path, "rb").read(4) == b"%PDF"
    assert download.value.suggested_filename == f"bao-cao-tuan-{filed_week.date:%Y-%m-%d}-v1.pdf"
    screenshot("rollup-detail")
    assert RollUp.objects.get().created_by.username == "dieuphoi.bt"


def test_leader_sees_history_at_phone_width(filed_week, live_server, browser):
    RollUp.objects.create(district=filed_week.programme.owner, action_day=filed_week, version=1)
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server, "lanhdao.bt")
    page.goto(f"{live_server.url}/bao-cao/tuan/")
    table = page.locator("#rollups").inner_text()
    assert filed_week.date.strftime("%d/%m/%Y") in table and "Đang tổng hợp" in table
    assert page.get_by_role("link", name="Tổng hợp báo cáo").count() == 0
    assert page.evaluate("document.body.scrollWidth") <= 360
    context.close()
