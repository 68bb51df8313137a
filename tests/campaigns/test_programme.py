"""Programme settings, deadline arithmetic in Asia/Ho_Chi_Minh, action days kept open, cancelled, added."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import ActionDay, Programme
from campaigns.services import programme as services
from campaigns.tasks import action_days_keep_open
from ntm_portal.models import AuditEntry

from .conftest import SATURDAY, VN

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


class TestDeadlines:
    def test_saturday_rosters_are_due_wednesday_2359_vietnam_time(self, programme):
        deadline = programme.roster_deadline_for(SATURDAY)
        assert deadline == datetime.datetime(2025, 3, 12, 23, 59, tzinfo=VN)
        # The same instant in UTC is still Wednesday afternoon.
        assert deadline.astimezone(UTC) == datetime.datetime(2025, 3, 12, 16, 59, tzinfo=UTC)

    def test_sunday_programme_follows_its_settings(self, district):
        programme = Programme.objects.create(owner=district, name="Ngày Chủ nhật xanh - sạch - đẹp",
                                             action_weekday=6, roster_deadline_days_before=3,
                                             roster_deadline_time=datetime.time(17, 0))
        sunday = programme.next_action_date(datetime.date(2025, 3, 10))
        assert sunday == datetime.date(2025, 3, 16)
        assert programme.roster_deadline_for(sunday) == datetime.datetime(2025, 3, 13, 17, 0, tzinfo=VN)

    def test_filing_deadline_is_the_day_after_at_20(self, programme):
        assert programme.filing_deadline_for(SATURDAY) == datetime.datetime(2025, 3, 16, 20, 0, tzinfo=VN)

    def test_changing_the_setting_moves_existing_days(self, programme, action_day, coordinator):
        services.programme_update(programme=programme, actor=coordinator, roster_deadline_days_before=2,
                                  roster_deadline_time=datetime.time(12, 0))
        action_day.refresh_from_db()
        assert action_day.roster_deadline == datetime.datetime(2025, 3, 13, 12, 0, tzinfo=VN)
        entry = AuditEntry.objects.get(action="programme.update")
        assert entry.changes["roster_deadline_days_before"] == [3, 2]


class TestActionDays:
    def test_keeps_the_next_eight_saturdays_open_and_a_rerun_adds_nothing(self, programme):
        created = services.action_days_ensure(programme=programme, today=datetime.date(2025, 3, 10))
        assert [d.date for d in created][:2] == [datetime.date(2025, 3, 15), datetime.date(2025, 3, 22)]
        assert len(created) == 8 and all(d.date.weekday() == 5 for d in created)
        assert services.action_days_ensure(programme=programme, today=datetime.date(2025, 3, 10)) == []
        assert programme.action_days.count() == 8

    def test_a_cancelled_day_is_not_reopened_by_the_job(self, programme, action_day, coordinator):
        services.action_day_cancel(action_day=action_day, reason="Bão số 3", actor=coordinator)
        services.action_days_ensure(programme=programme, today=datetime.date(2025, 3, 10))
        action_day.refresh_from_db()
        assert action_day.status == ActionDay.Status.CANCELLED
        assert programme.action_days.filter(date=SATURDAY).count() == 1

    def test_periodic_task_runs_the_service(self, programme, frozen_monday):
        assert action_days_keep_open() == 8
        assert action_days_keep_open() == 0

    def test_cancel_needs_a_reason_and_happens_once(self, action_day, coordinator):
        with pytest.raises(ValidationError):
            services.action_day_cancel(action_day=action_day, reason="  ", actor=coordinator)
        services.action_day_cancel(action_day=action_day, reason="Nghỉ Tết", actor=coordinator)
        with pytest.raises(ValidationError):
            services.action_day_cancel(action_day=action_day, reason="Nghỉ Tết", actor=coordinator)
        assert AuditEntry.objects.filter(action="action_day.cancel").count() == 1

    def test_holidays_are_proposed_for_cancellation(self, programme):
        tet = ActionDay.objects.create(programme=programme, date=datetime.date(2025, 2, 1))  # mùng 4 Tết
        # Saturday 30/08/2025 opens the long weekend of Quốc khánh (Monday 1/9, Tuesday 2/9).
        national = ActionDay.objects.create(programme=programme, date=datetime.date(2025, 8, 30))
        ordinary = ActionDay.objects.create(programme=programme, date=datetime.date(2025, 3, 15))
        proposals = services.holiday_proposals(action_days=[tet, national, ordinary])
        assert "Tết" in proposals[tet.pk]
        assert ordinary.pk not in proposals
        assert proposals[national.pk] == "Quốc khánh"

    def test_extra_day_once(self, programme, coordinator):
        launch = services.action_day_add_extra(programme=programme, date=datetime.date(2023, 2, 25),
                                               title="Lễ ra quân", actor=coordinator)
        assert launch.kind == ActionDay.Kind.EXTRA
        with pytest.raises(ValidationError, match="25/02/2023"):
            services.action_day_add_extra(programme=programme, date=datetime.date(2023, 2, 25), actor=coordinator)


class TestProgrammeViews:
    def test_coordinator_changes_settings(self, login, coordinator, programme):
        client = login(coordinator)
        page = client.get(reverse("campaigns:programme_settings"))
        assert "Hạn gửi danh sách: số ngày trước ngày ra quân" in page.content.decode()
        data = {"name": programme.name, "action_weekday": 6, "roster_deadline_days_before": 3,
                "roster_deadline_time": "17:00", "filing_deadline_days_after": 1, "filing_deadline_time": "20:00",
                "rollup_weekday": 0, "rollup_time": "07:30", "low_participation_threshold": "25", "is_active": "on"}
        response = client.post(reverse("campaigns:programme_settings"), data)
        assert response.status_code == 302
        programme.refresh_from_db()
        assert (programme.action_weekday, programme.roster_deadline_time) == (6, datetime.time(17, 0))

    def test_settings_are_the_coordinators(self, login, leader, commune_officer, focal_point, programme):
        for user in (leader, commune_officer, focal_point):
            assert login(user).get(reverse("campaigns:programme_settings")).status_code == 403

    def test_coordinator_cancels_and_adds_days(self, login, coordinator, action_day, frozen_monday):
        client = login(coordinator)
        client.post(reverse("campaigns:action_day_cancel", args=[action_day.pk]), {"reason": "Bão số 3"})
        action_day.refresh_from_db()
        assert (action_day.status, action_day.cancel_reason) == ("cancelled", "Bão số 3")
        client.post(reverse("campaigns:action_day_add"), {"date": "2025-03-19", "title": "Ra quân bổ sung"})
        extra = ActionDay.objects.get(date=datetime.date(2025, 3, 19))
        assert extra.kind == "extra" and extra.title == "Ra quân bổ sung"
        page = client.get(reverse("campaigns:action_day_list")).content.decode()
        assert "Bão số 3" in page and "19/03/2025" in page

    def test_leader_reads_the_days_but_cannot_cancel(self, login, leader, action_day, frozen_monday):
        client = login(leader)
        assert "15/03/2025" in client.get(reverse("campaigns:action_day_list")).content.decode()
        response = client.post(reverse("campaigns:action_day_cancel", args=[action_day.pk]), {"reason": "x"})
        assert response.status_code == 403
        action_day.refresh_from_db()
        assert action_day.status == "open"

    def test_another_districts_day_is_404(self, login, coordinator, action_day):
        from directory.models import District

        other = District.objects.create(name="Bảo Lâm", kind="huyen", level="district", parent=action_day.programme.owner.parent)
        day = ActionDay.objects.create(programme=Programme.objects.create(owner=other), date=SATURDAY)
        response = login(coordinator).post(reverse("campaigns:action_day_cancel", args=[day.pk]), {"reason": "x"})
        assert response.status_code == 404

    def test_list_proposes_tet(self, login, coordinator, programme):
        import time_machine

        ActionDay.objects.create(programme=programme, date=datetime.date(2025, 2, 1))
        with time_machine.travel(datetime.datetime(2025, 1, 20, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))):
            page = login(coordinator).get(reverse("campaigns:action_day_list")).content.decode()
        assert "Đề xuất tạm hoãn: Mùng" in page
