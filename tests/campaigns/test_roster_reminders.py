"""Tuesday reminders and the Thursday list of missing rosters: e-mail + in-portal notice, each sent once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import RosterReminder
from campaigns.services.rosters import EntryLine, roster_save
from campaigns.tasks import roster_missing_lists, roster_reminders
from ntm_portal.models import Notice

from .conftest import VN

pytestmark = pytest.mark.django_db

TUESDAY = datetime.datetime(2025, 3, 11, 7, 0, tzinfo=VN)
THURSDAY = datetime.datetime(2025, 3, 13, 7, 0, tzinfo=VN)


@pytest.fixture
def week(agency, other_agency, focal_point, other_focal_point, coordinator, commune_officer, other_commune_officer,
         hoa_ninh, action_day):
    """Phòng TC-KH (Hòa Ninh) has sent; Hội Nông dân (Gia Bắc) has not."""
    roster_save(agency=agency, commune=hoa_ninh, action_day=action_day,
                lines=[EntryLine.of(agency.staff.first())], actor=focal_point,
                now=datetime.datetime(2025, 3, 10, 9, 0, tzinfo=VN))
    return action_day


def test_tuesday_reminds_only_agencies_without_a_roster_and_only_once(django_capture_on_commit_callbacks, week, other_focal_point, focal_point,
                                                                      other_agency, time_machine):
    time_machine.move_to(TUESDAY, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_reminders() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {other_focal_point.email, other_agency.email}
    assert "Xã Gia Bắc" in message.body and "23:59 12/03/2025" in message.body
    notice = Notice.objects.get(user=other_focal_point)
    assert notice.title == "Nhắc gửi danh sách tham gia ngày 15/03/2025"
    assert not Notice.objects.filter(user=focal_point).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_reminders() == 0  # a rerun sends nothing new
    assert len(mail.outbox) == 1 and Notice.objects.count() == 1
    assert RosterReminder.objects.count() == 1


def test_thursday_lists_missing_rosters_to_coordinator_and_commune(django_capture_on_commit_callbacks, week, coordinator, other_commune_officer,
                                                                   commune_officer, time_machine):
    time_machine.move_to(THURSDAY, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_missing_lists() == 2  # the district and Gia Bắc; Hòa Ninh has everything
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert recipients == sorted([(coordinator.email,), (other_commune_officer.email,)])
    for message in mail.outbox:
        assert "Hội Nông dân huyện → Xã Gia Bắc" in message.body
    assert not Notice.objects.filter(user=commune_officer).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_missing_lists() == 0
    assert len(mail.outbox) == 2 and Notice.objects.count() == 2


def test_no_reminder_on_the_wrong_side_of_the_deadline(week, time_machine):
    time_machine.move_to(THURSDAY, tick=False)
    assert roster_reminders() == 0
    time_machine.move_to(TUESDAY, tick=False)
    assert roster_missing_lists() == 0
    assert RosterReminder.objects.count() == 0


def test_notice_shows_on_home_and_is_marked_read(django_capture_on_commit_callbacks, week, other_focal_point, login, time_machine):
    time_machine.move_to(TUESDAY, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        roster_reminders()
    client = login(other_focal_point)
    home = client.get(reverse("home")).content.decode()
    assert "Thông báo chưa đọc" in home and "Nhắc gửi danh sách tham gia ngày 15/03/2025" in home
    assert "Thông báo (1)" in home  # the navigation
    notice = Notice.objects.get(user=other_focal_point)
    response = client.post(reverse("notice_read", args=[notice.pk]))
    assert response.url == notice.url == reverse("campaigns:agency_rosters", args=[notice.user.memberships.get().agency_id])
    notice.refresh_from_db()
    assert notice.read_at is not None
    home = client.get(reverse("home")).content.decode()
    assert "Thông báo chưa đọc" not in home and "Thông báo (1)" not in home


def test_someone_elses_notice_is_404(django_capture_on_commit_callbacks, week, other_focal_point, focal_point, login, time_machine):
    time_machine.move_to(TUESDAY, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        roster_reminders()
    notice = Notice.objects.get(user=other_focal_point)
    assert login(focal_point).post(reverse("notice_read", args=[notice.pk])).status_code == 404


def test_a_cancelled_saturday_brings_no_reminder_for_the_one_after(django_capture_on_commit_callbacks, week,
                                                                   programme, coordinator, time_machine):
    from campaigns.models import ActionDay
    from campaigns.services.programme import action_day_cancel

    next_week = ActionDay.objects.create(programme=programme, date=week.date + datetime.timedelta(weeks=1))
    action_day_cancel(action_day=week, reason="Nghỉ lễ", actor=coordinator)
    time_machine.move_to(TUESDAY, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_reminders() == 0  # 15/03 is cancelled; 22/03 is due 19/03, more than a week away
    time_machine.move_to(TUESDAY + datetime.timedelta(weeks=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_reminders() == 2  # both agencies owe the roster of 22/03
    assert {r.action_day_id for r in RosterReminder.objects.all()} == {next_week.pk}
    assert "22/03/2025" in mail.outbox[0].subject
