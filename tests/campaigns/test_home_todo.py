"""Each role's home says first what that person must do now."""

import datetime

from django.urls import reverse

from campaigns.models import ActionDay, DayReport
from campaigns.services import reports as services
from directory.models import Person
from tests.campaigns.conftest import SATURDAY


def test_officer_home_leads_to_the_overdue_report_in_red(login, commune_officer, hoa_ninh, programme, frozen_monday):
    overdue = ActionDay.objects.create(programme=programme, date=SATURDAY - datetime.timedelta(weeks=1))  # 08/03
    ActionDay.objects.create(programme=programme, date=SATURDAY)  # 15/03: not yet taken place
    html = login(commune_officer).get(reverse("home")).content.decode()
    todo = html.split('id="viec-can-lam"')[1].split("</section>")[0]
    assert "Báo cáo kết quả ngày ra quân 08/03/2025" in todo and "Quá hạn" in todo
    assert reverse("campaigns:day_report_edit", args=[hoa_ninh.pk, overdue.pk]) in todo
    assert "btn-danger" in todo and "15/03/2025 – " not in todo
    assert html.index('id="viec-can-lam"') < html.index("Xem chi tiết xã")  # first on the page


def test_weeks_page_puts_the_due_day_first_and_offers_no_filing_for_future_days(
    login, commune_officer, hoa_ninh, programme, frozen_monday
):
    overdue = ActionDay.objects.create(programme=programme, date=SATURDAY - datetime.timedelta(weeks=1))
    coming = ActionDay.objects.create(programme=programme, date=SATURDAY)
    html = login(commune_officer).get(reverse("campaigns:commune_weeks", args=[hoa_ninh.pk])).content.decode()
    assert html.index("08/03/2025") < html.index("15/03/2025")
    assert "Quá hạn nộp báo cáo" in html
    assert reverse("campaigns:day_report_edit", args=[hoa_ninh.pk, overdue.pk]) in html
    assert reverse("campaigns:day_report_edit", args=[hoa_ninh.pk, coming.pk]) not in html


def test_filed_reports_leave_the_todo(login, commune_officer, hoa_ninh, programme, frozen_monday):
    day = ActionDay.objects.create(programme=programme, date=SATURDAY - datetime.timedelta(weeks=1))
    report = services.day_report_open(commune=hoa_ninh, action_day=day, actor=commune_officer)
    DayReport.objects.filter(pk=report.pk).update(status="submitted", first_submitted_at=report.created_at,
                                                  submitted_at=report.created_at)
    html = login(commune_officer).get(reverse("home")).content.decode()
    assert "Đã nộp đủ báo cáo kết quả" in html and "Quá hạn" not in html


def test_coordinator_home_shows_filings_to_accept_and_the_rollup(
    login, coordinator, commune_officer, hoa_ninh, programme, frozen_monday
):
    day = ActionDay.objects.create(programme=programme, date=SATURDAY - datetime.timedelta(weeks=1))
    report = services.day_report_open(commune=hoa_ninh, action_day=day, actor=commune_officer)
    DayReport.objects.filter(pk=report.pk).update(status="submitted", first_submitted_at=report.created_at,
                                                  submitted_at=report.created_at)
    html = login(coordinator).get(reverse("home")).content.decode()
    todo = html.split('id="viec-can-lam"')[1].split("</section>")[0]
    assert "1 báo cáo chờ duyệt" in todo and "18/19 xã chưa nộp báo cáo" in todo
    assert "chưa tổng hợp" in todo and reverse("campaigns:day_filings", args=[day.pk]) in todo


def test_agency_home_shows_what_is_due_not_the_staff_list(login, focal_point, agency, action_day, frozen_monday):
    Person.objects.create(agency=agency, full_name="Nguyễn Văn Điện Thoại", phone="0912345678")
    staff = Person.objects.filter(agency=agency, is_active=True).count()
    html = login(focal_point).get(reverse("home")).content.decode()
    assert "Nguyễn Văn Điện Thoại" not in html and "0912345678" not in html
    assert f"Danh sách cán bộ: {staff} người." in html
    assert "Danh sách tham gia ngày ra quân 15/03/2025" in html.split('id="viec-can-lam"')[1]
