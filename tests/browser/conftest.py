"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against live_server.

Never `playwright install`: the browser comes from apt (scripts/ensure-system.sh test).
"""

import os
import pathlib
import shutil

import pytest

from tests.conftest import load_reference_territory, require_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_service(bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)), f"Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def territory(transactional_db):
    """live_server tests run outside the per-test transaction; (re)load the territory."""
    load_reference_territory()


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves var/screenshots/name.png, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(name: str, **kwargs):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True, **kwargs)
        return path

    return _shot


def log_in(page, live_server, username: str, password: str = "secret-pass-123") -> None:
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
