"""The half-year review end to end in a browser: the office opens the review of the first half of the demo
year (2025), a commune files its report with the prefilled figures, the office downloads the district's
draft as DOCX and PDF, and the test reads both."""

import datetime
import io
import pathlib

import docx
import pytest

from campaigns.models import ActionDay, DayReport, Programme
from directory.models import Commune, District, Role
from recognition.models import Review, ReviewReport
from recognition.selectors.reviews import build_review_draft
from reporting.formatting import vn_number
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import MembershipFactory, UserFactory
from tests.pdf_checks import pages_text
from tests.reporting.conftest import file_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def first_half(territory):
    district = District.objects.get(code="679")
    programme = Programme.objects.create(owner=district)
    hoa_ninh = Commune.objects.get(code="25036")
    for seed, day in enumerate((datetime.date(2025, 3, 8), datetime.date(2025, 3, 15)), start=1):
        file_report(hoa_ninh, ActionDay.objects.create(programme=programme, date=day),
                    status=DayReport.Status.SUBMITTED, seed=seed)
    MembershipFactory(user=UserFactory(username="dieuphoi.sk"), role=Role.COORDINATOR, unit=district)
    MembershipFactory(user=UserFactory(username="xa.hoaninh.sk"), role=Role.COMMUNE_OFFICER, unit=hoa_ninh)
    return hoa_ninh


def _fill(page, field, value):
    page.locator(f"#id_{field}").fill(value)


def test_the_review_draft_of_the_first_half_downloads_as_docx_and_pdf(first_half, live_server, browser):
    office = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = office.new_page()
    log_in(page, live_server, "dieuphoi.sk")
    page.get_by_role("link", name="Sơ kết, khen thưởng").first.click()
    page.get_by_role("link", name="Tạo đợt sơ kết, tổng kết").click()
    _fill(page, "title", "Sơ kết 6 tháng đầu năm 2025 thực hiện Đề án số 04-ĐA/HU")
    _fill(page, "period_start", "01/01/2025")
    _fill(page, "period_end", "30/06/2025")
    _fill(page, "baseline_date", "18/01/2025")
    _fill(page, "unit_deadline", "18/08/2025")
    _fill(page, "draft_deadline", "23/08/2025")
    _fill(page, "conference_date", "30/08/2025")
    page.get_by_role("button", name="Lưu").click()
    review = Review.objects.get()
    page.wait_for_url(f"{live_server.url}/so-ket/{review.pk}/")

    unit = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    phone = unit.new_page()
    log_in(phone, live_server, "xa.hoaninh.sk")
    phone.goto(f"{live_server.url}/so-ket/{review.pk}/")
    phone.get_by_role("link", name="Báo cáo sơ kết của đơn vị").click()
    assert "Người dân tham gia" in phone.locator("#figures").inner_text()  # prefilled from the portal
    assert phone.evaluate("document.body.scrollWidth") <= 360  # the figures table scrolls inside its box
    phone.locator("#id_leadership").fill(
        "Ban hành Kế hoạch số 12/KH-UBND ngày 01/02/2025 triển khai Đề án.")
    phone.get_by_role("button", name="Nộp báo cáo").click()
    phone.wait_for_load_state()
    assert ReviewReport.objects.get(review=review, commune=first_half).status == ReviewReport.Status.SUBMITTED
    unit.close()

    page.reload()
    assert "Đã nộp" in page.locator("#filings").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "review-detail.png", full_page=True)
    draft = build_review_draft(review)
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Dự thảo báo cáo (DOCX)").click()
    document = docx.Document(io.BytesIO(pathlib.Path(docx_download.value.path()).read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in paragraphs and "III. BÀI HỌC KINH NGHIỆM" in paragraphs
    assert "- Xã Hòa Ninh: Ban hành Kế hoạch số 12/KH-UBND ngày 01/02/2025 triển khai Đề án." in paragraphs
    residents = next(row for table in document.tables for row in table.rows if row.cells[0].text == "Người dân tham gia")
    assert residents.cells[2].text == vn_number(draft.programme.totals.residents) != "0"
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Dự thảo báo cáo (PDF)").click()
    content = pathlib.Path(pdf_download.value.path()).read_bytes()
    text = " ".join(" ".join(pages_text(content)).split())
    assert content.startswith(b"%PDF") and "KẾT QUẢ TRIỂN KHAI THỰC HIỆN" in text
    assert "Ban hành Kế hoạch số 12/KH-UBND" in text and "Phụ lục I" in text
    office.close()
