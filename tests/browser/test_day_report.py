"""A commune officer plans and files the Saturday on a 360 px phone, loses the connection, recovers
the draft, submits; the coordinator returns the report; the officer fixes and resubmits.
And the same filing with JavaScript disabled."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image

from campaigns.models import ActionDay, DayReport, Programme, ReportPhoto, Roster, RosterEntry, Task, VillageResult
from campaigns.services.plans import task_type_seed_defaults
from directory.models import Commune, District, Role, Village
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import AgencyFactory, AssignmentFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def setting(territory):
    task_type_seed_defaults()
    district = District.objects.get(code="679")
    hoa_ninh = Commune.objects.get(code="25036")
    officer = UserFactory(username="xa.hoaninh")
    MembershipFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=hoa_ninh)
    coordinator = UserFactory(username="dieuphoi")
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, unit=district)
    programme = Programme.objects.create(owner=district)
    today = timezone.localdate()
    saturday = today - datetime.timedelta(days=(today.weekday() - 5) % 7 or 7)
    day = ActionDay.objects.create(programme=programme, date=saturday)
    villages = list(Village.objects.filter(parent=hoa_ninh).order_by("name"))
    agency = AgencyFactory(owner=district, name="Phòng Tài chính - Kế hoạch")
    AssignmentFactory(agency=agency, commune=hoa_ninh, valid_from=datetime.date(2023, 2, 1))
    people = [PersonFactory(agency=agency, full_name=name) for name in ("Lê Văn Có", "Trần Thị Vắng", "Phạm Hai")]
    now = timezone.now()
    roster = Roster.objects.create(agency=agency, commune=hoa_ninh, action_day=day, submitted_at=now,
                                   updated_at=now, entry_count=3)
    entries = [RosterEntry.objects.create(roster=roster, action_day=day, person=p, full_name=p.full_name,
                                          village=villages[0] if i < 2 else villages[1])
               for i, p in enumerate(people)]
    return {"commune": hoa_ninh, "day": day, "villages": villages, "entries": entries}


def phone(browser, live_server, username, *, javascript=True):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    log_in(page, live_server, username)
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def fill_figures(page, village, residents, households):
    page.locator(f"#id_v{village.pk}-residents").fill(str(residents))
    page.locator(f"#id_v{village.pk}-households").fill(str(households))


def open_section(page, village):
    section = page.locator(f"#thon-{village.pk}")
    if section.get_attribute("open") is None:
        section.locator("summary").click()


def test_plan_file_offline_recover_submit_return_resubmit(setting, live_server, browser, tmp_path):
    commune, day, villages, entries = setting["commune"], setting["day"], setting["villages"], setting["entries"]
    base = f"{live_server.url}/chuong-trinh/xa/{commune.pk}/ngay/{day.pk}"
    photo = tmp_path / "hien-truong.jpg"
    Image.new("RGB", (3000, 2000), (40, 140, 70)).save(photo, "JPEG")
    context, page = phone(browser, live_server, "xa.hoaninh")

    # Plan two villages.
    page.goto(f"{base}/ke-hoach/")
    for village, quantity in [(villages[0], "800"), (villages[1], "300")]:
        page.get_by_label("Thôn, tổ dân phố").select_option(str(village.pk))
        page.get_by_label("Loại phần việc").select_option(label="Vệ sinh, quét dọn đường thôn (m)")
        page.get_by_label("Khối lượng dự kiến").fill(quantity)
        page.get_by_label("Phòng Tài chính - Kế hoạch").check()
        page.get_by_role("button", name="Thêm phần việc").click()
        page.wait_for_url(f"{base}/ke-hoach/")
    assert "Đã thêm phần việc cho Thôn 2." in page.locator("main").inner_text()
    assert fits_the_phone(page)
    tasks = {t.village_id: t for t in Task.objects.all()}
    assert set(tasks) == {villages[0].pk, villages[1].pk}

    # File the first village with attendance and a photo; save the draft on the server.
    page.goto(f"{base}/bao-cao/")
    open_section(page, villages[0])
    assert "Kế hoạch: 800 m" in page.locator(f"#thon-{villages[0].pk}").inner_text()
    fill_figures(page, villages[0], 120, 80)
    page.locator(f"#id_v{villages[0].pk}-task_{tasks[villages[0].pk].pk}").fill("850")
    present, absent, _other = entries
    page.locator(f"input[name='v{villages[0].pk}-att_{present.pk}'][value='present']").check()
    page.locator(f"input[name='v{villages[0].pk}-att_{absent.pk}'][value='absent']").check()
    page.locator(f"#id_v{villages[0].pk}-reason_{absent.pk}").fill("Ốm")
    page.locator(f"#id_v{villages[0].pk}-photos").set_input_files(str(photo))
    page.locator(f"#anh-thon-{villages[0].pk} img.report-thumb").wait_for()  # sent apart, with a progress bar
    assert fits_the_phone(page)
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_url(f"{base}/bao-cao/")
    assert "Đã lưu bản nháp trên máy chủ." in page.locator("main").inner_text()
    stored = ReportPhoto.objects.get()
    assert max(stored.width, stored.height) == 1600
    assert page.locator(f"#thon-{villages[0].pk} img.report-thumb").count() == 1

    # Lose the connection mid-form: what is typed stays on the phone.
    open_section(page, villages[1])
    fill_figures(page, villages[1], 55, 40)
    page.locator(f"#id_v{villages[1].pk}-remarks").fill("Thôn 2 làm tốt")
    context.set_offline(True)
    page.get_by_role("button", name="Lưu nháp").click(no_wait_after=True)
    page.wait_for_timeout(800)
    assert VillageResult.objects.get(report__action_day=day, village=villages[1]).residents is None
    context.set_offline(False)
    page.goto(f"{base}/bao-cao/")
    notice = page.locator("#draft-notice")
    notice.wait_for(state="visible")
    assert "Đã khôi phục nội dung bạn nhập" in notice.inner_text()
    assert page.locator(f"#id_v{villages[1].pk}-residents").input_value() == "55"
    assert page.locator(f"#id_v{villages[1].pk}-remarks").input_value() == "Thôn 2 làm tốt"
    page.screenshot(path=str(SCREENSHOTS / "day-report-draft-restored.png"), full_page=False)

    # Fill the other villages and submit.
    for village in villages[2:]:
        open_section(page, village)
        fill_figures(page, village, 30, 20)
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.wait_for_url(f"{base}/bao-cao/xem/")
    assert "Đã nộp" in page.locator("main").inner_text()
    report = DayReport.objects.get()
    assert report.status == "submitted" and report.submission_count == 1
    assert VillageResult.objects.get(report=report, village=villages[1]).residents == 55
    marks = {e.pk: (e.attendance, e.absence_reason) for e in RosterEntry.objects.all()}
    assert marks[present.pk] == ("present", "") and marks[absent.pk] == ("absent", "Ốm")
    context.close()

    # The coordinator returns it with a comment.
    context, page = phone(browser, live_server, "dieuphoi")
    page.goto(f"{base}/bao-cao/xem/")
    page.get_by_label("Lý do trả lại, nội dung cần sửa").fill("Thôn 1: số hộ tham gia cần kiểm tra lại")
    page.get_by_role("button", name="Trả lại cho xã").click()
    page.wait_for_url(f"{base}/bao-cao/xem/")
    assert "Bị trả lại" in page.locator("main").inner_text()
    context.close()

    # The officer fixes and resubmits.
    context, page = phone(browser, live_server, "xa.hoaninh")
    page.goto(f"{base}/bao-cao/")
    assert "Thôn 1: số hộ tham gia cần kiểm tra lại" in page.locator("main").inner_text()
    open_section(page, villages[0])
    page.locator(f"#id_v{villages[0].pk}-households").fill("95")
    page.get_by_role("button", name="Nộp lại báo cáo").click()
    page.wait_for_url(f"{base}/bao-cao/xem/")
    report.refresh_from_db()
    assert report.status == "submitted" and report.submission_count == 2
    assert VillageResult.objects.get(report=report, village=villages[0]).households == 95
    assert "Phiên bản 1" in page.locator("main").inner_text()  # the returned content is kept
    page.screenshot(path=str(SCREENSHOTS / "day-report-resubmitted.png"), full_page=True)
    context.close()


def test_file_and_submit_without_javascript(setting, live_server, browser):
    commune, day, villages = setting["commune"], setting["day"], setting["villages"]
    base = f"{live_server.url}/chuong-trinh/xa/{commune.pk}/ngay/{day.pk}"
    context, page = phone(browser, live_server, "xa.hoaninh", javascript=False)
    page.goto(f"{live_server.url}/chuong-trinh/xa/{commune.pk}/cac-tuan/")
    page.get_by_role("link", name="Nhập báo cáo kết quả").first.click()
    page.wait_for_url(f"{base}/bao-cao/")
    entry = setting["entries"][2]
    for village in villages:
        open_section(page, village)
    page.locator(f"input[name='v{villages[1].pk}-att_{entry.pk}'][value='present']").check()
    for village in villages:
        fill_figures(page, village, 40, 25)
    page.locator(f"#id_v{villages[0].pk}-households").fill("300")  # more than the village's 248
    page.get_by_role("button", name="Lưu nháp").click()
    assert "không được lớn hơn tổng số hộ của thôn (248)" in page.locator("main").inner_text()
    assert DayReport.objects.count() == 0
    page.locator(f"#id_v{villages[0].pk}-households").fill("25")
    assert fits_the_phone(page)
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.wait_for_url(f"{base}/bao-cao/xem/")
    assert "Đã nộp báo cáo" in page.locator("main").inner_text()
    report = DayReport.objects.get()
    assert report.status == "submitted" and report.submission_count == 1
    assert VillageResult.objects.filter(report=report, residents=40, households=25).count() == len(villages)
    assert RosterEntry.objects.get(pk=entry.pk).attendance == "present"
    page.screenshot(path=str(SCREENSHOTS / "day-report-nojs-submitted.png"), full_page=True)
    context.close()
