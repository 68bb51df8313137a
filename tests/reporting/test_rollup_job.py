"""The Monday job: builds version 1 once, e-mails it once with both files, survives crashes and
retries, tells the coordinators when it gives up."""

import datetime
import hashlib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from campaigns.models import ActionDay
from ntm_portal.models import AuditEntry
from reporting import services
from reporting.models import RollUp, RollupRecipient
from reporting.services import rollup_build, rollup_ensure_first, rollup_moment, rollup_send, rollups_due
from reporting.tasks import rollup_build_task, rollup_run, rollups_due_task
from tests.reporting.conftest import MONDAY_0800, VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipients(district):
    return [RollupRecipient.objects.create(district=district, name="Phòng NN&PTNT", email="nn@example.vn"),
            RollupRecipient.objects.create(district=district, name="Huyện ủy", email="hu@example.vn"),
            RollupRecipient.objects.create(district=district, name="Cũ", email="old@example.vn", is_active=False)]


def attachments(message):
    return {name: (content, mimetype) for name, content, mimetype in message.attachments}


def test_moment_follows_the_programme(programme):
    assert rollup_moment(programme, MONDAY_0800) == datetime.datetime(2025, 3, 17, 7, 30, tzinfo=VN)
    assert rollup_moment(programme, MONDAY_0800.replace(hour=7)) == datetime.datetime(2025, 3, 10, 7, 30, tzinfo=VN)
    programme.rollup_weekday, programme.rollup_time = 6, datetime.time(18, 0)  # Sunday 18:00
    assert rollup_moment(programme, MONDAY_0800) == datetime.datetime(2025, 3, 16, 18, 0, tzinfo=VN)


def test_the_monday_job_builds_and_sends_once(week, action_day, previous_day, recipients, coordinator,
                                              django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY_0800.replace(hour=7, minute=29), tick=False), \
         django_capture_on_commit_callbacks(execute=True):
        rollups_due_task.delay()
    # Before 07:30 the last roll-up moment was a week ago: that week's day (caught up), not this one.
    assert list(RollUp.objects.values_list("action_day_id", flat=True)) == [previous_day.pk]
    mail.outbox.clear()
    with time_machine.travel(MONDAY_0800, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert rollups_due_task.delay().get() == 1
        rollups_due_task.delay()  # the next quarter hour, a second beat, a rerun: nothing new
        rollups_due_task.delay()
    assert RollUp.objects.count() == 2
    rollup = RollUp.objects.get(action_day=action_day)
    assert (rollup.version, rollup.status, rollup.trigger) == (1, RollUp.Status.READY, RollUp.Trigger.SCHEDULE)
    assert rollup.emailed_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["hu@example.vn", "nn@example.vn"]
    files = attachments(message)
    pdf_name, xlsx_name = f"{rollup.file_stem()}.pdf", f"{rollup.file_stem()}.xlsx"
    assert files[pdf_name][0].startswith(b"%PDF") and files[pdf_name][1] == "application/pdf"
    assert files[xlsx_name][0][:2] == b"PK"
    assert hashlib.sha256(files[pdf_name][0]).hexdigest() == rollup.pdf_sha256
    assert hashlib.sha256(files[xlsx_name][0]).hexdigest() == rollup.xlsx_sha256
    assert "15/03/2025" in message.subject


def test_cancelled_days_are_skipped(week, action_day, previous_day, recipients):
    ActionDay.objects.filter(pk=action_day.pk).update(status=ActionDay.Status.CANCELLED, cancel_reason="Bão")
    with time_machine.travel(MONDAY_0800, tick=False):
        rollups_due()
    assert list(RollUp.objects.values_list("action_day_id", flat=True)) == [previous_day.pk]


def test_two_workers_make_one_rollup_and_one_email(week, district, action_day, recipients):
    first, created_first = rollup_ensure_first(district=district, action_day=action_day)
    second, created_second = rollup_ensure_first(district=district, action_day=action_day)
    assert first.pk == second.pk and (created_first, created_second) == (True, False)
    rollup_build(rollup=first)
    rollup_build(rollup=second)  # already built: nothing to do
    assert [rollup_send(rollup=first), rollup_send(rollup=second)] == [True, False]
    assert RollUp.objects.count() == 1 and len(mail.outbox) == 1
    # one audit row per change, none for the calls that found the work done
    assert sorted(AuditEntry.objects.filter(action__startswith="rollup.").values_list("action", flat=True)) == [
        "rollup.build", "rollup.create", "rollup.send"]


def test_retry_after_a_crash_in_the_middle(week, district, action_day, recipients):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    with mock.patch("reporting.services.rollup_xlsx", side_effect=MemoryError("worker killed")):
        with pytest.raises(MemoryError):
            rollup_run(rollup.pk, send=True)
    rollup.refresh_from_db()
    assert rollup.status == RollUp.Status.BUILDING and rollup.emailed_at is None and len(mail.outbox) == 0
    assert rollup_run(rollup.pk, send=True) == "sent"
    assert rollup_run(rollup.pk, send=True) == "built"  # a redelivered message after success
    rollup.refresh_from_db()
    assert rollup.status == RollUp.Status.READY and rollup.attempts == 2 and len(mail.outbox) == 1


def test_a_failed_send_is_rolled_back_and_retried(week, district, action_day, recipients):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    rollup = rollup_build(rollup=rollup)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        with pytest.raises(ConnectionRefusedError):
            rollup_send(rollup=rollup)
    rollup.refresh_from_db()
    assert rollup.emailed_at is None
    assert rollup_send(rollup=rollup) is True
    assert len(mail.outbox) == 1


def test_after_the_last_retry_the_coordinator_is_told(week, district, action_day, recipients, coordinator):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    with mock.patch("reporting.tasks.rollup_build", side_effect=OSError("disk full")):
        assert rollup_build_task.apply(args=[rollup.pk], kwargs={"send": True}).get() == "failed"
    rollup.refresh_from_db()
    assert rollup.status == RollUp.Status.FAILED and "disk full" in rollup.error
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email] and "disk full" in mail.outbox[0].body
    assert services.rollup_fail(rollup_id=rollup.pk, error="again") is False  # told once


def test_the_task_retries_with_backoff_before_giving_up(week, district, action_day):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    rollup_build_task.push_request(retries=1, is_eager=False)
    try:
        with mock.patch("reporting.tasks.rollup_run", side_effect=OSError("busy")), \
             mock.patch.object(rollup_build_task, "retry", side_effect=RuntimeError("retry")) as retry:
            with pytest.raises(RuntimeError):
                rollup_build_task.run(rollup.pk, send=True)
    finally:
        rollup_build_task.pop_request()
    assert retry.call_args.kwargs["countdown"] == 120
    assert RollUp.objects.get(pk=rollup.pk).status == RollUp.Status.BUILDING


def test_new_version_needs_a_reason_and_keeps_history(week, district, action_day, coordinator):
    first = services.rollup_request(district=district, action_day=action_day, actor=coordinator, enqueue=False)
    rollup_build(rollup=first)
    with pytest.raises(services.ValidationError):
        services.rollup_request(district=district, action_day=action_day, actor=coordinator, enqueue=False)
    second = services.rollup_request(district=district, action_day=action_day, actor=coordinator,
                                     reason="Xã Gia Bắc báo cáo bổ sung", enqueue=False)
    assert second.version == 2
    with pytest.raises(services.RollupBusy):
        services.rollup_request(district=district, action_day=action_day, actor=coordinator, reason="nữa",
                                enqueue=False)
    assert list(RollUp.objects.order_by("version").values_list("version", "reason")) == [
        (1, ""), (2, "Xã Gia Bắc báo cáo bổ sung")]


def test_command_prints_the_paths(week, district, action_day, tmp_path, capsys):
    call_command("build_rollup", district="679", date="2025-03-15", out=str(tmp_path))
    lines = capsys.readouterr().out.split()
    assert [p.rsplit(".", 1)[1] for p in lines] == ["pdf", "xlsx"]
    assert open(lines[0], "rb").read(4) == b"%PDF"
    rollup = RollUp.objects.get()
    assert rollup.trigger == RollUp.Trigger.COMMAND and rollup.status == RollUp.Status.READY
    assert hashlib.sha256(open(lines[1], "rb").read()).hexdigest() == rollup.xlsx_sha256


def test_a_rollup_built_by_hand_before_monday_is_sent_by_the_job(week, district, action_day, recipients,
                                                                 coordinator, django_capture_on_commit_callbacks):
    rollup = services.rollup_request(district=district, action_day=action_day, actor=coordinator, enqueue=False)
    rollup_build(rollup=rollup)
    with time_machine.travel(MONDAY_0800, tick=False):
        assert rollups_due() == [rollup.pk]
        with django_capture_on_commit_callbacks(execute=True):
            rollups_due_task.delay()
        assert rollups_due() == []
    assert len(mail.outbox) == 1 and RollUp.objects.filter(action_day=action_day).count() == 1


def test_without_recipients_nothing_is_requeued(week, district, action_day):
    with time_machine.travel(MONDAY_0800, tick=False):
        first = rollups_due()
        rollup_build(rollup=RollUp.objects.get(pk=first[-1]))
        assert rollups_due() == []


def test_a_rollup_stuck_in_building_is_queued_again(week, district, action_day, coordinator,
                                                    django_capture_on_commit_callbacks):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    RollUp.objects.filter(pk=rollup.pk).update(created_at=rollup.created_at - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.rollup_request(district=district, action_day=action_day, actor=coordinator)
    assert again.pk == rollup.pk
    assert RollUp.objects.get(pk=rollup.pk).status == RollUp.Status.READY and RollUp.objects.count() == 1


def test_the_monday_job_sends_the_latest_version(week, district, action_day, recipients, coordinator,
                                                 django_capture_on_commit_callbacks):
    """A coordinator rebuilt the day before Monday (a commune filed late): the office receives version 2."""
    first, _ = rollup_ensure_first(district=district, action_day=action_day, trigger=RollUp.Trigger.MANUAL)
    rollup_build(rollup=first)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.rollup_request(district=district, action_day=action_day, actor=coordinator,
                                         reason="Xã Hòa Trung báo cáo bổ sung")
    assert RollUp.objects.get(pk=second.pk).status == RollUp.Status.READY
    mail.outbox.clear()
    with time_machine.travel(MONDAY_0800, tick=False), django_capture_on_commit_callbacks(execute=True):
        rollups_due_task.delay()
        rollups_due_task.delay()
    assert len(mail.outbox) == 1
    second.refresh_from_db()
    files = attachments(mail.outbox[0])
    assert set(files) == {f"{second.file_stem()}.pdf", f"{second.file_stem()}.xlsx"}
    assert hashlib.sha256(files[f"{second.file_stem()}.pdf"][0]).hexdigest() == second.pdf_sha256
    assert RollUp.objects.get(pk=first.pk).emailed_at is None and second.emailed_at is not None


def test_a_rebuild_leaves_no_orphan_files(week, district, action_day, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    rollup = rollup_build(rollup=rollup)
    folder = tmp_path / "tong-hop" / f"{action_day.date:%Y}"
    before = sorted(p.name for p in folder.iterdir())
    assert before == [f"{rollup.file_stem()}.pdf", f"{rollup.file_stem()}.xlsx"]
    # A crash after the files were written: the row is still BUILDING and the job builds again.
    RollUp.objects.filter(pk=rollup.pk).update(status=RollUp.Status.BUILDING)
    rollup = rollup_build(rollup=rollup)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert rollup.pdf.name == f"tong-hop/{action_day.date:%Y}/{rollup.file_stem()}.pdf"
