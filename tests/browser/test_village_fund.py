"""A commune officer on a 360 px phone records a contribution to a village fund with a photo of the
receipt, typed the Vietnamese way (1.500.000); the ledger shows it with its photo and the balance, and the
public statement downloads."""

import datetime
from decimal import Decimal

import pytest
from PIL import Image

from directory.models import Commune, Role, Village
from recognition.models import FundEntry
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def test_a_commune_officer_records_a_contribution_with_a_photo_from_a_phone(territory, live_server, browser,
                                                                             tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    hoa_ninh = Commune.objects.get(code="25036")
    village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
    officer = UserFactory(username="xa.hoaninh")
    MembershipFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=hoa_ninh)
    photo = tmp_path / "bien-lai.jpg"
    Image.new("RGB", (3000, 4000), (200, 190, 170)).save(photo, "JPEG")  # a phone camera's size
    context = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    log_in(page, live_server, "xa.hoaninh")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/ghi-nhan/quy-thon/")
    page.get_by_role("link", name=hoa_ninh.full_name).click()
    page.get_by_role("link", name=village.name, exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    today = datetime.date.today()
    page.get_by_label("Đóng góp, hỗ trợ").check()
    page.locator("#id_source").select_option("benefactors")
    page.locator("#id_on").fill(today.strftime("%d/%m/%Y"))
    amount = page.locator("#id_amount")
    assert amount.get_attribute("inputmode") == "decimal"  # the phone shows a number keypad
    amount.fill("1.500.000")
    page.locator("#id_description").fill("Ủng hộ làm đường ngõ xóm")
    page.locator("#id_contributor").fill("Ông Nguyễn Văn Thành")
    page.locator("#id_receipt").set_input_files(str(photo))
    page.get_by_role("button", name="Ghi vào sổ").click()
    page.wait_for_selector("text=Đã ghi vào sổ quỹ")

    entry = FundEntry.objects.get()
    assert (entry.village_id, entry.amount, entry.source, entry.on) == (village.pk, Decimal(1_500_000), "benefactors",
                                                                       today)
    assert entry.receipt and entry.created_by_id == officer.pk
    ledger = page.locator("#ledger")
    assert "Ủng hộ làm đường ngõ xóm" in ledger.inner_text() and "+1.500.000" in ledger.inner_text()
    assert "1.500.000" in page.locator("#ledger-summary").inner_text()
    thumbnail = ledger.locator("img")
    thumbnail.scroll_into_view_if_needed()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", thumbnail.element_handle())
    assert thumbnail.bounding_box()["width"] <= 120  # a thumbnail, not the photo across the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "village-fund-phone.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Bảng công khai (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()
