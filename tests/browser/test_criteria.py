"""A commune officer assesses a few indicators with evidence, the coordinator verifies, the matrix turns green."""

import datetime
from decimal import Decimal

import pytest

from criteria import services
from criteria.loaders import load_shipped_sets
from criteria.models import Assessment, AssessmentStatus, Evidence, Indicator, IndicatorResult, Target
from directory.models import Commune, District, Role
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import _user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MET_GREEN = "rgb(209, 231, 221)"
NOT_MET_RED = "rgb(248, 215, 218)"


@pytest.fixture
def scene(territory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_shipped_sets()
    district = District.objects.get(code="679")
    hoa_ninh = Commune.objects.get(code="25036")
    officer = _user("xa.hoaninh", Role.COMMUNE_OFFICER, unit=hoa_ninh)
    _user("dieuphoi", Role.COORDINATOR, unit=district)
    indicators = {i.code: i for i in Indicator.objects.filter(criteria_set__code="QD318-XA")}
    Target.objects.create(indicator=indicators["3.1"], unit=district, value=Decimal("80"))
    criteria_set = indicators["3.1"].criteria_set
    # Before: verified on 18/01/2023 with irrigation not met → criterion 3 is red.
    earlier = services.assessment_create(criteria_set=criteria_set, unit=hoa_ninh, as_of=datetime.date(2023, 1, 18),
                                         actor=officer)
    IndicatorResult.objects.bulk_create([
        IndicatorResult(assessment=earlier, indicator=i, status="not_met" if code == "3.1" else "met")
        for code, i in indicators.items()])
    Assessment.objects.filter(pk=earlier.pk).update(status=AssessmentStatus.VERIFIED)
    # Now: a draft with everything but three indicators already entered.
    draft = services.assessment_create(criteria_set=criteria_set, unit=hoa_ninh, as_of=datetime.date(2023, 7, 31),
                                       actor=officer)
    IndicatorResult.objects.bulk_create([
        IndicatorResult(assessment=draft, indicator=i, status="met")
        for code, i in indicators.items() if code not in ("3.1", "3.2", "1.1")])
    evidence = tmp_path / "bien-ban-thuy-loi.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return {"draft": draft, "evidence": evidence}


def cell(page, commune: str, criterion: int):
    return page.locator(f'#criteria-matrix tr[data-commune="{commune}"] td[data-criterion="{criterion}"]')


def test_officer_assesses_coordinator_verifies_matrix_changes_colour(scene, live_server, browser):
    draft = scene["draft"]
    officer = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = officer.new_page()
    log_in(page, live_server, "xa.hoaninh")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Tiêu chí NTM").first.click()
    assert cell(page, "Hòa Ninh", 3).get_attribute("data-status") == "not_met"
    assert "✗" in cell(page, "Hòa Ninh", 3).inner_text()

    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_label("Số liệu 3.1").fill("85,5")
    page.get_by_label("Ghi chú 3.1").fill("Theo báo cáo của HTX thủy nông")
    page.get_by_label("Kết quả 3.2").select_option("met")
    page.get_by_label("Kết quả 1.1").select_option("met")
    page.get_by_label("Tệp minh chứng").set_input_files(str(scene["evidence"]))
    page.get_by_label("Minh chứng cho chỉ tiêu").select_option(label="3.1")
    page.get_by_role("button", name="Lưu kết quả").click()
    assert "Đã lưu 3 chỉ tiêu." in page.locator("main").inner_text()
    assert "bien-ban-thuy-loi.pdf" in page.locator("#evidence").inner_text()
    page.get_by_role("button", name="Gửi đơn vị điều phối xác nhận").click()
    assert page.locator("#assessment-status").inner_text() == "Đã gửi, chờ xác nhận"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "criteria-officer-sent.png"), full_page=True)
    officer.close()

    result = IndicatorResult.objects.get(assessment=draft, indicator__code="3.1")
    assert (result.value, result.status) == (Decimal("85.50"), "met")
    assert Evidence.objects.get().indicator.code == "3.1"

    coordinator = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = coordinator.new_page()
    log_in(page, live_server, "dieuphoi")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/tieu-chi/")
    assert cell(page, "Hòa Ninh", 3).evaluate("td => getComputedStyle(td.querySelector('.crit')).backgroundColor") \
        == NOT_MET_RED
    page.get_by_role("link", name="Xã Hòa Ninh · QD318-XA · 31/07/2023").click()
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    assert page.locator("#assessment-status").inner_text() == "Đã xác nhận"
    page.goto(f"{live_server.url}/tieu-chi/")
    assert cell(page, "Hòa Ninh", 3).get_attribute("data-status") == "met"
    assert "✓" in cell(page, "Hòa Ninh", 3).inner_text()
    assert cell(page, "Hòa Ninh", 3).evaluate("td => getComputedStyle(td.querySelector('.crit')).backgroundColor") \
        == MET_GREEN
    row = page.locator('#criteria-matrix tr[data-commune="Hòa Ninh"]').inner_text()
    assert "19/19" in row
    page.screenshot(path=str(SCREENSHOTS / "criteria-matrix-after-verify.png"), full_page=True)
    coordinator.close()


@pytest.fixture
def demo_criteria(territory, settings, tmp_path):
    from criteria.demo import seed_criteria
    from directory.demo import seed_directory

    seed_directory()
    seed_criteria()


def test_criteria_pages_fit_a_phone_without_javascript(demo_criteria, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server, "dieuphoi", password="ntm@2026")
    page.wait_for_url(f"{live_server.url}/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path, expected in [
        ("matrix", "/tieu-chi/", "Xã Hòa Ninh"),
        ("roadmap", "/tieu-chi/lo-trinh/", "Ít nhất 10% số xã đạt chuẩn nâng cao"),
        ("compare", "/tieu-chi/so-sanh/?date_before=18%2F01%2F2023&date_after=31%2F07%2F2023", "Xã Gia Bắc"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert expected in page.locator("main").inner_text(), name
        # Only the scrollable tables may be wider than the screen.
        assert page.evaluate("document.body.scrollWidth") <= 360, name
        page.screenshot(path=str(SCREENSHOTS / f"criteria-{name}-phone.png"), full_page=True)
    context.close()
