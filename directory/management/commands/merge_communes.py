
from django.core.management.base import BaseCommand, CommandError

from directory.loaders import DATA_DIR
from directory.models import AdministrativeUnit, UnitLevel
from directory.reorganisation import merger_apply, parse_date, read_merger_file
from ntm_portal.tabular import TableError

DI_LINH_2025 = DATA_DIR / "di_linh_area_communes_2025.csv"


class Command(BaseCommand):
    help = ("Sáp nhập xã theo tệp (new_code, new_name, predecessors, predecessor_codes, valid_from): các xã cũ "  # names the district level
            "hết hiệu lực từ ngày trước ngày sáp nhập, thôn, tổ dân phố chuyển sang xã mới cùng lịch sử. "
            "Không ghi tệp: áp dụng NQ 1671/NQ-UBTVQH15 cho dữ liệu minh họa (19 xã, thị trấn của huyện "
            "Di Linh cũ thành 7 xã trực thuộc tỉnh Lâm Đồng từ 01/07/2025). Chạy lại không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DI_LINH_2025))
        parser.add_argument("--parent-code", default="68", help="Mã tỉnh (hoặc huyện) mà các xã mới trực thuộc.")  # names the district level
        parser.add_argument("--on", default=None, help="Ngày sáp nhập (yyyy-mm-dd); mặc định theo cột valid_from.")
        parser.add_argument("--note", default="", help="Căn cứ (số nghị quyết, quyết định).")
        parser.add_argument("--keep-parents", action="store_true",
                            help="Không đóng huyện cũ khi không còn xã nào trực thuộc.")  # names the district level
        parser.add_argument("--district-roles-to-province", action="store_true",
                            help="Người điều phối, lãnh đạo, kiểm tra của huyện đã đóng nhận cùng vai trò ở tỉnh "  # names the district level
                                 "(để xem cấu trúc mới trong dữ liệu minh họa).")

    def handle(self, *args, **options):
        try:
            plans, file_date = read_merger_file(options["file"])
            on = parse_date(options["on"]) if options["on"] else file_date
            if on is None:
                raise CommandError("Tệp không ghi ngày sáp nhập (cột valid_from): hãy ghi --on yyyy-mm-dd.")
            parent = (AdministrativeUnit.objects.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT],
                                                        code=options["parent_code"])
                      .current(on).order_by("level").first())
            if parent is None:
                raise CommandError(f"Không có tỉnh, huyện mã {options['parent_code']} còn hiệu lực ngày "  # names the district level
                                   f"{on:%d/%m/%Y}.")
            note = options["note"] or ("NQ 1671/NQ-UBTVQH15 ngày 16/06/2025"
                                       if options["file"] == str(DI_LINH_2025) else "")
            report = merger_apply(plans=plans, parent=parent, on=on, actor=None, note=note,
                                  close_empty_parents=not options["keep_parents"],
                                  district_roles_to_parent=options["district_roles_to_province"])
        except TableError as exc:
            raise CommandError("Không sáp nhập gì cả, có lỗi:\n" + "\n".join(f"  - {e}" for e in exc.errors)) from None
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp: {exc.filename}") from None
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {exc}") from None
        self.stdout.write(self.style.SUCCESS(str(report)))
        for line in report.villages_renamed:
            self.stdout.write(f"  {line}")


