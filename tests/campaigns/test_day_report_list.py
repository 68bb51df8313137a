"""The coordinator's list of every commune's report for an action day; the officer's weeks page."""

from django.urls import reverse

from campaigns.models import DayReport
from campaigns.services import reports as services


def test_coordinator_sees_each_commune_with_its_status(login, coordinator, commune_officer, hoa_ninh, action_day,
                                                       django_assert_num_queries):
    report = services.day_report_open(commune=hoa_ninh, action_day=action_day, actor=commune_officer)
    DayReport.objects.filter(pk=report.pk).update(status="submitted", is_late=True,
                                                  first_submitted_at=report.created_at)
    client = login(coordinator)
    client.get("/")  # warm the session
    # session, user, memberships, action day, communes, reports, recent action days
    with django_assert_num_queries(7):
        html = client.get(reverse("campaigns:day_filings", args=[action_day.pk])).content.decode()
    assert "Đã báo cáo 1/19 xã, thị trấn (nộp muộn 1); bị trả lại chờ nộp lại: 0." in html
    assert "Xã Hòa Ninh" in html and "Xã Gia Bắc" in html and "Chưa lập" in html
    assert html.index("Xã Bảo Thuận") < html.index("Thị trấn Di Linh") < html.index("Xã Đinh Lạc")  # Vietnamese order


def test_a_returned_report_is_not_counted_as_filed(login, coordinator, commune_officer, hoa_ninh, action_day):
    """The one definition (campaigns.selectors.filing): the filings page agrees with the dashboard and the roll-up."""
    from campaigns.selectors.filing import is_filed
    from reporting.figures import commune_figures

    report = services.day_report_open(commune=hoa_ninh, action_day=action_day, actor=commune_officer)
    DayReport.objects.filter(pk=report.pk).update(status="returned", return_comment="Thiếu ảnh",
                                                  first_submitted_at=report.created_at)
    report.refresh_from_db()
    html = login(coordinator).get(reverse("campaigns:day_filings", args=[action_day.pk])).content.decode()
    assert "Đã báo cáo 0/19 xã, thị trấn (nộp muộn 0); bị trả lại chờ nộp lại: 1." in html
    assert not is_filed(report) and not report.is_filed
    assert not commune_figures(action_day_ids=[action_day.pk], commune_ids=[hoa_ninh.pk])[
        (action_day.pk, hoa_ninh.pk)].is_filed


def test_latest_redirects_to_the_last_action_day(login, coordinator, action_day, last_week, frozen_monday):
    response = login(coordinator).get(reverse("campaigns:day_filings_latest"))
    assert response.url == reverse("campaigns:day_filings", args=[last_week.pk])


def test_officers_have_no_district_list(login, commune_officer, action_day):
    assert login(commune_officer).get(reverse("campaigns:day_filings", args=[action_day.pk])).status_code == 403


def test_officer_weeks_page(login, commune_officer, other_commune_officer, hoa_ninh, action_day, last_week,
                            frozen_monday, django_assert_max_num_queries):
    client = login(commune_officer)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("campaigns:commune_weeks", args=[hoa_ninh.pk])).content.decode()
    assert "15/03/2025" in html and "08/03/2025" in html and "Nhập báo cáo kết quả" in html
    assert login(other_commune_officer).get(reverse("campaigns:commune_weeks", args=[hoa_ninh.pk])).status_code == 404
