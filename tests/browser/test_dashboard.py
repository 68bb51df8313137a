"""A leader opens the dashboard, drills down to a village and exports the commune table."""

import datetime

import pytest
from openpyxl import load_workbook

from campaigns.models import ActionDay, DayReport, Programme
from directory.models import Commune, District, Village
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.reporting.conftest import SATURDAY, file_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filed_week(territory):
    from tests.factories import MembershipFactory, UserFactory

    district = District.objects.get(code="679")
    leader = UserFactory(username="lanhdao")
    MembershipFactory(user=leader, role="leader", unit=district)
    programme = Programme.objects.create(owner=district)
    previous = ActionDay.objects.create(programme=programme, date=SATURDAY - datetime.timedelta(days=7))
    day = ActionDay.objects.create(programme=programme, date=SATURDAY)
    communes = list(Commune.objects.filter(parent=district).order_by("code"))
    for i, commune in enumerate(communes[:15]):
        file_report(commune, day, seed=i, late=(i % 5 == 0),
                    status=DayReport.Status.ACCEPTED if i % 2 else DayReport.Status.SUBMITTED)
        file_report(commune, previous, seed=100 + i)
    return {"day": day, "hoa_ninh": Commune.objects.get(code="25036")}


def test_leader_drills_down_and_exports(filed_week, live_server, page, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "lanhdao")
    page.get_by_role("link", name="Tổng quan").first.click()
    page.select_option("#ngay", SATURDAY.isoformat())
    page.get_by_role("button", name="Xem").click()
    main = page.locator("main")
    assert "Ngày ra quân 15/03/2025" in main.inner_text()
    assert "15/19" in main.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-desktop.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải bảng (Excel)").click()
    path = tmp_path / "xa.xlsx"
    download_info.value.save_as(path)
    ws = load_workbook(path).active
    codes = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row)]
    assert len(codes) == 19 and "25036" in codes
    assert ws.cell(row=ws.max_row, column=2).value == "Tổng cộng"  # the totals row closes the table
    assert ws.cell(row=ws.max_row, column=3).value == "15/19"

    page.locator("main table").get_by_role("link", name="Xã Hòa Ninh").first.click()
    page.wait_for_url("**/tong-quan/xa/**")
    assert "Các thôn, tổ dân phố" in page.locator("main").inner_text()
    village = Village.objects.filter(parent=filed_week["hoa_ninh"]).order_by("name").first()
    # On a desktop the villages are a table (the phone's list of cards is hidden by CSS; until the
    # stylesheet has applied both can match, so ask the table).
    page.locator("main table").get_by_role("link", name=village.name, exact=True).click()
    text = page.locator("main").inner_text()
    assert f"{village.name}, Xã Hòa Ninh" in text
    assert "15/03/2025" in text and "08/03/2025" in text
    page.screenshot(path=str(SCREENSHOTS / "dashboard-village.png"), full_page=True)


def test_dashboard_on_a_phone(filed_week, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server, "lanhdao")
    page.goto(f"{live_server.url}/tong-quan/?ngay={SATURDAY.isoformat()}")
    assert "15/19" in page.locator("main").inner_text()
    assert page.evaluate("document.body.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"), full_page=True)
    context.close()
