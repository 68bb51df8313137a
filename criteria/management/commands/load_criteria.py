import datetime

from django.core.management.base import BaseCommand, CommandError

from criteria.loaders import load_criteria_set, load_shipped_sets
from criteria.models import SetLevel, SetTier
from directory.models import AdministrativeUnit, UnitLevel
from ntm_portal.tabular import TableError


class Command(BaseCommand):
    help = ("Nạp bộ tiêu chí nông thôn mới từ tệp CSV hoặc XLSX. Không ghi tệp: nạp các bộ có sẵn "  # loader default
            "(QĐ 318 cấp xã, QĐ 320 cấp huyện, QĐ 51 cấp xã 2026-2030). Chạy lại không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Tệp: criterion, criterion_name, group, indicator, "
                                                    "indicator_name, unit, certainty[, kind, comparator]")
        parser.add_argument("--set-code", help="Mã bộ tiêu chí, ví dụ QD318-XA-NC")
        parser.add_argument("--name", help="Tên bộ tiêu chí")
        parser.add_argument("--level", choices=SetLevel.values, help="Cấp: commune, village, district")
        parser.add_argument("--tier", choices=SetTier.values, default=SetTier.STANDARD)
        parser.add_argument("--set-version", type=int, default=1)
        parser.add_argument("--legal-basis", default="")
        parser.add_argument("--valid-from", default=None, help="yyyy-mm-dd")
        parser.add_argument("--valid-to", default=None, help="yyyy-mm-dd")
        parser.add_argument("--owner-code", default=None,
                            help="Mã tỉnh khi bộ tiêu chí do tỉnh ban hành (để trống: bộ quốc gia).")

    def handle(self, *args, **options):
        try:
            if not options["file"]:
                reports = load_shipped_sets()
            else:
                missing = [f"--{k.replace('_', '-')}" for k in ("set_code", "name", "level") if not options[k]]
                if missing:
                    raise CommandError("Khi nạp một tệp cần ghi: " + ", ".join(missing))
                owner = None
                if options["owner_code"]:
                    owner = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code=options["owner_code"],
                                                              valid_to__isnull=True).first()
                    if owner is None:
                        raise CommandError(f"Không có tỉnh mã {options['owner_code']} đang có hiệu lực.")
                reports = [load_criteria_set(
                    path=options["file"], code=options["set_code"], name=options["name"], level=options["level"],
                    tier=options["tier"], version=options["set_version"], legal_basis=options["legal_basis"],
                    valid_from=_date(options["valid_from"]), valid_to=_date(options["valid_to"]), owner=owner,
                )]
        except TableError as exc:
            raise CommandError("Không nạp gì cả, tệp có lỗi:\n" + "\n".join(f"  - {e}" for e in exc.errors)) from None
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp: {exc.filename}") from None
        for report in reports:
            self.stdout.write(self.style.SUCCESS(str(report)))


def _date(text):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày «{text}» không hợp lệ (yyyy-mm-dd).") from None
