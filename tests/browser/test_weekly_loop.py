"""The weekly loop on a cheap phone (360 × 740, touch, Chromium): the officer goes from the home page to
a submitted report of every village counting taps; numbers typed the Vietnamese way; a photo kept across
a form error; the Vietnamese 404 and, with the database down, the 503 page that keeps what was typed."""

import datetime
import os

import pytest
from django.db import OperationalError
from django.db.backends import utils as db_utils
from django.utils import timezone
from PIL import Image

from campaigns.models import ActionDay, DayReport, Programme, ReportPhoto, Roster, RosterEntry, VillageResult
from campaigns.services.plans import task_type_seed_defaults
from directory.models import Commune, District, Role, Village
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import AgencyFactory, AssignmentFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
MAX_TAPS_PER_VILLAGE = 6


@pytest.fixture
def setting(territory):
    task_type_seed_defaults()
    district = District.objects.get(code="679")
    hoa_ninh = Commune.objects.get(code="25036")
    officer = UserFactory(username="xa.hoaninh")
    MembershipFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=hoa_ninh)
    programme = Programme.objects.create(owner=district)
    today = timezone.localdate()
    saturday = today - datetime.timedelta(days=(today.weekday() - 5) % 7 or 7)
    day = ActionDay.objects.create(programme=programme, date=saturday)
    villages = list(Village.objects.filter(parent=hoa_ninh).order_by("name"))
    agency = AgencyFactory(owner=district, name="Phòng Tài chính - Kế hoạch")
    AssignmentFactory(agency=agency, commune=hoa_ninh, valid_from=datetime.date(2023, 2, 1))
    now = timezone.now()
    roster = Roster.objects.create(agency=agency, commune=hoa_ninh, action_day=day, submitted_at=now,
                                   updated_at=now, entry_count=2 * len(villages))
    for i, village in enumerate(villages * 2):
        person = PersonFactory(agency=agency, full_name=f"Cán Bộ Số {i + 1}")
        RosterEntry.objects.create(roster=roster, action_day=day, person=person, full_name=person.full_name,
                                   village=village)
    return {"commune": hoa_ninh, "day": day, "villages": villages}


def phone(browser, live_server, username, *, locale="vi-VN"):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale=locale,
                                  timezone_id="Asia/Ho_Chi_Minh")
    # The pages stay Vietnamese whatever the browser's own locale (which decides what a number input
    # would have done with a comma).
    context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    page = context.new_page()
    log_in(page, live_server, username)
    page.wait_for_url(f"{live_server.url}/")
    return context, page


class Taps:
    """Every tap the officer makes goes through here, so the test can count them."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.scroll_into_view_if_needed()
        locator.tap()
        self.count += 1


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary')]
  .filter(el => el.offsetParent !== null)
  .map(el => {
    const target = (el.type === 'radio' || el.type === 'checkbox') ? (el.closest('.form-check') || el) : el;
    const r = target.getBoundingClientRect();
    return [el.name || el.textContent.trim().slice(0, 30), Math.round(r.width), Math.round(r.height)];
  })
  .filter(([, w, h]) => w < 44 || h < 44)"""


def test_officer_files_every_village_from_the_home_page(setting, live_server, browser):
    commune, day, villages = setting["commune"], setting["day"], setting["villages"]
    base = f"{live_server.url}/chuong-trinh/xa/{commune.pk}/ngay/{day.pk}/bao-cao/"
    context, page = phone(browser, live_server, "xa.hoaninh")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "loop-home-officer-360.png"), full_page=True)
    tap = Taps()

    # The home page says first what is due, with the button to it.
    todo = page.locator("#viec-can-lam")
    assert in_viewport(page, todo.get_by_role("link", name="Nhập báo cáo kết quả"))
    tap(todo.get_by_role("link", name="Nhập báo cáo kết quả"))
    page.wait_for_url(base)
    page.screenshot(path=str(SCREENSHOTS / "loop-filing-list-360.png"), full_page=True)
    page.locator(f"#thon-{villages[0].pk} summary").click()  # the whole-commune form, one section open
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], f"touch targets under 44 px on the whole form: {small}"
    page.locator(f"#thon-{villages[0].pk} summary").click()
    tap(page.locator(f'a.village-link[href="?thon={villages[0].pk}"]'))
    per_village = []
    for index, village in enumerate(villages):
        page.wait_for_url(f"{base}?thon={village.pk}")
        save = page.get_by_role("button", name="Lưu, sang thôn tiếp")
        assert in_viewport(page, save), "the save button is always within reach"
        if index == 0:
            page.screenshot(path=str(SCREENSHOTS / "loop-filing-village-360.png"), full_page=False)
            small = page.evaluate(SMALL_TARGETS)
            assert small == [], f"touch targets under 44 px: {small}"
            assert page.locator(".absence-reason:visible").count() == 0  # everyone present: no reason asked
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        before = tap.count
        tap(page.locator(f"#id_v{village.pk}-residents"))
        page.keyboard.type("40")
        tap(page.locator(f"#id_v{village.pk}-households"))
        page.keyboard.type("25")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        assert in_viewport(page, save)
        tap(save)
        per_village.append(tap.count - before)
    page.wait_for_url(f"{base}#nop-bao-cao")
    submit = page.get_by_role("button", name="Nộp báo cáo")
    # The browser scrolls to #nop-bao-cao after the page has loaded, not when the URL is reached: wait
    # (up to 5 s) until the button is on the screen; the assertion below fails if it never comes.
    page.wait_for_function("""() => { const b = document.querySelector('#nop-bao-cao button[value=submit]');
        const r = b && b.getBoundingClientRect(); return r && r.top >= 0 && r.bottom <= window.innerHeight; }""",
                           timeout=5000)
    page.screenshot(path=str(SCREENSHOTS / "loop-filing-submit-360.png"), full_page=False)
    assert in_viewport(page, submit)
    tap(submit)
    page.wait_for_url(lambda url: "/bao-cao/xem/" in url)
    assert "Đã nộp báo cáo" in page.locator("main").inner_text()

    report = DayReport.objects.get()
    assert report.status == "submitted"
    assert VillageResult.objects.filter(report=report, residents=40, households=25).count() == len(villages)
    assert set(RosterEntry.objects.values_list("attendance", flat=True)) == {"present"}  # all present by default
    assert max(per_village) <= MAX_TAPS_PER_VILLAGE
    print(f"\ntaps per village: {per_village[0]} ({len(villages)} villages); "
          f"total from the home page to submitted: {tap.count}")
    context.close()


def test_twelve_and_a_half_typed_with_a_comma_is_stored_as_12_5(setting, live_server, browser):
    commune, day, villages = setting["commune"], setting["day"], setting["villages"]
    base = f"{live_server.url}/chuong-trinh/xa/{commune.pk}/ngay/{day.pk}/bao-cao/"
    context, page = phone(browser, live_server, "xa.hoaninh", locale="en-US")  # the browser that dropped the comma
    page.goto(f"{base}?thon={villages[0].pk}")
    waste = page.locator(f"#id_v{villages[0].pk}-waste_kg")
    assert waste.get_attribute("inputmode") == "decimal" and waste.get_attribute("type") == "text"
    page.locator(f"#id_v{villages[0].pk}-residents").fill("40")
    page.locator(f"#id_v{villages[0].pk}-households").fill("25")
    waste.fill("12,5")
    page.get_by_role("button", name="Lưu, sang thôn tiếp").click()
    page.wait_for_url(f"{base}?thon={villages[1].pk}")
    assert VillageResult.objects.get(village=villages[0]).waste_kg == 12.5
    page.goto(f"{base}?thon={villages[0].pk}")
    assert page.locator(f"#id_v{villages[0].pk}-waste_kg").input_value() == "12,5"
    context.close()


def test_a_photo_is_shrunk_sent_apart_and_kept_across_a_form_error(setting, live_server, browser, tmp_path):
    commune, day, villages = setting["commune"], setting["day"], setting["villages"]
    base = f"{live_server.url}/chuong-trinh/xa/{commune.pk}/ngay/{day.pk}/bao-cao/"
    photo = tmp_path / "IMG_2024.jpg"
    Image.frombytes("RGB", (3000, 2000), os.urandom(3000 * 2000 * 3)).save(photo, "JPEG", quality=92)
    context, page = phone(browser, live_server, "xa.hoaninh")
    sent = []
    page.on("request", lambda r: sent.append(len(r.post_data_buffer or b"")) if "/bao-cao/anh/" in r.url else None)
    page.goto(f"{base}?thon={villages[0].pk}")
    page.locator(f"#id_v{villages[0].pk}-photos").set_input_files(str(photo))
    page.locator(f"#anh-thon-{villages[0].pk} img.report-thumb").wait_for()
    assert ReportPhoto.objects.count() == 1
    assert sent and sent[0] < photo.stat().st_size / 3, (sent, photo.stat().st_size)  # shrunk in the browser
    page.locator(f"#id_v{villages[0].pk}-residents").fill("-3")
    page.get_by_role("button", name="Lưu, sang thôn tiếp").click()
    page.wait_for_load_state()
    assert "Không được nhập số âm." in page.locator("main").inner_text()
    assert page.locator(f"#anh-thon-{villages[0].pk} img.report-thumb").count() == 1  # still there
    assert page.evaluate("document.activeElement.id") == f"id_v{villages[0].pk}-residents"
    page.screenshot(path=str(SCREENSHOTS / "loop-photo-kept-360.png"), full_page=False)
    context.close()


def test_vietnamese_404_and_503_with_the_database_down(setting, live_server, browser, monkeypatch):
    commune, day, villages = setting["commune"], setting["day"], setting["villages"]
    context, page = phone(browser, live_server, "xa.hoaninh")
    other = Commune.objects.exclude(pk=commune.pk).first()
    response = page.goto(f"{live_server.url}/chuong-trinh/xa/{other.pk}/cac-tuan/")
    assert response.status == 404
    assert "Không tìm thấy trang này" in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "loop-404-360.png"), full_page=False)
    page.get_by_role("link", name="Về trang chủ").click()
    page.wait_for_url(f"{live_server.url}/")

    base = f"{live_server.url}/chuong-trinh/xa/{commune.pk}/ngay/{day.pk}/bao-cao/"
    page.goto(f"{base}?thon={villages[0].pk}")
    page.locator(f"#id_v{villages[0].pk}-residents").fill("77")
    page.locator(f"#id_v{villages[0].pk}-households").fill("33")

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(db_utils.CursorWrapper, "execute", database_down)
    monkeypatch.setattr(db_utils.CursorWrapper, "executemany", database_down)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lưu, sang thôn tiếp").click()
    assert navigation.value.status == 503
    text = page.locator("main").inner_text()
    assert "Hệ thống đang tạm gián đoạn" in text and "vẫn được giữ trên điện thoại này" in text
    page.screenshot(path=str(SCREENSHOTS / "loop-503-360.png"), full_page=False)
    monkeypatch.undo()
    page.goto(f"{base}?thon={villages[0].pk}")  # a moment later: what was typed is still there
    page.locator("#draft-notice").wait_for(state="visible")
    assert page.locator(f"#id_v{villages[0].pk}-residents").input_value() == "77"
    context.close()


@pytest.fixture
def big_agency(territory):
    district = District.objects.get(code="679")
    hoa_ninh = Commune.objects.get(code="25036")
    agency = AgencyFactory(owner=district, name="Trung tâm Y tế huyện")
    AssignmentFactory(agency=agency, commune=hoa_ninh, valid_from=datetime.date(2023, 2, 1))
    focal = UserFactory(username="coquan.yte")
    MembershipFactory(user=focal, role=Role.AGENCY_FOCAL_POINT, agency=agency)
    from directory.models import Person
    from ntm_portal.text import fold

    # With the folded name the directory stores (services.person_create, the import): the search reads it.
    Person.objects.bulk_create([Person(agency=agency, full_name=f"Cán Bộ Thứ {i:04d}", name_folded=fold(f"Cán Bộ Thứ {i:04d}"),
                                       phone=f"09{i:08d}") for i in range(1025)]
                               + [Person(agency=agency, full_name=n, name_folded=fold(n))
                                  for n in ("Nguyễn Văn An", "Trần Thị Bình")])
    programme = Programme.objects.create(owner=district)
    today = timezone.localdate()
    coming = today + datetime.timedelta(days=(5 - today.weekday()) % 7)
    day = ActionDay.objects.create(programme=programme, date=coming)
    last = ActionDay.objects.create(programme=programme, date=coming - datetime.timedelta(weeks=1))
    from campaigns.services.rosters import EntryLine, roster_save

    went = list(Person.objects.filter(agency=agency, full_name__in=["Cán Bộ Thứ 0600", "Cán Bộ Thứ 1020"]))
    roster_save(agency=agency, commune=hoa_ninh, action_day=last, lines=[EntryLine.of(p) for p in went], actor=focal)
    return {"agency": agency, "commune": hoa_ninh, "day": day, "went": went}


def test_agency_sends_last_weeks_roster_in_three_taps(big_agency, live_server, browser):
    agency, commune, day = big_agency["agency"], big_agency["commune"], big_agency["day"]
    context, page = phone(browser, live_server, "coquan.yte")
    page.screenshot(path=str(SCREENSHOTS / "loop-home-agency-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollHeight") < 3 * PHONE["height"]  # no 1,027-name list
    tap = Taps()
    tap(page.locator("#viec-can-lam").get_by_role("link", name="Gửi danh sách"))
    page.wait_for_url(f"**/co-quan/{agency.pk}/xa/{commune.pk}/ngay/{day.pk}/")
    tap(page.get_by_role("link", name="Chép danh sách tuần trước"))
    page.wait_for_url("**?sao-chep=1")
    send = page.locator("#roster-send")
    assert "Gửi danh sách (2 người)" in send.inner_text()
    assert in_viewport(page, send), "the send button is on the screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SCREENSHOTS / "loop-roster-copied-360.png"), full_page=False)
    # Search without diacritics, tick: the person joins the chosen ones and the count follows.
    page.locator("#staff-q").fill("nguyen van an")
    page.locator("#others-list").get_by_text("Nguyễn Văn An").wait_for()
    page.locator("#others-list").get_by_text("Nguyễn Văn An").tap()
    assert "Gửi danh sách (3 người)" in send.inner_text()
    page.locator("#staff-q").fill("binh")
    page.locator("#others-list").get_by_text("Trần Thị Bình").wait_for()
    assert page.locator("#chosen-list").get_by_text("Nguyễn Văn An").is_visible()  # kept across searches
    page.locator("#chosen-list").get_by_text("Nguyễn Văn An").tap()  # untick again: back to last week's two
    assert "Gửi danh sách (2 người)" in send.inner_text()
    tap(send)
    page.wait_for_url(f"**/co-quan/{agency.pk}/xa/{commune.pk}/ngay/{day.pk}/")
    assert "Đã gửi danh sách (2 người)" in page.locator("main").inner_text()
    roster = Roster.objects.get(agency=agency, action_day=day)
    assert sorted(roster.entries.values_list("full_name", flat=True)) == ["Cán Bộ Thứ 0600", "Cán Bộ Thứ 1020"]
    assert tap.count <= 3
    print(f"\nagency: last week's roster sent in {tap.count} taps")
    context.close()
