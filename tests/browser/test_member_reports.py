"""A BCĐ member files their report from a phone; the other deputy's missing report shows on the
leader's dashboard, with the drill-down to that member (issue 18)."""

import datetime

import pytest

from campaigns.models import Programme
from directives.models import BcdMembership, BcdRole, MemberReport
from directives.selectors.members import dashboard_period
from directory.models import Commune, District
from tests.browser.conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committee(territory):
    from tests.factories import MembershipFactory, UserFactory

    district = District.objects.get(code="679")
    Programme.objects.create(owner=district)
    leader = UserFactory(username="lanhdao")
    MembershipFactory(user=leader, role="leader", unit=district)
    communes = list(Commune.objects.filter(parent=district).order_by("code"))
    seats = {}
    for order, (username, name, role, in_charge) in enumerate([
        ("lanhdao", "Nguyễn Minh Lãnh", BcdRole.HEAD, []),
        ("phoban1", "Trần Quốc Phó", BcdRole.DEPUTY, communes[:10]),
        ("phoban2", "Lê Thị Hương", BcdRole.DEPUTY, communes[10:]),
    ]):
        seat = BcdMembership.objects.create(unit=district, full_name=name, role=role, order=order,
                                            user=UserFactory(username=username), valid_from=datetime.date(2024, 1, 1))
        seat.communes.set(in_charge)
        seats[username] = seat
    return seats


def test_a_members_missing_report_shows_on_the_leaders_dashboard(committee, live_server, browser):
    period = dashboard_period()
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = phone.new_page()
    log_in(page, live_server, "phoban1")
    page.get_by_role("link", name="Báo cáo kết quả chỉ đạo").click()
    row = page.locator("tr", has_text=f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}")
    row.get_by_role("link", name="Viết báo cáo").click()
    page.get_by_label("Kết quả chỉ đạo trong kỳ").fill("Đã về xã Hòa Ninh dự họp Ban Chỉ đạo xã.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    assert "Đã nộp" in page.locator("main").inner_text()
    assert page.evaluate("document.body.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "member-report-phone.png"), full_page=True)
    phone.close()
    report = MemberReport.objects.get(membership=committee["phoban1"])
    assert (report.status, report.period_end) == ("submitted", period.end)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = desk.new_page()
    log_in(page, live_server, "lanhdao")
    page.get_by_role("link", name="Tổng quan").first.click()
    block = page.locator("#ban-chi-dao")
    text = block.inner_text()
    assert f"2 thành viên chưa có báo cáo kỳ {period.end:%d/%m/%Y}" in text
    assert "Không có báo cáo thì coi như không đi chỉ đạo." in text
    assert "Lê Thị Hương" in text and "Trần Quốc Phó" not in text
    page.screenshot(path=str(SCREENSHOTS / "dashboard-members-missing.png"), full_page=True)
    block.get_by_role("link", name="Lê Thị Hương").click()
    page.wait_for_url("**/chi-dao/thanh-vien/**")
    main = page.locator("main").inner_text()
    assert "Lê Thị Hương" in main and "Chưa báo cáo" in main
    desk.close()
