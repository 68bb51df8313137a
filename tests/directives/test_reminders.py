"""Reminders: N days before a deadline and on the day, by e-mail and in-portal notice, once each."""

import datetime

import pytest
from django.core import mail

from directives.models import ReminderKind, TaskReminder, TaskState
from directives.services import deadline_extend, progress_report, reminder_send, reminders_due
from directives.tasks import task_reminders_task
from ntm_portal.models import AuditEntry, Notice

pytestmark = pytest.mark.django_db


def _run(today):
    return sum(reminder_send(deadline_id=pk, today=today) for pk in reminders_due(today))


def test_before_and_on_the_day_once_each(tasks, focal_point, agency, settings):
    settings.DIRECTIVES_REMIND_DAYS_BEFORE = 3
    deadline = tasks["7"].deadlines.get()  # due 30/11/2026, Phòng Tài chính - Kế hoạch
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 26)) is False  # 4 days before
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 27)) is True
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 27)) is False  # run twice
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 28)) is False  # next morning
    assert len(mail.outbox) == 1 and mail.outbox[0].to == sorted([focal_point.email, agency.email])
    assert "30/11/2026" in mail.outbox[0].subject and "Xây dựng cơ chế hỗ trợ" in mail.outbox[0].body
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 30)) is True
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 30)) is False
    assert len(mail.outbox) == 2 and "Hôm nay (30/11/2026)" in mail.outbox[1].subject
    assert list(TaskReminder.objects.filter(deadline=deadline).order_by("pk").values_list("kind", flat=True)) == [
        ReminderKind.BEFORE, ReminderKind.ON_DAY]
    assert Notice.objects.filter(user=focal_point).count() == 2
    assert AuditEntry.objects.filter(action="directives.reminder", target_id=str(deadline.pk)).count() == 2
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 12, 1)) is False  # after the day


def test_the_periodic_job_reminds_each_lead_once(tasks, commune_officer, other_commune_officer, settings):
    settings.DIRECTIVES_REMIND_DAYS_BEFORE = 3
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 22, 7, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
                             tick=False):
        assert task_reminders_task() == 2  # the two communes' tasks due 25/11
        assert task_reminders_task() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([commune_officer.email, other_commune_officer.email])


def test_a_done_task_is_not_reminded_and_an_extended_one_is_reminded_again(tasks, focal_point, coordinator):
    deadline = tasks["7"].deadlines.get()
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 30)) is True
    deadline_extend(deadline=deadline, new_due_on=datetime.date(2026, 12, 15), reason="Chờ ý kiến", actor=coordinator)
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 12, 15)) is True  # the new date
    other = tasks["1"].deadlines.get()
    progress_report(deadline=other, state=TaskState.DONE, text="Xong", actor=coordinator)
    assert reminder_send(deadline_id=other.pk, today=datetime.date(2026, 12, 10)) is False
    assert other.pk not in reminders_due(datetime.date(2026, 12, 10))


def test_a_refused_mail_leaves_no_marker(tasks, settings, monkeypatch):
    from django.core.mail import EmailMessage

    deadline = tasks["7"].deadlines.get()

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(ConnectionRefusedError):
        reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 30))
    assert not TaskReminder.objects.exists() and not Notice.objects.exists()
    monkeypatch.undo()
    assert reminder_send(deadline_id=deadline.pk, today=datetime.date(2026, 11, 30)) is True
