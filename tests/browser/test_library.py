"""On a phone (360 px), a commune officer types "ket luan ngay thu bay" without diacritics, finds
the conclusion 422-TB/HU first and opens its PDF."""

import pytest
from django.conf import settings

from directory.models import Commune, District, Role
from library.demo import seed_library
from tests.browser.conftest import log_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(territory, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_library()
    MembershipFactory(user=UserFactory(username="xa.hoaninh.tv"), role=Role.COMMUNE_OFFICER,
                      unit=Commune.objects.get(code="25036"))
    return District.objects.get(code="679")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_search_without_diacritics_finds_422_first_and_opens_its_pdf(library, live_server, page, screenshot):
    log_in(page, live_server, "xa.hoaninh.tv")
    page.goto(f"{live_server.url}/thu-vien/")
    page.get_by_label("Tìm trong nội dung văn bản").fill("ket luan ngay thu bay")
    page.get_by_role("button", name="Tìm", exact=True).click()
    first = page.locator(".library-result").first
    assert "422-TB/HU" in first.inner_text()
    assert first.locator("mark").count() > 0  # the matching passage, highlighted
    assert page.evaluate("document.body.scrollWidth") <= 360
    screenshot("library-search-360")
    first.locator("a").first.click()
    page.wait_for_url(f"{live_server.url}/thu-vien/*/")
    assert "422-TB/HU" in page.locator("#document-metadata").inner_text()
    link = page.locator("#open-file")
    with page.expect_response(lambda r: "/tep/" in r.url) as opened:
        link.click()
    response = opened.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
