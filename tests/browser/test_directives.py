"""The office enters a conclusion with three tasks; the lead agency reports one done from a 360 px phone;
the office's board shows it done (and nothing overdue)."""

import datetime

import pytest
from django.utils import timezone

from directives.demo import _demo_pdf
from directives.models import ProgressReport, Task, TaskState
from directory.models import Commune, District, Role
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def setting(territory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    district = District.objects.get(code="679")
    agency = AgencyFactory(owner=district, name="Phòng Tài chính - Kế hoạch")
    other = AgencyFactory(owner=district, name="Ban Tuyên giáo Huyện ủy")
    coordinator = UserFactory(username="dieuphoi")
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, unit=district)
    focal = UserFactory(username="coquan.tckh")
    MembershipFactory(user=focal, role=Role.AGENCY_FOCAL_POINT, agency=agency)
    return {"agency": agency, "other": other, "hoa_ninh": Commune.objects.get(code="25036")}


def test_conclusion_to_done_on_a_phone_to_the_board(setting, live_server, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    agency, other, hoa_ninh = setting["agency"], setting["other"], setting["hoa_ninh"]
    soon = timezone.localdate() + datetime.timedelta(days=20)

    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                 timezone_id="Asia/Ho_Chi_Minh")
    page = office.new_page()
    log_in(page, live_server, "dieuphoi")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Theo dõi chỉ đạo").first.click()
    page.get_by_role("link", name="Nhập văn bản chỉ đạo").click()
    page.select_option('[name="kind"]', "TB")
    page.fill('[name="number"]', "422-TB/BCĐ")
    page.fill('[name="issued_on"]', "2026-11-11")
    page.fill('[name="issuing_body"]', "Ban Chỉ đạo huyện")
    page.fill('[name="subject"]', "Kết luận của Trưởng Ban Chỉ đạo tại hội nghị đánh giá kết quả năm")
    page.set_input_files('[name="file"]', files=[{"name": "422-TB.pdf", "mimeType": "application/pdf",
                                                  "buffer": _demo_pdf()}])
    page.fill('[name="t0-text"]', "Xây dựng cơ chế hỗ trợ cụ thể cho các xã")
    page.select_option('[name="t0-lead"]', f"a{agency.pk}")
    page.fill('[name="t0-deadline_date"]', soon.isoformat())
    page.fill('[name="t1-text"]', "Tuyên truyền khẩu hiệu xây dựng nông thôn mới")
    page.select_option('[name="t1-lead"]', f"a{other.pk}")
    page.select_option('[name="t1-deadline_kind"]', "recurring")
    page.fill('[name="t1-recurring_count"]', "3")
    page.fill('[name="t1-recurring_year"]', str(soon.year + 1))
    page.fill('[name="t2-text"]', "Báo cáo kết quả chỉ đạo của xã")
    page.select_option('[name="t2-lead"]', f"c{hoa_ninh.pk}")
    page.select_option('[name="t2-deadline_kind"]', "meeting")
    page.fill('[name="t2-meeting_month"]', f"{soon.month}/{soon.year}")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu văn bản và nhiệm vụ").click()
    assert "Đã lưu văn bản và 3 nhiệm vụ" in page.content()
    assert Task.objects.filter(document__number="422-TB/BCĐ").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "directive-document.png"), full_page=True)

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="vi-VN",
                                timezone_id="Asia/Ho_Chi_Minh")
    mobile = phone.new_page()
    log_in(mobile, live_server, "coquan.tckh")
    mobile.wait_for_url(f"{live_server.url}/")
    mobile.goto(f"{live_server.url}/chi-dao/cua-don-vi/")
    assert mobile.locator("#my-tasks li.card").count() == 1  # its own task only
    with mobile.expect_navigation():
        mobile.get_by_role("link", name="Xây dựng cơ chế hỗ trợ").tap()
    with mobile.expect_navigation():
        mobile.get_by_role("link", name="Báo cáo tiến độ").tap()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    mobile.select_option('[name="state"]', "done")
    mobile.fill('[name="text"]', "Đã trình UBND huyện ban hành cơ chế hỗ trợ")
    mobile.screenshot(path=str(SCREENSHOTS / "directive-report-phone.png"), full_page=True)
    with mobile.expect_navigation():
        mobile.get_by_role("button", name="Gửi báo cáo").tap()
    assert "Đã gửi báo cáo tiến độ" in mobile.content()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    report = ProgressReport.objects.get()
    assert (report.state, report.deadline.state, report.reported_by.username) == (
        TaskState.DONE, TaskState.DONE, "coquan.tckh")
    phone.close()

    page.goto(f"{live_server.url}/chi-dao/")
    row = page.locator(f'#board tr[data-deadline="{report.deadline_id}"]')
    assert "Đã hoàn thành" in row.inner_text() and "Đã trình UBND huyện" in row.inner_text()
    assert page.locator("#board tr.table-danger").count() == 0
    summary = page.locator("#by-unit-summary tr", has_text=agency.name).inner_text().split()
    assert summary[-4:] == ["1", "1", "0", "0"]
    page.screenshot(path=str(SCREENSHOTS / "directive-board.png"), full_page=True)
    office.close()
