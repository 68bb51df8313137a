"""The BCĐ's seats kept by the office in the portal (list, add, edit, end), and the members'
reminders before their report is due (issue 18 follow-up)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directives import member_services as services
from directives.member_reminders import member_reminder_send, member_reminders_due
from directives.models import BcdMembership, BcdRole, MemberReminder, MemberReport, ReportFrequency
from directives.schedule import period_ending
from directives.tasks import member_reminders_task
from ntm_portal.models import AuditEntry, Notice
from tests.directives.conftest import VN

pytestmark = pytest.mark.django_db

ADD = reverse("directives:seats")


def _post(hoa_ninh, gia_bac, **extra):
    return {"full_name": "  Hoàng Văn Mới ", "position": "Phó Chủ tịch UBND huyện", "role": BcdRole.DEPUTY,
            "username": "dieuphoi", "communes": [hoa_ninh.pk, gia_bac.pk], "frequency": ReportFrequency.TWICE_MONTHLY,
            "valid_from": "01/10/2025", "valid_to": "", "order": "5", "submit_token": "tok-1", **extra}


class TestSeatForm:
    def test_the_office_adds_a_seat_once_whatever_the_submits(self, login, coordinator, district, hoa_ninh, gia_bac):
        client = login(coordinator)
        url = reverse("directives:seat_add")
        assert client.get(url).status_code == 200
        response = client.post(url, _post(hoa_ninh, gia_bac))
        assert response.status_code == 302 and response.url == reverse("directives:seats")
        seat = BcdMembership.objects.get()
        assert (seat.unit, seat.full_name, seat.position, seat.role, seat.user, seat.valid_from, seat.valid_to,
                seat.order) == (district, "Hoàng Văn Mới", "Phó Chủ tịch UBND huyện", BcdRole.DEPUTY, coordinator,
                                datetime.date(2025, 10, 1), None, 5)
        assert set(seat.communes.all()) == {hoa_ninh, gia_bac}
        entry = AuditEntry.objects.get(action="directives.seat_create")
        assert entry.actor == coordinator and entry.target_id == str(seat.pk) and entry.unit_id == district.pk
        assert entry.changes["full_name"] == [None, "Hoàng Văn Mới"]
        assert entry.changes["communes"] == [None, sorted([hoa_ninh.pk, gia_bac.pk])]
        # the same form sent again (a double tap, a retry): nothing new
        again = client.post(url, _post(hoa_ninh, gia_bac), follow=True)
        assert BcdMembership.objects.count() == 1
        assert AuditEntry.objects.filter(action="directives.seat_create").count() == 1
        assert "đã được thêm trước đó" in again.content.decode()

    def test_ending_a_seat_keeps_it_in_the_past_list_and_is_audited(self, login, coordinator, district, hoa_ninh,
                                                                     gia_bac, bcd, frozen):
        client = login(coordinator)
        url = reverse("directives:seat_edit", args=[bcd.deputy_a.pk])
        page = client.get(url).content.decode()
        assert "Trần Phó Một" in page and "phoban1" in page
        data = _post(hoa_ninh, gia_bac, full_name="Trần Phó Một", username="phoban1", valid_from="01/01/2024",
                     valid_to="15/09/2025", communes=[hoa_ninh.pk])
        assert client.post(url, data).status_code == 302
        bcd.deputy_a.refresh_from_db()
        assert bcd.deputy_a.valid_to == datetime.date(2025, 9, 15)
        entry = AuditEntry.objects.get(action="directives.seat_change")
        assert entry.changes == {"valid_to": [None, "2025-09-15"], "position": ["", "Phó Chủ tịch UBND huyện"],
                                 "order": [2, 5]}
        client.get(ADD)  # shows (and consumes) the success message
        page = client.get(ADD).content.decode()
        current, past = page.split("Đã kết thúc nhiệm vụ")
        assert "Trần Phó Một" in past and "Trần Phó Một" not in current and "Lê Phó Hai" in current
        assert "15/09/2025" in past
        # the same values again: no change, no audit row
        assert client.post(url, data).status_code == 302
        assert AuditEntry.objects.filter(action="directives.seat_change").count() == 1

    def test_bad_input_gives_vietnamese_errors_and_saves_nothing(self, login, coordinator, hoa_ninh, gia_bac, bcd):
        client = login(coordinator)
        response = client.post(reverse("directives:seat_add"),
                               _post(hoa_ninh, gia_bac, username="khongco", valid_to="01/01/2025"))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Không có tài khoản đang hoạt động với tên đăng nhập “khongco”" in page
        assert "Ngày kết thúc không được trước ngày bắt đầu." in page
        response = client.post(reverse("directives:seat_edit", args=[bcd.head.pk]),
                               _post(hoa_ninh, gia_bac, full_name="Nguyễn Văn Trưởng", username="truongban",
                                     valid_from="31/02/2025"))
        assert "Nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()
        assert BcdMembership.objects.count() == 5
        assert not AuditEntry.objects.filter(action__startswith="directives.seat").exists()
        bcd.head.refresh_from_db()
        assert bcd.head.valid_from == datetime.date(2024, 1, 1)

    def test_the_service_refuses_a_sub_committee_of_another_unit(self, coordinator, district, hoa_ninh, bcd):
        from django.core.exceptions import ValidationError

        from directives.models import SubCommittee

        sub = SubCommittee.objects.create(unit=hoa_ninh, name="Tiểu ban của một đơn vị khác")
        with pytest.raises(ValidationError):
            services.bcd_seat_save(unit=district, actor=coordinator, communes=[], seat=bcd.member,
                                   data={"sub_committee": sub})
        bcd.member.refresh_from_db()
        assert bcd.member.sub_committee is None


class TestSeatAccess:
    def test_only_the_office_keeps_seats(self, client, bcd, leader, inspector, commune_officer, area_monitor,
                                         focal_point, coordinator):
        edit = reverse("directives:seat_edit", args=[bcd.member.pk])
        for user, expected in [(leader, 403), (inspector, 403), (area_monitor, 403), (focal_point, 403),
                               (bcd.head_user, 403), (commune_officer, 404)]:
            client.force_login(user)
            assert client.get(edit).status_code == expected, user.username
            assert client.post(edit, {"full_name": "X"}).status_code == expected, user.username
            assert client.get(ADD).status_code == 403, user.username
            assert client.post(reverse("directives:seat_add"), {"full_name": "X"}).status_code == 403
        assert BcdMembership.objects.count() == 5

    def test_the_status_page_links_to_the_seats_for_the_office_only(self, client, bcd, coordinator, leader, frozen):
        client.force_login(coordinator)
        assert reverse("directives:seats") in client.get(reverse("directives:members_status")).content.decode()
        client.force_login(leader)
        assert reverse("directives:seats") not in client.get(reverse("directives:members_status")).content.decode()

    def test_the_seats_page_says_who_is_not_reminded_in_fixed_queries(self, client, bcd, coordinator, frozen,
                                                                      django_assert_max_num_queries, district):
        client.force_login(coordinator)
        client.get(ADD)
        with django_assert_max_num_queries(12) as few:
            page = client.get(ADD).content.decode()
        for i in range(5):
            BcdMembership.objects.create(unit=district, full_name=f"Thêm {i}", valid_from=datetime.date(2024, 1, 1))
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(ADD)
        assert "1 thành viên chưa có tài khoản" in page
        assert "Chưa có tài khoản – không được nhắc hạn" in page
        assert "2 ngày trước hạn báo cáo" in page


def _at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7, 5), tzinfo=VN), tick=False)


class TestReminders:
    END = datetime.date(2025, 9, 28)  # a Sunday: still due the 28th

    def test_before_and_on_the_day_once_each_not_for_who_filed_nor_without_account(self, bcd, settings):
        settings.DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE = 2
        period = period_ending(ReportFrequency.TWICE_MONTHLY, self.END)
        user = bcd.deputy_a.user
        report = services.member_report_open(membership=bcd.deputy_a, period=period, actor=user)
        report = services.member_report_save(report=report, actor=user, content="Đã về Hòa Ninh.")
        services.member_report_submit(report=report, actor=user, token="t")
        with _at(datetime.date(2025, 9, 25)):  # three days before: nothing
            assert member_reminders_task() == 0
        with _at(datetime.date(2025, 9, 26)):
            assert member_reminders_task() == 3  # head, deputy B, the agency's member; not deputy A (filed)
            assert member_reminders_task() == 0  # the job runs twice
        with _at(datetime.date(2025, 9, 27)):
            assert member_reminders_task() == 0  # the "before" reminder already went
        reminded = {m.to[0] for m in mail.outbox}
        assert reminded == {bcd.head_user.email, bcd.deputy_b.user.email, bcd.member.user.email}
        assert "28/09/2025" in mail.outbox[0].subject and "Sắp đến hạn" in mail.outbox[0].subject
        assert "Không có báo cáo thì coi như không đi chỉ đạo." in mail.outbox[0].body
        # deputy B files before the day: not reminded on the day
        report = services.member_report_open(membership=bcd.deputy_b, period=period, actor=bcd.deputy_b.user)
        report = services.member_report_save(report=report, actor=bcd.deputy_b.user, content="Đã về Gia Bắc.")
        services.member_report_submit(report=report, actor=bcd.deputy_b.user, token="t2")
        with _at(self.END):
            assert member_reminders_task() == 2
            assert member_reminders_task() == 0
        on_day = {m.to[0] for m in mail.outbox[3:]}
        assert on_day == {bcd.head_user.email, bcd.member.user.email}
        assert all("Hôm nay (28/09/2025)" in m.subject for m in mail.outbox[3:])
        assert MemberReminder.objects.count() == 5
        assert not MemberReminder.objects.filter(membership__in=[bcd.deputy_a, bcd.organisation]).exists()
        assert Notice.objects.filter(user=bcd.head_user).count() == 2
        notice = Notice.objects.filter(user=bcd.member.user).first()
        assert notice.url == reverse("directives:member_report_edit", args=[bcd.member.pk, "2025-09-28"])
        assert AuditEntry.objects.filter(action="directives.member_reminder").count() == 5
        with _at(datetime.date(2025, 9, 29)):
            assert member_reminders_task() == 0

    def test_a_draft_does_not_count_as_filed_and_a_quarterly_seat_is_reminded_at_the_quarter(self, bcd, settings,
                                                                                          focal_point):
        settings.DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE = 2
        period = period_ending(ReportFrequency.TWICE_MONTHLY, self.END)
        services.member_report_open(membership=bcd.member, period=period, actor=focal_point)
        assert MemberReport.objects.get().status == "draft"
        today = datetime.date(2025, 9, 26)
        assert (bcd.member.pk, self.END) in member_reminders_due(today)
        bcd.organisation.user = focal_point
        bcd.organisation.save()
        quarter_end = datetime.date(2025, 9, 30)
        assert (bcd.organisation.pk, quarter_end) not in member_reminders_due(today)  # 4 days before
        assert (bcd.organisation.pk, quarter_end) in member_reminders_due(datetime.date(2025, 9, 28))
        assert member_reminder_send(membership_id=bcd.organisation.pk, period_end=quarter_end,
                                    today=datetime.date(2025, 9, 30)) is True
        assert member_reminder_send(membership_id=bcd.organisation.pk, period_end=quarter_end,
                                    today=datetime.date(2025, 9, 30)) is False
        # a seat ended before the period is not reminded
        bcd.head.valid_to = datetime.date(2025, 9, 10)
        bcd.head.save()
        assert (bcd.head.pk, self.END) not in member_reminders_due(today)

    def test_the_beat_schedule_runs_the_members_reminders(self):
        from reporting.schedule import PERIODIC_JOBS

        jobs = {job.task: job for job in PERIODIC_JOBS}
        assert jobs["directives.member_reminders"].crontab == {"minute": 5, "hour": 7}
