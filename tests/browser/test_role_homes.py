"""A person logs in as each demo role and sees their own home page."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_HOMES = [
    ("dieuphoi", ["Toàn huyện", "Thị trấn Di Linh", "Xã Gia Bắc", "Nhật ký thay đổi"]),
    ("xa.hoaninh", ["Xã Hòa Ninh", "Thôn Hàng Làng", "Cơ quan, đơn vị được phân công hỗ trợ", "Phòng Tài chính - Kế hoạch"]),
    ("coquan.tckh", ["Việc cần làm", "Phòng Tài chính - Kế hoạch", "Địa bàn được phân công", "Xã Hòa Ninh",
                     "Danh sách cán bộ:"]),
    ("lanhdao", ["Toàn huyện", "Bạn có quyền xem, không chỉnh sửa.", "Xã Sơn Điền"]),
    ("phutrach", ["Các xã được phân công theo dõi", "Xã Hòa Bắc"]),
    ("kiemtra", ["Toàn huyện"]),
]


@pytest.fixture
def demo(territory, settings):
    settings.ROLLUP_DEMO_WEEKS = 0  # the roll-up PDFs are not on these pages; they cost ~4 s each
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize(("username", "expected"), ROLE_HOMES)
def test_each_demo_role_sees_its_home(demo, live_server, page, screenshot, username, expected):
    log_in(page, live_server, username, password="ntm@2026")
    page.wait_for_url(f"{live_server.url}/")
    body = page.locator("body").inner_text()
    for text in expected:
        assert text in body, f"{username}: «{text}» not on the home page"
    if username == "phutrach":
        assert "Gia Bắc" not in body  # an area monitor sees only their four communes
    if username == "xa.hoaninh":
        assert "Sơn Điền" not in body
    screenshot(f"home-{username}")


def test_home_at_phone_width_without_javascript(demo, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server, "xa.hoaninh", password="ntm@2026")
    page.wait_for_url(f"{live_server.url}/")
    assert "Xã Hòa Ninh" in page.locator("main").inner_text()
    # The menu is a <details> element: it opens without JavaScript.
    page.get_by_text("Danh mục").click()
    assert page.locator(".portal-menu").get_by_role("button", name="Đăng xuất").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "home-phone-nojs.png"), full_page=True)
    context.close()


def test_home_fits_a_phone(demo, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server, "dieuphoi", password="ntm@2026")
    page.wait_for_url(f"{live_server.url}/")
    # Nothing but the scrollable tables is wider than the screen.
    assert page.evaluate("document.body.scrollWidth") <= 360
    context.close()
