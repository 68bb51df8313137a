from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from ntm_portal.backup import archive
from ntm_portal.backup.services import (
    BackupFailed,
    backup_before_migrate,
    backup_create,
    backup_storage,
    destination_label,
)
from ntm_portal.models import BackupRun


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump; SQLite: sao lưu trực tuyến) và các tệp đính kèm "
            "sang nơi lưu BACKUP_DIR / BACKUP_BUCKET_NAME, rồi xóa bản cũ theo thời hạn lưu giữ.")

    def add_arguments(self, parser):
        parser.add_argument("--before-migrate", action="store_true",
                            help="Chỉ sao lưu khi có migration chưa chạy (docker/entrypoint.sh gọi trước migrate).")
        parser.add_argument("--list", action="store_true", help="Liệt kê các bản sao lưu, không sao lưu.")

    def handle(self, *args, **options):
        if options["list"]:
            return self.list()
        for warning in archive.same_disk_warnings(None if getattr(backup_storage(), "bucket_name", None)
                                                  else backup_storage().location):
            self.stderr.write(self.style.WARNING(f"Cảnh báo: {warning}"))
        try:
            run = backup_before_migrate() if options["before_migrate"] else backup_create()
        except BackupFailed as exc:
            raise CommandError(f"Sao lưu không thành công: {exc}") from exc
        if run is None:
            self.stdout.write("Không cần sao lưu: không có migration nào chờ chạy, hoặc cơ sở dữ liệu còn trống.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu {run.name} vào {destination_label()}: cơ sở dữ liệu {filesizeformat(run.database_bytes)}, "
            f"{run.media_files} tệp ({filesizeformat(run.media_bytes)})"
            f"{', đã mã hóa' if run.encrypted else ''}, "
            f"{(run.finished_at - run.started_at).total_seconds():.1f} giây."))

    def list(self):
        self.stdout.write(f"Nơi lưu: {destination_label()}")
        for run in BackupRun.objects.order_by("-started_at")[:60]:
            state = "đã xóa theo thời hạn" if run.pruned_at else run.get_status_display()
            self.stdout.write(f"{timezone.localtime(run.started_at):%d/%m/%Y %H:%M}  {run.name or '-':<32} "
                              f"{state:<24} {filesizeformat(run.total_bytes):>10}  {run.get_trigger_display()}")
