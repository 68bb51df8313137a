"""Each role's home, the filing page and the dashboard at 360 px on a touch phone, on the demo data:
screenshots under var/screenshots/ for a person to look at, and the checks a person would make."""

import pytest
from django.core.management import call_command

from campaigns.models import DayReport
from directory.models import Commune
from tests.browser.conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
ROLES = ["dieuphoi", "xa.hoaninh", "coquan.tckh", "lanhdao", "phutrach", "kiemtra"]


@pytest.fixture
def demo(territory, settings):
    settings.ROLLUP_DEMO_WEEKS = 0
    call_command("seed_demo", verbosity=0)


def phone(browser, live_server, username):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    log_in(page, live_server, username, password="ntm@2026")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_every_screen_fits_a_phone(demo, live_server, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for username in ROLES:
        context, page = phone(browser, live_server, username)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], username
        assert "Menu" not in page.locator("header").inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"phone-home-{username}.png"), full_page=True)
        if username == "xa.hoaninh":
            report = DayReport.objects.filter(commune__name="Hòa Ninh").order_by("-action_day__date").first()
            page.goto(f"{live_server.url}/chuong-trinh/xa/{report.commune_id}/ngay/{report.action_day_id}/bao-cao/")
            page.screenshot(path=str(SCREENSHOTS / "phone-filing.png"), full_page=False)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if username == "lanhdao":
            page.goto(f"{live_server.url}/tong-quan/")
            page.screenshot(path=str(SCREENSHOTS / "phone-dashboard-first-screen.png"), full_page=False)
            page.screenshot(path=str(SCREENSHOTS / "phone-dashboard.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            # Communes as a list with the three numbers, not a table running off the side.
            assert page.locator(".commune-cards").is_visible()
            assert page.locator(".commune-card").count() == Commune.objects.filter(parent__code="679").count()
            assert not page.locator("table:has(th:text('Tỷ lệ hộ'))").first.is_visible()
            # The agencies that sent nothing, on the first screen.
            box = page.locator("#co-quan-chua-gui, p.text-success:has-text('Mọi cơ quan')").first.bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"] + 200
            sizes = page.evaluate("""() => [...document.querySelectorAll('.chart-tick')]
                .filter(t => getComputedStyle(t).display !== 'none')
                .map(t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))""")
            assert sizes and min(sizes) >= 12, sizes
            with page.expect_navigation():
                page.locator(".commune-card a").first.tap()
            page.screenshot(path=str(SCREENSHOTS / "phone-dashboard-commune.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            assert page.locator(".commune-cards .commune-card").count() > 0  # villages as a list on a phone
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        context.close()
