"""Writes of the backups: make a set, record it, keep it by the retention rule, restore it, raise alarms.

A set is a folder `name/` in the backup storage (STORAGES["backups"]: a folder on another disk or an
S3-compatible bucket) holding `database.dump` (or `database.sqlite3`), `media.tar`, each with
`.age` when encrypted, and `manifest.json` (row count of every table, files per media folder, the
SHA-256 and size of each file). Every run is a BackupRun row; every outcome an audit entry.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record
from ntm_portal.models import BackupRun
from ntm_portal.notices import coordinators_email

from . import archive

log = logging.getLogger(__name__)
FORMAT = 1


class BackupFailed(Exception):
    pass


class RestoreRefused(Exception):
    pass


def backup_storage():
    return storages["backups"]


def media_storage():
    return storages["default"]


def destination_label() -> str:
    if settings.BACKUP_BUCKET_NAME:
        return f"s3://{settings.BACKUP_BUCKET_NAME}/{backup_storage().location or ''}".rstrip("/")
    return str(settings.BACKUP_DIR)


def _stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.BACKUP_TIME_LIMIT + 5 * 60)


# --- making a backup -----------------------------------------------------------------------------

def _start(*, trigger: str, slot: str) -> BackupRun | None:
    try:
        with transaction.atomic():
            run = BackupRun.objects.create(trigger=trigger, slot=slot, engine=archive.engine(),
                                           destination=destination_label(),
                                           encrypted=bool(settings.BACKUP_AGE_RECIPIENTS))
    except IntegrityError:
        return None  # tonight's scheduled backup is done or running already
    run.name = f"ntm-{timezone.localtime(run.started_at):%Y%m%d-%H%M%S}-{run.pk}"
    BackupRun.objects.filter(pk=run.pk).update(name=run.name)
    return run


def _write_set(run: BackupRun, workdir: Path) -> dict:
    """Dump, archive, encrypt, upload. Returns the manifest. The database goes first: a file uploaded
    after the dump is only an extra file in the tar; the reverse order could lose a photo."""
    kind = run.engine
    db_path = workdir / archive.DB_DUMP[kind]
    tables = archive.database_dump(db_path, timeout=settings.BACKUP_TIME_LIMIT)
    media_path = workdir / archive.MEDIA_TAR
    folders = archive.media_archive(media_storage(), media_path)
    paths = [db_path, media_path]
    if settings.BACKUP_AGE_RECIPIENTS:
        paths = [archive.age_encrypt(p, settings.BACKUP_AGE_RECIPIENTS) for p in paths]
    files = {p.name: {"bytes": p.stat().st_size, "sha256": archive.sha256_file(p)} for p in paths}
    applied = {}
    for app, name in MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name"):
        applied[app] = name
    manifest = {
        "format": FORMAT, "name": run.name, "run_id": run.pk, "created_at": run.started_at.isoformat(),
        "engine": kind, "server_version": archive.server_version(), "encrypted": run.encrypted,
        "portal": settings.PORTAL_NAME, "database": {"file": paths[0].name, "tables": tables},
        "media": {"file": paths[1].name, "folders": folders,
                  "files": sum(f["files"] for f in folders.values()),
                  "bytes": sum(f["bytes"] for f in folders.values())},
        "migrations": applied, "files": files,
    }
    storage = backup_storage()
    for path in paths:
        with open(path, "rb") as f:
            storage.save(f"{run.name}/{path.name}", File(f, name=path.name))
    storage.save(f"{run.name}/{archive.MANIFEST}",
                 ContentFile(json.dumps(manifest, ensure_ascii=False, indent=1).encode()))
    return manifest


def _remove_set(name: str) -> None:
    storage = backup_storage()
    for path in list(archive.storage_names(storage, name)):
        storage.delete(path)
    if isinstance(storage, FileSystemStorage) and Path(storage.path(name)).is_dir():  # remove the empty folder
        storage.delete(name)


def backup_create(*, trigger: str = BackupRun.Trigger.COMMAND, slot: str = "") -> BackupRun | None:
    """Make one backup set and record it; None if the scheduled backup of this slot exists already.

    Raises BackupFailed after recording the failure (and e-mailing the coordinators once).
    """
    backup_check_stale()
    run = _start(trigger=trigger, slot=slot)
    if run is None:
        return None
    try:
        with tempfile.TemporaryDirectory(prefix="ntm-backup-", dir=settings.BACKUP_TMP_DIR) as tmp:
            manifest = _write_set(run, Path(tmp))
    except Exception as exc:  # SoftTimeLimitExceeded included: record it, then report it
        try:
            _remove_set(run.name)
        except Exception:  # the storage itself may be what failed
            log.exception("could not remove the partial backup %s", run.name)
        backup_fail(run_id=run.pk, error=f"{type(exc).__name__}: {exc}")
        raise BackupFailed(str(exc)) from exc
    files = manifest["files"]
    with transaction.atomic():
        BackupRun.objects.filter(pk=run.pk, status=BackupRun.Status.RUNNING).update(
            status=BackupRun.Status.SUCCEEDED, finished_at=timezone.now(),
            database_bytes=files[manifest["database"]["file"]]["bytes"],
            media_bytes=files[manifest["media"]["file"]]["bytes"], media_files=manifest["media"]["files"],
            manifest={k: v for k, v in manifest.items() if k != "migrations"})
        run.refresh_from_db()
        audit_record(actor=None, action="backup.create", target=run,
                     after={"trigger": trigger, "bytes": run.total_bytes, "media_files": run.media_files,
                            "destination": run.destination, "encrypted": run.encrypted})
    backup_prune()
    return run


def backup_scheduled(*, now: datetime.datetime | None = None) -> BackupRun | None:
    """The nightly job: one backup per local day, whatever the number of reruns."""
    day = timezone.localtime(now or timezone.now()).date()
    return backup_create(trigger=BackupRun.Trigger.SCHEDULE, slot=day.isoformat())


def migrations_pending() -> bool:
    from django.db import connection

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def backup_before_migrate() -> BackupRun | None:
    """docker/entrypoint.sh, before `migrate`: a backup when there is something to migrate and to keep."""
    if archive.database_is_empty() or not migrations_pending():
        return None
    if BackupRun._meta.db_table not in archive.table_names():
        return _backup_unrecorded()
    return backup_create(trigger=BackupRun.Trigger.BEFORE_MIGRATE)


def _backup_unrecorded() -> BackupRun:
    """The first upgrade to a version with backups: the table of runs comes with the very migration
    about to run, so this one set is written but not recorded (an unsaved BackupRun describes it)."""
    run = BackupRun(trigger=BackupRun.Trigger.BEFORE_MIGRATE, engine=archive.engine(),
                    destination=destination_label(), encrypted=bool(settings.BACKUP_AGE_RECIPIENTS))
    run.name = f"ntm-{timezone.localtime(run.started_at):%Y%m%d-%H%M%S}-0"
    try:
        with tempfile.TemporaryDirectory(prefix="ntm-backup-", dir=settings.BACKUP_TMP_DIR) as tmp:
            manifest = _write_set(run, Path(tmp))
    except Exception as exc:
        raise BackupFailed(str(exc)) from exc
    files = manifest["files"]
    run.status, run.finished_at = BackupRun.Status.SUCCEEDED, timezone.now()
    run.database_bytes = files[manifest["database"]["file"]]["bytes"]
    run.media_bytes, run.media_files = files[manifest["media"]["file"]]["bytes"], manifest["media"]["files"]
    return run


# --- failures and alarms -------------------------------------------------------------------------

def _alert(*, run: BackupRun, subject: str, template: str, error: str = "") -> None:
    """Tell the coordinators of every district, once per run (conditional update of alerted_at)."""
    if BackupRun.objects.filter(pk=run.pk, alerted_at__isnull=True).update(alerted_at=timezone.now()) != 1:
        return
    last = backup_last_success()
    body = render_to_string(template, {"run": run, "error": error, "last": last,
                                       "portal_name": settings.PORTAL_NAME,
                                       "max_age": settings.BACKUP_MAX_AGE_HOURS})
    coordinators_email(subject=subject, body=body)


def backup_fail(*, run_id: int, error: str) -> bool:
    """Mark a running backup failed and tell the coordinators (once). False if it was not running."""
    with transaction.atomic():
        updated = BackupRun.objects.filter(pk=run_id, status=BackupRun.Status.RUNNING).update(
            status=BackupRun.Status.FAILED, finished_at=timezone.now(), error=error[:4000])
        if updated != 1:
            return False
        run = BackupRun.objects.get(pk=run_id)
        audit_record(actor=None, action="backup.fail", target=run, note=error[:500])
    _alert(run=run, subject=_("[NTM] Sao lưu dữ liệu không thành công lúc %(at)s") % {
        "at": timezone.localtime(run.started_at).strftime("%H:%M %d/%m/%Y")},
        template="emails/backup_failed.txt", error=error)
    return True


def backup_check_stale(*, now: datetime.datetime | None = None) -> int:
    """Runs still RUNNING past the time limit were killed (worker gone, hard limit): they failed."""
    now = now or timezone.now()
    stale = BackupRun.objects.filter(status=BackupRun.Status.RUNNING, started_at__lt=now - _stale_after())
    return sum(backup_fail(run_id=pk, error=_("Tiến trình sao lưu bị dừng giữa chừng (quá thời gian "
                                              "cho phép hoặc máy chủ khởi động lại)."))
               for pk in stale.values_list("pk", flat=True))


def backup_last_success() -> BackupRun | None:
    return BackupRun.objects.filter(status=BackupRun.Status.SUCCEEDED).order_by("-started_at", "-pk").first()


def backup_check(*, now: datetime.datetime | None = None) -> str:
    """Hourly: a backup missing for longer than BACKUP_MAX_AGE_HOURS e-mails the coordinators, once
    per last success (and not at all when the failure that caused it was already e-mailed)."""
    now = now or timezone.now()
    backup_check_stale(now=now)
    limit = now - datetime.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
    last = backup_last_success()
    if last is not None and last.started_at >= limit:
        return "ok"
    if last is None:
        installed = MigrationRecorder.Migration.objects.order_by("applied").values_list("applied", flat=True).first()
        if installed is None or installed >= limit:
            return "ok"  # a new install: the first nightly backup has not been due yet
    since = last.started_at if last else datetime.datetime.min.replace(tzinfo=datetime.UTC)
    if BackupRun.objects.filter(started_at__gte=since, alerted_at__isnull=False).exists():
        return "already told"
    if BackupRun.objects.filter(status=BackupRun.Status.RUNNING).exists():
        return "running"
    try:
        with transaction.atomic():
            run = BackupRun.objects.create(trigger=BackupRun.Trigger.CHECK, status=BackupRun.Status.MISSED,
                                           slot=f"after-{last.pk if last else 0}", engine=archive.engine(),
                                           destination=destination_label(), finished_at=now,
                                           error=_("Không có bản sao lưu thành công trong %(h)s giờ qua.") % {
                                               "h": settings.BACKUP_MAX_AGE_HOURS})
            audit_record(actor=None, action="backup.missed", target=run, note=run.error)
    except IntegrityError:
        return "already told"
    _alert(run=run, subject=_("[NTM] Quá hạn sao lưu dữ liệu: chưa có bản sao lưu mới"),
           template="emails/backup_missing.txt", error=run.error)
    return "alerted"


# --- retention -----------------------------------------------------------------------------------

def retention_keep(moments: list[tuple[int, datetime.datetime]], *, daily: int, weekly: int,
                   monthly: int, within: datetime.timedelta = datetime.timedelta(0),
                   now: datetime.datetime | None = None) -> set[int]:
    """Ids to keep: every backup younger than `within`, and the newest of each of the last `daily` days,
    `weekly` ISO weeks and `monthly` months that have a backup (the grandfather-father-son rule of
    restic's --keep-within/--keep-daily/--keep-weekly/--keep-monthly)."""
    now = now or timezone.now()
    ordered = sorted(moments, key=lambda m: m[1], reverse=True)
    keep = {ordered[0][0]} if ordered else set()
    keep |= {pk for pk, moment in ordered if moment > now - within}
    rules = [
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ]
    for count, bucket in rules:
        seen = []
        for pk, moment in ordered:
            key = bucket(timezone.localtime(moment))
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(pk)
    return keep


def backup_prune() -> list[str]:
    """Remove the sets the retention rule no longer keeps; their rows stay, marked pruned."""
    live_runs = BackupRun.objects.filter(status=BackupRun.Status.SUCCEEDED, pruned_at__isnull=True)
    live = list(live_runs.values_list("pk", "started_at", "name"))
    keep = retention_keep([(pk, at) for pk, at, _n in live], daily=settings.BACKUP_KEEP_DAILY,
                          weekly=settings.BACKUP_KEEP_WEEKLY, monthly=settings.BACKUP_KEEP_MONTHLY,
                          within=datetime.timedelta(hours=settings.BACKUP_KEEP_WITHIN_HOURS))
    # The last backups taken before a migration stay too: a migration's damage may be seen days later.
    keep |= set(live_runs.filter(trigger=BackupRun.Trigger.BEFORE_MIGRATE).order_by("-started_at")
                .values_list("pk", flat=True)[:settings.BACKUP_KEEP_BEFORE_MIGRATE])
    removed = []
    for pk, _at, name in live:
        if pk in keep:
            continue
        _remove_set(name)
        if BackupRun.objects.filter(pk=pk, pruned_at__isnull=True).update(pruned_at=timezone.now()) == 1:
            audit_record(actor=None, action="backup.prune", target=BackupRun.objects.get(pk=pk))
            removed.append(name)
    return removed


# --- restore -------------------------------------------------------------------------------------

@dataclasses.dataclass
class RestoreResult:
    manifest: dict
    media: dict
    tables: dict[str, int]  # row counts as restored, before `migrate` (what the manifest is compared with)


def _fetch(source: str, workdir: Path) -> tuple[Path, dict]:
    """The set's files in `workdir`: from a folder on this machine, or by name from the backup storage."""
    folder = Path(source)
    if folder.is_dir():
        manifest = json.loads((folder / archive.MANIFEST).read_text())
        for name in manifest["files"]:
            (workdir / name).symlink_to((folder / name).resolve())
        return workdir, manifest
    storage = backup_storage()
    name = source.strip("/")
    if not storage.exists(f"{name}/{archive.MANIFEST}"):
        raise RestoreRefused(_("Không tìm thấy bản sao lưu “%(name)s” tại %(where)s.") % {
            "name": name, "where": destination_label()})
    with storage.open(f"{name}/{archive.MANIFEST}", "rb") as f:
        manifest = json.loads(f.read())
    for file_name in manifest["files"]:
        with storage.open(f"{name}/{file_name}", "rb") as src, open(workdir / file_name, "wb") as dst:
            for chunk in iter(lambda: src.read(archive.CHUNK), b""):
                dst.write(chunk)
    return workdir, manifest


def backup_restore(*, source: str, identity: str = "", migrate: bool = True, stdout=None) -> RestoreResult:
    """Restore a set onto an EMPTY database and an EMPTY media storage, then migrate.

    Refuses anything else: a restore never mixes with data already there.
    """
    if not archive.database_is_empty():
        raise RestoreRefused(_("Cơ sở dữ liệu đích chưa trống: hãy tạo một cơ sở dữ liệu mới, trống rồi khôi phục."))
    if next(archive.storage_names(media_storage()), None) is not None:
        raise RestoreRefused(_("Kho tệp đính kèm đích chưa trống: hãy khôi phục vào một thư mục hoặc bucket trống."))
    with tempfile.TemporaryDirectory(prefix="ntm-restore-", dir=settings.BACKUP_TMP_DIR) as tmp:
        workdir, manifest = _fetch(source, Path(tmp))
        for name, expected in manifest["files"].items():
            if archive.sha256_file(workdir / name) != expected["sha256"]:
                raise RestoreRefused(_("Tệp %(name)s của bản sao lưu bị hỏng (mã SHA-256 không khớp).") % {
                    "name": name})
        db_path, media_path = workdir / manifest["database"]["file"], workdir / manifest["media"]["file"]
        if manifest.get("encrypted"):
            db_path, media_path = (archive.age_decrypt(p, identity) for p in (db_path, media_path))
        archive.database_restore(db_path, kind=manifest["engine"], timeout=settings.BACKUP_TIME_LIMIT)
        media = archive.media_restore(media_storage(), media_path)
    # The dump was taken while its own run was still RUNNING: the whole set being here proves it finished.
    files = manifest["files"]
    BackupRun.objects.filter(pk=manifest.get("run_id"), status=BackupRun.Status.RUNNING).update(
        status=BackupRun.Status.SUCCEEDED, finished_at=timezone.now(),
        database_bytes=files[manifest["database"]["file"]]["bytes"],
        media_bytes=files[manifest["media"]["file"]]["bytes"], media_files=manifest["media"]["files"])
    tables = archive.table_counts()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0, stdout=stdout)
    return RestoreResult(manifest=manifest, media=media, tables=tables)
