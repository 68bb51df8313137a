"""In Chromium: the agency focal point downloads the roster template, fills it, uploads it, corrects
an error; the commune officer then sees the people and assigns them to villages."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from campaigns.models import ActionDay, Programme, RosterEntry
from directory.models import Commune, District, Role, Village
from tests.browser.conftest import log_in
from tests.factories import AgencyFactory, AssignmentFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def week(territory):
    district = District.objects.get(code="679")
    hoa_ninh = Commune.objects.get(code="25036")
    agency = AgencyFactory(owner=district, name="Phòng Tài chính - Kế hoạch")
    AssignmentFactory(agency=agency, commune=hoa_ninh, valid_from=datetime.date(2023, 2, 1))
    PersonFactory(agency=agency, full_name="Lê Thị Kế", phone="0912000001")
    PersonFactory(agency=agency, full_name="Trần Văn Toán", phone="0912000002")
    focal = UserFactory(username="coquan.tckh")
    MembershipFactory(user=focal, role=Role.AGENCY_FOCAL_POINT, agency=agency)
    officer = UserFactory(username="xa.hoaninh")
    MembershipFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=hoa_ninh)
    programme = Programme.objects.create(owner=district)
    day = ActionDay.objects.create(programme=programme,
                                   date=programme.next_action_date(timezone.localdate() + datetime.timedelta(days=1)))
    return agency, hoa_ninh, day


def test_upload_correct_and_assign(week, live_server, page, screenshot, tmp_path):
    agency, hoa_ninh, day = week
    log_in(page, live_server, "coquan.tckh")
    page.get_by_role("link", name="Danh sách tham gia").first.click()
    page.get_by_role("link", name="Gửi danh sách").click()
    assert "Hạn gửi:" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 360, "height": 740})  # the focal point's phone
    assert page.evaluate("document.body.scrollWidth") <= 360
    screenshot("roster-edit-phone")
    page.set_viewport_size({"width": 1280, "height": 720})

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx) đã điền sẵn danh sách cán bộ").click()
    template = tmp_path / "mau.xlsx"
    download_info.value.save_as(template)
    wb = openpyxl.load_workbook(template)
    ws = wb["Danh sách"]
    assert ws["B2"].value == "Phòng Tài chính - Kế hoạch"
    names = [ws.cell(row=r, column=2).value for r in range(8, 10)]
    assert names == ["Lê Thị Kế", "Trần Văn Toán"]
    # Keep the first person, drop the second, add a newcomer with a mistyped phone.
    ws.delete_rows(9)
    ws.cell(row=9, column=1, value=2)
    ws.cell(row=9, column=2, value="Hoàng Văn Mới")
    ws.cell(row=9, column=4, value="09123")
    ws.cell(row=9, column=5, value="Có")
    filled = tmp_path / "danh-sach.xlsx"
    wb.save(filled)

    page.get_by_label("Tệp Excel danh sách (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    errors = page.locator("#upload-errors").inner_text()
    assert "Dòng 9, cột Số điện thoại" in errors and "09123" in errors
    screenshot("roster-upload-error")

    ws.cell(row=9, column=4, value="0912345678")
    buffer = io.BytesIO()
    wb.save(buffer)
    filled.write_bytes(buffer.getvalue())
    page.get_by_label("Tệp Excel danh sách (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên lại").click()
    preview = page.locator("#preview").inner_text()
    assert "Lê Thị Kế" in preview and "Hoàng Văn Mới" in preview and "Trần Văn Toán" not in preview
    page.set_viewport_size({"width": 360, "height": 740})  # the preview fits the phone: rows stacked
    assert page.evaluate("document.querySelector('#preview').scrollWidth") <= 360
    screenshot("roster-upload-preview-phone")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("button", name="Lưu danh sách").click()
    assert "Đã " in page.locator("main").inner_text()
    assert sorted(RosterEntry.objects.values_list("full_name", flat=True)) == ["Hoàng Văn Mới", "Lê Thị Kế"]

    page.get_by_role("button", name="Đăng xuất").first.click()
    log_in(page, live_server, "xa.hoaninh")
    page.get_by_role("link", name="Cán bộ về xã").first.click()
    main = page.locator("main").inner_text()
    assert "Phòng Tài chính - Kế hoạch" in main and "Hoàng Văn Mới" in main
    assert "Còn 2 người chưa phân công về thôn." in main
    village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
    page.get_by_label("Thôn của Hoàng Văn Mới").select_option(str(village.pk))
    page.get_by_label("Thôn của Lê Thị Kế").select_option(str(village.pk))
    page.get_by_role("button", name="Lưu phân công thôn").click()
    assert "Đã lưu phân công thôn cho 2 người." in page.locator("main").inner_text()
    assert set(RosterEntry.objects.values_list("village_id", flat=True)) == {village.pk}
    screenshot("roster-commune-assigned")
