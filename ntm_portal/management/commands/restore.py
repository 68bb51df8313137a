import datetime

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from ntm_portal.backup.archive import ArchiveError
from ntm_portal.backup.selectors import restore_check
from ntm_portal.backup.services import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu vào cơ sở dữ liệu TRỐNG và kho tệp TRỐNG, chạy migrate, rồi in số dòng "
            "từng bảng, số tệp từng thư mục và báo cáo ngày ra quân mới nhất để đối chiếu.")

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?",
                            help="Tên bản sao lưu trong nơi lưu (ví dụ ntm-20261130-013000-42) "
                                 "hoặc đường dẫn thư mục bản sao lưu đã chép về máy này.")
        parser.add_argument("--identity", default="",
                            help="Tệp khóa bí mật age, khi bản sao lưu được mã hóa.")
        parser.add_argument("--check-only", action="store_true",
                            help="Không khôi phục: chỉ in số liệu kiểm tra của cơ sở dữ liệu và kho tệp hiện tại.")
        parser.add_argument("--no-migrate", action="store_true", help="Không chạy migrate sau khi khôi phục.")

    def handle(self, *args, **options):
        manifest = restored = None
        if not options["check_only"]:
            if not options["source"]:
                raise CommandError("Cần tên hoặc thư mục bản sao lưu (xem: python manage.py backup --list).")
            started = timezone.now()
            try:
                result = backup_restore(source=options["source"], identity=options["identity"],
                                        migrate=not options["no_migrate"], stdout=self.stdout)
            except (RestoreRefused, ArchiveError) as exc:
                raise CommandError(str(exc)) from exc
            manifest, restored = result.manifest, result.tables
            created = timezone.localtime(datetime.datetime.fromisoformat(manifest["created_at"]))
            self.stdout.write(self.style.SUCCESS(
                f"Đã khôi phục {manifest['name']} (sao lưu lúc {created:%H:%M %d/%m/%Y}) trong "
                f"{(timezone.now() - started).total_seconds():.1f} giây."))
        check = restore_check(manifest=manifest, restored=restored)
        self.report(check, with_expected=manifest is not None)
        if not check.ok:
            raise CommandError("Số liệu sau khôi phục KHÁC bản kê của bản sao lưu (xem các dòng KHÁC ở trên).")

    def report(self, check, *, with_expected: bool):
        out = self.stdout.write
        out("\nSố dòng từng bảng" + (" (bản sao lưu → sau khôi phục)" if with_expected else "") + ":")
        for row in check.tables:
            mark = "" if not with_expected else ("  OK" if row.ok and row.expected is not None else
                                                 "  mới" if row.expected is None else "  KHÁC")
            expected = f"{row.expected:>10} → " if with_expected and row.expected is not None else ""
            migrated = f"  (sau migrate: {row.after_migrate})" if row.after_migrate is not None else ""
            out(f"  {row.name:<48} {expected}{row.now:>10}{mark}{migrated}")
        out(f"\nTệp đính kèm theo thư mục ({filesizeformat(check.media_bytes)}):")
        for row in check.media:
            expected = f"{row.expected:>8} → " if with_expected and row.expected is not None else ""
            mark = "" if not with_expected else ("  OK" if row.ok else "  KHÁC")
            out(f"  {row.name:<48} {expected}{row.now:>8}{mark}")
        report = check.newest_report
        if report is None:
            out("\nBáo cáo ngày ra quân mới nhất: chưa có báo cáo nào đã nộp.")
        else:
            submitted = timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y") if report.submitted_at else "-"
            out(f"\nBáo cáo ngày ra quân mới nhất: {report.commune.full_name}, ngày {report.action_day.date:%d/%m/%Y}, "
                f"{report.get_status_display()}, nộp lúc {submitted}.")
        out(self.style.SUCCESS("Khớp với bản kê của bản sao lưu.") if with_expected and check.ok else "")
