"""Reads of the backups: what the coordinator's page shows, and the check printed after a restore."""

from __future__ import annotations

import dataclasses

from ntm_portal.models import BackupRun

from . import archive


@dataclasses.dataclass
class BackupOverview:
    last_success: BackupRun | None
    # A failure or a missed night after the last success: what the office must look at.
    problem: BackupRun | None


def backup_overview() -> BackupOverview:
    """Two queries: the last successful backup, and the newest failed / missed run after it."""
    last = BackupRun.objects.filter(status=BackupRun.Status.SUCCEEDED).order_by("-started_at", "-pk").first()
    problems = BackupRun.objects.filter(status__in=[BackupRun.Status.FAILED, BackupRun.Status.MISSED])
    if last is not None:
        problems = problems.filter(started_at__gt=last.started_at)
    return BackupOverview(last_success=last, problem=problems.order_by("-started_at", "-pk").first())


@dataclasses.dataclass
class CheckRow:
    name: str
    expected: int | None  # from the backup's manifest; None when there is no manifest or the table is new
    now: int  # as restored (before migrate) when that is known, else as it is now
    after_migrate: int | None = None  # as it is now, when migrate changed it

    @property
    def ok(self) -> bool:
        return self.expected is None or self.expected == self.now


@dataclasses.dataclass
class RestoreCheck:
    tables: list[CheckRow]
    media: list[CheckRow]  # files per folder
    media_bytes: int
    newest_report: object | None  # campaigns.DayReport

    @property
    def ok(self) -> bool:
        return all(row.ok for row in [*self.tables, *self.media])


def restore_check(*, manifest: dict | None = None, restored: dict[str, int] | None = None) -> RestoreCheck:
    """Counts of this database and media storage, beside those the backup's manifest recorded.

    `restored`: the counts right after the restore, before `migrate` — those must equal the manifest;
    a newer version's migrations may then add tables or rows, shown apart."""
    from campaigns.models import DayReport

    from .services import media_storage

    expected_tables = (manifest or {}).get("database", {}).get("tables", {})
    expected_media = (manifest or {}).get("media", {}).get("folders", {})
    counts = archive.table_counts()
    base = restored if restored is not None else counts
    tables = [CheckRow(name, expected_tables.get(name), base.get(name, 0),
                       counts.get(name, 0) if counts.get(name, 0) != base.get(name, 0) else None)
              for name in sorted(set(counts) | set(base) | set(expected_tables))]
    folders = archive.media_stats(media_storage())
    media = [CheckRow(name, expected_media.get(name, {}).get("files") if manifest else None,
                      folders.get(name, {}).get("files", 0))
             for name in sorted(set(folders) | set(expected_media))]
    newest = (DayReport.objects.exclude(status=DayReport.Status.DRAFT)
              .select_related("commune", "action_day").order_by("-action_day__date", "-submitted_at").first())
    return RestoreCheck(tables=tables, media=media, media_bytes=sum(f["bytes"] for f in folders.values()),
                        newest_report=newest)
