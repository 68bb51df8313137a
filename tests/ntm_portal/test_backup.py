"""Backups: the set written, the nightly job's idempotency, retention, alerts, and the coordinator's page.

The whole backup → drop → restore drill runs on PostgreSQL in tests/integration/test_backup_drill.py.
"""

import datetime
import hashlib
import json
import os
import shutil
import tarfile
import zoneinfo

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ntm_portal.backup import archive, services
from ntm_portal.backup.services import backup_check, backup_create, backup_scheduled, retention_keep
from ntm_portal.models import AuditEntry, BackupRun
from reporting.schedule import PERIODIC_JOBS
from tests.conftest import require_service

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def places(settings, tmp_path):
    """Media and backups in folders of their own, empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.STORAGES = {**settings.STORAGES, "backups": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "backups", "base_url": None}}}
    settings.BACKUP_AGE_RECIPIENTS = []
    return tmp_path


@pytest.fixture
def photo(places):
    content = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    name = default_storage.save("bao-cao/2026/11/anh-thon-1.jpg", ContentFile(content))
    return name, hashlib.sha256(content).hexdigest()


def _run(started_at, **kwargs):
    return BackupRun.objects.create(status=BackupRun.Status.SUCCEEDED, started_at=started_at,
                                    finished_at=started_at, **kwargs)


# The tests that back up commit: pg_dump is another process, and SQLite's online backup would wait
# for the test's open transaction to end.
commits = pytest.mark.django_db(transaction=True)


@commits
def test_backup_writes_the_database_the_media_and_a_manifest(places, photo):
    run = backup_create()

    run.refresh_from_db()
    dump = archive.DB_DUMP[connection.vendor]  # database.dump (pg_dump) or database.sqlite3
    assert run.status == BackupRun.Status.SUCCEEDED and run.engine == connection.vendor
    folder = places / "backups" / run.name
    assert sorted(p.name for p in folder.iterdir()) == sorted([dump, "manifest.json", "media.tar"])
    manifest = json.loads((folder / "manifest.json").read_text())
    # The counts are those of the copy: every table as now, but the audit row of the backup itself.
    now = archive.table_counts()
    assert manifest["database"]["tables"] == {**now, "ntm_portal_auditentry": now["ntm_portal_auditentry"] - 1}
    assert manifest["database"]["tables"]["ntm_portal_backuprun"] == 1
    assert manifest["media"]["folders"] == {"bao-cao/2026": {"files": 1, "bytes": 10244}}
    for name, entry in manifest["files"].items():
        assert archive.sha256_file(folder / name) == entry["sha256"]
        assert (folder / name).stat().st_size == entry["bytes"]
    with tarfile.open(folder / "media.tar") as tar:
        data = tar.extractfile("bao-cao/2026/11/anh-thon-1.jpg").read()
    assert hashlib.sha256(data).hexdigest() == photo[1]
    assert run.database_bytes == (folder / dump).stat().st_size
    assert run.media_files == 1 and run.media_bytes == (folder / "media.tar").stat().st_size
    entry = AuditEntry.objects.get(action="backup.create")
    assert entry.target_id == str(run.pk) and entry.changes["bytes"] == [None, run.total_bytes]


@commits
def test_the_media_archive_restores_byte_for_byte_into_an_empty_storage(places, photo):
    backup_create()
    run = BackupRun.objects.get()
    empty = FileSystemStorage(location=places / "other-media")
    folders = archive.media_restore(empty, places / "backups" / run.name / "media.tar")
    assert folders == {"bao-cao/2026": {"files": 1, "bytes": 10244}}
    with empty.open(photo[0], "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == photo[1]
    with pytest.raises(archive.ArchiveError, match="already exists"):
        archive.media_restore(empty, places / "backups" / run.name / "media.tar")


@commits
def test_an_encrypted_set_is_unreadable_without_the_key_and_restores_with_it(places, photo, settings):
    require_service(shutil.which("age") is not None and shutil.which("age-keygen") is not None,
                    "the age tool (Debian package age)")
    import subprocess

    key = places / "key.txt"
    public = subprocess.run(["age-keygen", "-o", str(key)], capture_output=True, text=True, check=True).stderr
    settings.BACKUP_AGE_RECIPIENTS = [public.split(":", 1)[1].strip()]
    run = backup_create()
    folder = places / "backups" / run.name
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [archive.DB_DUMP[connection.vendor] + ".age", "manifest.json", "media.tar.age"])
    assert run.encrypted
    assert b"anh-thon-1.jpg" not in (folder / "media.tar.age").read_bytes()
    work = places / "work"
    work.mkdir()
    shutil.copy(folder / "media.tar.age", work)
    with pytest.raises(archive.ArchiveError, match="--identity"):
        archive.age_decrypt(work / "media.tar.age", "")
    plain = archive.age_decrypt(work / "media.tar.age", str(key))
    with tarfile.open(plain) as tar:
        assert hashlib.sha256(tar.extractfile(photo[0]).read()).hexdigest() == photo[1]


@commits
def test_the_nightly_job_makes_one_backup_per_day_whatever_the_reruns(places):
    night = datetime.datetime(2026, 11, 30, 1, 30, tzinfo=VN)
    first = backup_scheduled(now=night)
    assert first is not None and first.slot == "2026-11-30"
    assert backup_scheduled(now=night + datetime.timedelta(minutes=20)) is None  # redelivered message
    assert BackupRun.objects.filter(trigger=BackupRun.Trigger.SCHEDULE).count() == 1
    assert backup_scheduled(now=night + datetime.timedelta(days=1)).slot == "2026-12-01"


def test_a_failed_backup_is_recorded_and_emails_the_coordinators_once(db, places, coordinator, leader,
                                                                      monkeypatch):
    def broken(path, *, timeout=None):
        raise archive.ArchiveError("pg_dump exited with 1: connection refused")

    monkeypatch.setattr(archive, "database_dump", broken)
    with pytest.raises(services.BackupFailed):
        backup_scheduled()

    run = BackupRun.objects.get()
    assert run.status == BackupRun.Status.FAILED and "connection refused" in run.error and run.alerted_at
    assert not list(archive.storage_names(services.backup_storage()))  # nothing half-written left behind
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]  # the coordinators, not the leader
    assert message.subject.startswith("[NTM] Sao lưu dữ liệu không thành công lúc")
    assert "connection refused" in message.body and "Chưa có bản sao lưu thành công nào." in message.body
    assert services.backup_fail(run_id=run.pk, error="again") is False
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="backup.fail", target_id=str(run.pk)).count() == 1
    # The failed night leaves its slot free: the office can run it again the same day.
    assert services._start(trigger=BackupRun.Trigger.SCHEDULE, slot=run.slot) is not None


def test_a_missing_backup_emails_the_coordinators_once(db, places, coordinator):
    now = timezone.now()
    last = _run(now - datetime.timedelta(hours=30), name="ntm-old", database_bytes=2_000_000, media_bytes=500_000)

    assert backup_check(now=now) == "alerted"
    assert backup_check(now=now + datetime.timedelta(hours=1)) == "already told"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email]
    assert "Đã quá 26 giờ mà hệ thống chưa có bản sao lưu dữ liệu mới." in mail.outbox[0].body
    assert "Bản sao lưu thành công gần nhất:" in mail.outbox[0].body and "(2,4\xa0MB)" in mail.outbox[0].body
    missed = BackupRun.objects.get(status=BackupRun.Status.MISSED)
    assert missed.slot == f"after-{last.pk}"
    # A new success ends the episode; the next gap is told again.
    _run(now + datetime.timedelta(hours=2))
    assert backup_check(now=now + datetime.timedelta(hours=3)) == "ok"
    assert backup_check(now=now + datetime.timedelta(hours=40)) == "alerted"
    assert len(mail.outbox) == 2


def test_a_backup_killed_mid_way_counts_as_failed_and_is_told_once(db, places, coordinator):
    now = timezone.now()
    BackupRun.objects.create(started_at=now - datetime.timedelta(hours=4), name="ntm-killed")
    _run(now - datetime.timedelta(hours=28))
    assert backup_check(now=now) == "already told"  # the kill was told; no second mail for the same gap
    assert BackupRun.objects.get(name="ntm-killed").status == BackupRun.Status.FAILED
    assert len(mail.outbox) == 1 and "dừng giữa chừng" in mail.outbox[0].body


def test_retention_keeps_14_daily_8_weekly_12_monthly():
    start = datetime.datetime(2025, 1, 1, 1, 30, tzinfo=VN)
    moments = [(i, start + datetime.timedelta(days=i)) for i in range(500)]  # one backup a night
    now = moments[-1][1]
    assert now.date() == datetime.date(2026, 5, 15)  # a Friday
    keep = retention_keep(moments, daily=14, weekly=8, monthly=12, now=now)
    kept = {moments[i][1].date() for i in keep}
    daily = {now.date() - datetime.timedelta(days=d) for d in range(14)}
    # The newest of each ISO week: this Friday, then the Sundays of the 7 weeks before.
    weekly = {now.date()} | {datetime.date(2026, 5, 10) - datetime.timedelta(weeks=w) for w in range(7)}
    # The newest of each month: this one, then the last day of the 11 months before (June 2025 on).
    monthly = {now.date()} | {datetime.date(y, m + 1, 1) - datetime.timedelta(days=1) if m < 12
                              else datetime.date(y, 12, 31)
                              for y, m in [(2025, m) for m in range(6, 13)] + [(2026, m) for m in range(1, 5)]}
    assert kept == daily | weekly | monthly
    assert len(kept) == 14 + 5 + 11  # two of the weekly Sundays fall in the last 14 days


@commits
def test_retention_keeps_the_last_two_days_and_the_backups_before_migrations(places, settings):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 1, 0, 0
    now = timezone.now()
    old = _run(now - datetime.timedelta(days=5), name="ntm-old")
    before_migrate = _run(now - datetime.timedelta(days=6), name="ntm-premigrate",
                          trigger=BackupRun.Trigger.BEFORE_MIGRATE)
    recent = _run(now - datetime.timedelta(hours=30), name="ntm-recent")
    storage = services.backup_storage()
    for run in (old, before_migrate, recent):
        storage.save(f"{run.name}/manifest.json", ContentFile(b"{}"))
    newest = backup_create()

    assert not (places / "backups" / "ntm-old").exists()
    old.refresh_from_db()
    assert old.pruned_at is not None and old.status == BackupRun.Status.SUCCEEDED  # the row stays
    for run in (before_migrate, recent, newest):
        run.refresh_from_db()
        assert run.pruned_at is None and (places / "backups" / run.name).is_dir()
    assert AuditEntry.objects.filter(action="backup.prune").count() == 1


@commits
def test_restore_refuses_a_database_that_is_not_empty(places):
    backup_create()
    with pytest.raises(services.RestoreRefused, match="chưa trống"):
        services.backup_restore(source=BackupRun.objects.get().name)


def test_the_schedule_declares_the_nightly_backup_and_the_hourly_check():
    jobs = {job.task: job for job in PERIODIC_JOBS}
    assert jobs["ntm_portal.backup_run"].crontab == {"minute": 30, "hour": 1}
    assert jobs["ntm_portal.backup_check"].crontab == {"minute": 5}


class TestCoordinatorPage:
    def test_it_shows_the_last_successful_backup_and_its_size(self, login, coordinator, places):
        at = datetime.datetime(2026, 11, 29, 1, 30, tzinfo=VN)
        _run(at, name="ntm-a", database_bytes=3 * 1024 * 1024, media_bytes=2 * 1024 * 1024, media_files=1234,
             destination="/backups")
        BackupRun.objects.create(status=BackupRun.Status.FAILED, started_at=at - datetime.timedelta(days=1),
                                 error="old failure")
        response = login(coordinator).get(reverse("home"))
        text = response.content.decode()
        assert "Sao lưu dữ liệu" in text
        assert "Bản sao lưu thành công gần nhất: <strong>01:30 29/11/2026</strong>" in text
        assert "dung lượng <strong>5,0\xa0MB</strong>" in text and "1.234 tệp đính kèm" in text
        assert "old failure" not in text  # a failure before the last success is over

    def test_it_shows_a_failure_after_the_last_success(self, login, coordinator, places):
        _run(timezone.now() - datetime.timedelta(days=2), name="ntm-a")
        BackupRun.objects.create(status=BackupRun.Status.FAILED, error="No space left on device")
        text = login(coordinator).get(reverse("home")).content.decode()
        assert "alert-danger" in text and "No space left on device" in text

    def test_it_warns_when_there_was_never_a_backup(self, login, coordinator, places):
        assert "Chưa có bản sao lưu thành công nào." in login(coordinator).get(reverse("home")).content.decode()

    def test_other_roles_do_not_see_it(self, login, commune_officer, leader, places):
        _run(timezone.now(), name="ntm-a")
        for user in (commune_officer, leader):
            assert "Sao lưu dữ liệu" not in login(user).get(reverse("home")).content.decode()


@commits
def test_before_a_migration_it_backs_up_only_when_a_migration_is_pending(places, monkeypatch):
    monkeypatch.setattr(services, "migrations_pending", lambda: False)
    assert services.backup_before_migrate() is None  # docker/entrypoint.sh on an up-to-date database
    monkeypatch.setattr(services, "migrations_pending", lambda: True)
    run = services.backup_before_migrate()
    assert run.trigger == BackupRun.Trigger.BEFORE_MIGRATE and run.status == BackupRun.Status.SUCCEEDED
    assert (places / "backups" / run.name / "manifest.json").exists()


def test_nothing_is_pending_on_the_migrated_test_database(db):
    assert services.migrations_pending() is False


def test_make_run_sqlite_set_copied_to_another_machine_restores_whole(tmp_path):
    """`make run` (SQLite): back up, copy the set folder elsewhere, restore it by path into a new
    SQLite file and an empty media folder — as README "test a restore on another machine" says."""
    import sqlite3
    import subprocess
    import sys

    from tests.integration.conftest import ROOT

    def manage(env, *args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "DJANGO_SETTINGS_MODULE": "ntm_portal.settings.local",
                                     "REDIS_URL": "", **env}, timeout=300)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        return result.stdout

    office = {"DATABASE_URL": f"sqlite:///{tmp_path / 'office.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media"),
              "BACKUP_DIR": str(tmp_path / "backups")}
    manage(office, "migrate", "--noinput", "-v0")
    manage(office, "load_territory", "-v0")
    evidence = tmp_path / "media" / "criteria" / "evidence" / "7"
    evidence.mkdir(parents=True)
    (evidence / "bien-ban.pdf").write_bytes(b"%PDF-1.4 bien ban " * 100)
    assert "Đã sao lưu" in manage(office, "backup")
    (set_folder,) = (tmp_path / "backups").iterdir()
    usb = tmp_path / "usb" / set_folder.name
    shutil.copytree(set_folder, usb)

    elsewhere = {"DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media2"),
                 "BACKUP_DIR": str(tmp_path / "nothing-here")}
    out = manage(elsewhere, "restore", str(usb))
    assert "Khớp với bản kê của bản sao lưu." in out and "KHÁC" not in out
    assert "directory_administrativeunit" in out and "criteria/evidence" in out
    with sqlite3.connect(tmp_path / "other.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM directory_administrativeunit").fetchone()[0] == 204
        assert db.execute("SELECT status FROM ntm_portal_backuprun").fetchone()[0] == "succeeded"
    assert (tmp_path / "media2" / "criteria" / "evidence" / "7" / "bien-ban.pdf").read_bytes() == \
        (evidence / "bien-ban.pdf").read_bytes()


@commits
def test_backups_go_to_an_s3_bucket_and_come_back_from_it(places, settings, monkeypatch):
    """Media in one S3-compatible bucket, backups in another (moto stands in for the object store)."""
    import boto3
    from moto import mock_aws

    for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in ("ntm-media", "ntm-sao-luu"):
            s3.create_bucket(Bucket=bucket)
        settings.BACKUP_BUCKET_NAME = "ntm-sao-luu"
        settings.STORAGES = {**settings.STORAGES,
                             "default": {"BACKEND": "storages.backends.s3.S3Storage",
                                         "OPTIONS": {"bucket_name": "ntm-media"}},
                             "backups": {"BACKEND": "storages.backends.s3.S3Storage",
                                         "OPTIONS": {"bucket_name": "ntm-sao-luu", "location": "di-linh",
                                                     "file_overwrite": False}}}
        content = b"\xff\xd8\xff\xe0" + b"anh hien truong" * 500
        default_storage.save("bao-cao/2026/11/anh.jpg", ContentFile(content))

        run = backup_create()
        assert run.destination == "s3://ntm-sao-luu/di-linh"
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="ntm-sao-luu")["Contents"])
        dump = archive.DB_DUMP[connection.vendor]
        assert keys == sorted(f"di-linh/{run.name}/{n}" for n in (dump, "manifest.json", "media.tar"))
        assert run.manifest["media"]["folders"] == {"bao-cao/2026": {"files": 1, "bytes": len(content)}}

        work = places / "fetched"
        work.mkdir()
        _, manifest = services._fetch(run.name, work)
        for name, entry in manifest["files"].items():
            assert archive.sha256_file(work / name) == entry["sha256"]
        other = FileSystemStorage(location=places / "restored-media")
        archive.media_restore(other, work / "media.tar")
        with other.open("bao-cao/2026/11/anh.jpg", "rb") as f:
            assert f.read() == content

        services._remove_set(run.name)  # what retention does
        assert s3.list_objects_v2(Bucket="ntm-sao-luu").get("KeyCount") == 0


@commits
def test_the_first_upgrade_backs_up_before_the_table_of_runs_exists(places, monkeypatch):
    """Upgrading an install from before backups: `migrate` is about to create ntm_portal_backuprun."""
    tables = [t for t in archive.table_names() if t != "ntm_portal_backuprun"]
    monkeypatch.setattr(archive, "table_names", lambda: tables)
    monkeypatch.setattr(services, "migrations_pending", lambda: True)
    run = services.backup_before_migrate()
    assert run.pk is None and run.status == BackupRun.Status.SUCCEEDED and run.name.endswith("-0")
    manifest = json.loads((places / "backups" / run.name / "manifest.json").read_text())
    assert manifest["run_id"] is None
    assert run.database_bytes == manifest["files"][manifest["database"]["file"]]["bytes"] > 0
    assert not BackupRun.objects.exists()


def test_the_nightly_task_has_time_limits_and_records_a_soft_time_limit_as_a_failure(db, places, coordinator,
                                                                                  monkeypatch, settings):
    from celery.exceptions import SoftTimeLimitExceeded

    from ntm_portal.tasks import backup_run

    assert backup_run.time_limit == settings.BACKUP_TIME_LIMIT
    assert 0 < backup_run.soft_time_limit < backup_run.time_limit and backup_run.acks_late

    def too_long(path, *, timeout=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(archive, "database_dump", too_long)
    assert backup_run() == "failed"
    run = BackupRun.objects.get()
    assert run.status == BackupRun.Status.FAILED and run.error.startswith("SoftTimeLimitExceeded")
    assert len(mail.outbox) == 1
